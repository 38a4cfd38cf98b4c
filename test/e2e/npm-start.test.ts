import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

function run(env: NodeJS.ProcessEnv, untilOutput?: RegExp, cwd = root, args: string[] = []) {
  const child = spawn(tsx, [join(root, 'src', 'runtime', 'main.ts'), ...args], { cwd, env });
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

  test('without Slack credentials it starts the sandbox, prints one banner with the console URL, stops cleanly on SIGTERM and carries on at the next start', async () => {
    const port = String(20000 + Math.floor(Math.random() * 20000));
    // Run from a temp directory: the sandbox empties .chatops/sandbox/ where it starts.
    const started = run(cleanEnv({ PORT: port }), /Press Ctrl-C/, dir);
    await started.ready;
    const { stdout } = started.output();
    expect(stdout.match(/open (http:\/\/\S+)/g)).toEqual([`open http://127.0.0.1:${port}`]);
    expect(stdout).toContain('No Slack and no AWS');
    expect(stdout).toContain('analytics-prod');
    expect(stdout).toContain('this start fresh: nothing was saved');
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toContain('redshift-chatops');
    const state = (await (await fetch(`http://127.0.0.1:${port}/api/state`)).json()) as { channels: { name: string }[] };
    expect(state.channels.map((channel) => channel.name)).toEqual(['redshift-approvals', 'redshift-alerts', 'redshift-audit', 'general']);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.output().stdout).toContain('sandbox: stopped');
    expect(existsSync(join(dir, '.chatops', 'sandbox', 'saved', 'sandbox.json'))).toBe(true);

    const again = run(cleanEnv({ PORT: port }), /Press Ctrl-C/, dir);
    await again.ready;
    expect(again.output().stdout).toMatch(/this start carries on from the last stop \(\d{4}-\d\d-\d\dT.*\); npm start -- --fresh starts over/);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 240_000);

  test('refuses options it does not know, and --fresh outside the sandbox, changing nothing', async () => {
    const unknown = run(cleanEnv({}), undefined, dir, ['--frsh']);
    expect(await unknown.exited).toBe(1);
    expect(unknown.output().stderr.trim()).toBe('unknown option --frsh: npm start takes only --fresh (the sandbox starts from the seed)');
    const withSlack = run(cleanEnv({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' }), undefined, dir, ['--fresh']);
    expect(await withSlack.exited).toBe(1);
    expect(withSlack.output().stderr).toContain('--fresh is for the sandbox');
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
