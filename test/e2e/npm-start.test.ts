import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSlackStandIn } from '../../src/sandbox/slack';
import { minimalConfigYaml } from '../support/config';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** The environment `npm start` would see, without anything this machine or CI happens to export. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

function run(env: NodeJS.ProcessEnv, untilOutput?: RegExp) {
  const child = spawn(tsx, ['src/runtime/main.ts'], { cwd: root, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    if (!untilOutput) return resolve();
    child.stdout.on('data', () => untilOutput.test(stdout) && resolve());
    void exited.then(() => reject(new Error(`exited early: ${stderr}`)));
  });
  return { child, exited, ready, output: () => ({ stdout, stderr }) };
}

describe('npm start', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chatops-start-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('without Slack credentials it says exactly what to set and exits non-zero', async () => {
    const started = run(cleanEnv({}));
    expect(await started.exited).toBe(1);
    const { stderr } = started.output();
    expect(stderr).toContain('SLACK_SIGNING_SECRET');
    expect(stderr).toContain('SLACK_BOT_TOKEN');
    expect(stderr).toContain('CHATOPS_CONFIG');
  });

  test('an invalid chatops.yml stops it with one line per problem', async () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(file, minimalConfigYaml.replace('C0ALERTS', 'alerts!').replace('analytics-prod', 'Analytics--Prod'));
    const started = run(cleanEnv({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', CHATOPS_CONFIG: file }));
    expect(await started.exited).toBe(1);
    const lines = started.output().stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.some((line) => line.includes('channels.alerts'))).toBe(true);
    expect(lines.some((line) => line.includes('targets.prod.cluster'))).toBe(true);
  });

  test('with credentials it serves /slack/events and /healthz, and stops cleanly on SIGTERM', async () => {
    const slack = await startSlackStandIn();
    const file = join(dir, 'chatops.yml');
    writeFileSync(file, minimalConfigYaml);
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const started = run(
      cleanEnv({
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_API_URL: slack.apiUrl,
        CHATOPS_CONFIG: file,
        CHATOPS_STORE: `sqlite:${join(dir, 'state.db')}`,
        PORT: port,
      }),
      /listening/,
    );
    await started.ready;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const unsigned = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: 'x=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(unsigned.status).toBe(401);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    await slack.close();
  });
});
