import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The Node versions the README promises are the ones package.json allows and Lambda runs. */
describe('supported Node.js versions', () => {
  const readme = read('README.md');
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  const lambda = /^\s*runtime: nodejs(\d+)\.x$/m.exec(read('serverless.yml'))?.[1];

  test("the README's supported version is Lambda's runtime, and package.json allows it", () => {
    expect(lambda).toBeDefined();
    expect(readme).toContain(`Node.js ${lambda} is the supported version: Lambda runs the bot on \`nodejs${lambda}.x\``);
    expect(engines).toContain(`>=${lambda}`);
  });

  test("the older line the README still allows is package.json's lower bound, and it is what this machine runs", () => {
    const older = /Node\.js\s+(\d+)\.(\d+) or a later \1\.x still runs everything/.exec(readme);
    expect(older).not.toBeNull();
    const [, major, minor] = older ?? [];
    expect(engines).toContain(`>=${major}.${minor} <${Number(major) + 1}`);
    const [runningMajor, runningMinor] = process.versions.node.split('.').map(Number);
    expect(runningMajor === Number(major) ? runningMinor >= Number(minor) : runningMajor >= Number(lambda)).toBe(true);
  });
});
