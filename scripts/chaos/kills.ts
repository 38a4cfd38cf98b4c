import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseChatopsConfig } from '../../src/config/chatops';
import { lazyAws } from '../../src/runtime/aws';
import { statement } from '../../src/redshift/sql';
import { startAwsEmulator } from '../../src/sandbox/aws/server';
import { blockActions, slashCommand, SlackRequester, startSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack';
import { FAULTS_YAML } from './faults';
import { APPROVALS, BOT_TOKEN, ROOT, SIGNING_SECRET } from './harness';
import { emptyTally, type Tally } from './tally';

const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';

/**
 * The approval flow's instances of the crash points named per phase or job type
 * (`crashPoint(\`before-sql:${phase}\`)`): the ones an approved access request passes.
 */
const APPROVAL_INSTANCES: Readonly<Record<string, readonly string[]>> = {
  'before-sql': ['grant', 'verify'],
  'after-sql': ['grant', 'verify'],
  'before-job-record': ['access.grant'],
};

/** The crash points the code marks (`crashPoint('name')`, or per phase), found in the source so new ones are tried too. */
export function crashPointsInSource(dir = join(ROOT, 'src')): string[] {
  const found = new Set<string>();
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) {
        const text = readFileSync(full, 'utf8');
        for (const match of text.matchAll(/crashPoint\('([a-z0-9:.-]+)'\)/g)) found.add(match[1]);
        for (const match of text.matchAll(/crashPoint\(`([a-z0-9-]+):\$\{/g)) {
          for (const instance of APPROVAL_INSTANCES[match[1]] ?? []) found.add(`${match[1]}:${instance}`);
        }
      }
    }
  };
  walk(dir);
  return [...found].sort();
}

interface Child {
  process: ChildProcessWithoutNullStreams;
  exited: Promise<number | null>;
  output: () => string;
}

/** `npm start` with Slack credentials, as a child process, on the emulator and the stand-in of this process. */
function startChild(env: Record<string, string>): Promise<Child> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'src', 'runtime', 'main.ts')], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start: ${output}`)), 30_000);
    child.stdout.on('data', () => {
      if (/listening/.test(output)) {
        clearTimeout(timer);
        resolve({ process: child, exited, output: () => output });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the bot exited at start: ${output}`));
    });
  });
}

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/**
 * Kills at chosen points: the real server as a child process with CHATOPS_CRASH_AT=<point>, an access
 * request approved, the process SIGKILLed there, then started again on the same store. Lost: a click
 * that was acknowledged but whose grant never came, a grant held but never announced, or a grant
 * announced but not held.
 */
export async function killsArea(small: boolean): Promise<Tally> {
  const tally = emptyTally('kills');
  const points = crashPointsInSource();
  if (points.length === 0) return { ...tally, skipped: 'no crash points (CHATOPS_CRASH_AT has nothing to stop at)' };
  const chosen = small ? points.filter((p) => p === 'after-decision-write').slice(0, 1) : points;
  for (const point of chosen.length > 0 ? chosen : points.slice(0, 1)) await onePoint(tally, point);
  return tally;
}

async function onePoint(tally: Tally, point: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-chaos-kill-'));
  const aws = await startAwsEmulator();
  await aws.ready;
  const slack: SlackStandIn = await startSlackStandIn();
  const config = parseChatopsConfig(FAULTS_YAML);
  const ports = lazyAws(config, {
    endpoint: aws.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'chaos', secretAccessKey: 'chaos' },
    maxAttempts: 1,
  });
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const configPath = join(dir, 'chatops.yml');
  writeFileSync(configPath, FAULTS_YAML);
  const env = {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    CHATOPS_CONFIG: configPath,
    CHATOPS_STORE: `sqlite:${join(dir, 'state.db')}`,
    PORT: port,
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'chaos',
    AWS_SECRET_ACCESS_KEY: 'chaos',
  };
  const requester = new SlackRequester({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET });
  const holds = async () =>
    (
      await ports.sql.execute(
        config.targets.prod,
        statement('SELECT 1 AS held FROM svv_user_grants WHERE user_name = :u AND role_name = :r', { u: 'alice', r: 'pii_users' }),
      )
    ).rows.length > 0;
  const announced = () => slack.calls.some((c) => c.body.channel === APPROVALS && /Granted `pii_users`/.test(JSON.stringify(c.body)));
  let child: Child | undefined;
  try {
    tally.tried += 1;
    child = await startChild({ ...env, CHATOPS_CRASH_AT: point });
    await requester.send(
      slashCommand({ text: 'access request pii_users 1h ticket 1', userId: ALICE, responseUrl: slack.newResponseUrl({ userId: ALICE }) }),
    );
    const posted = await slack.waitFor('chat.postMessage', (c) => c.body.channel === APPROVALS, 10_000).catch(() => undefined);
    const message = posted && slack.messages.get(APPROVALS, String(posted.response.ts));
    if (!message) {
      tally.findings.push(`${point}: the request was never posted for approval (${child.output().slice(-200)})`);
      return;
    }
    const click = await requester
      .send(blockActions({ userId: BOB, actionId: 'approval_approve', message: { ...message, channel: APPROVALS }, channelId: APPROVALS }))
      .catch(() => ({ status: 0 }));
    const killed = await Promise.race([
      child.exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
    ]);
    if (!killed) {
      tally.notes.push(`${point}: not reached by an approval (the process kept running)`);
      if (!(await until(async () => (await holds()) && announced(), 10_000)))
        tally.findings.push(`${point}: not reached, yet the approval did not grant and announce`);
      return;
    }
    const acked = click.status === 200;
    child = await startChild(env);
    // On start the bot resumes what was half done, and a job the dead process was running once its
    // 10 s lease runs out: wait that long and a little more for the approval to be carried through.
    const settled = await until(async () => (await holds()) && announced(), 25_000);
    const held = await holds();
    const told = announced();
    if (acked && !held) {
      tally.lost += 1;
      tally.findings.push(`${point}: the approving click was acknowledged, but after the restart nothing was granted`);
    } else if (held !== told) {
      tally.lost += 1;
      const said = slack.calls
        .filter((c) => c.body.channel === APPROVALS)
        .map((c) => `${c.method}: ${String(c.body.text ?? '').slice(0, 80)}`);
      tally.findings.push(
        `${point}: ${held ? 'granted but never announced' : 'announced but not granted'} after the restart; the approvals channel got ${said.join(' | ')}; the restarted bot said: ${child.output().slice(-600)}`,
      );
    } else if (!acked) {
      tally.refused += 1;
    }
    tally.notes.push(
      `${point}: click ${acked ? 'acknowledged' : 'not acknowledged'}; after restart ${held ? 'granted' : 'not granted'}, ${told ? 'announced' : 'not announced'}${settled ? '' : ' (as it stood 25 s after the restart)'}`,
    );
  } catch (error) {
    tally.findings.push(`${point}: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
  } finally {
    if (child && child.process.exitCode === null && child.process.signalCode === null) {
      child.process.kill('SIGTERM');
      await child.exited;
    }
    await slack.close();
    await aws.close();
    if (!process.env.CHAOS_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}
