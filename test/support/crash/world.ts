import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatopsConfig } from '../../../src/config/chatops';
import { loadConfig } from '../../../src/config/load';
import { AwsRedshiftClients } from '../../../src/redshift/clients';
import { DataApiExecutor } from '../../../src/redshift/data-api';
import { statement } from '../../../src/redshift/sql';
import { startAwsEmulator, type AwsEmulator } from '../../../src/sandbox/aws/server';
import { SlackRequester, startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack';
import { openStore } from '../../../src/runtime/store-factory';
import { systemClock } from '../../../src/clock';
import type { Store } from '../../../src/store/store';
import { twoTargetsYaml } from '../warehouse-bot';
import { accessYaml, sweepSchedulesYaml } from '../config';
import { roleHolder } from '../role-holder';

const root = join(__dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
export const SIGNING_SECRET = 'crash-signing-secret';

/** alice may ask for pii_users on prod; bob approves; the expiry and the tick run on `cron` (every second by default). */
const yamlFor = (endSessionsOnRevoke: boolean, cron: string) =>
  `${twoTargetsYaml}${accessYaml({ pii_users: 'prod' }, 'reasonRequired: false', `endSessionsOnRevoke: ${endSessionsOnRevoke}`)}${sweepSchedulesYaml(cron)}`;

/** One run of the real server (`src/runtime/main.ts`) as a child process. */
export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the exit signal (SIGKILL after a crash point) or code. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  requester: SlackRequester;
  /** Resolves true once the process has died of SIGKILL (tsx reports its child's as exit code 137). */
  killed(): Promise<boolean>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * What survives a crash: the AWS emulator and the Slack stand-in live in the test process, the
 * server's SQLite store in a temp directory. Servers come and go on top of them.
 */
export interface CrashWorld {
  aws: AwsEmulator;
  /** This test's Slack stand-in (a new one after each reset). */
  readonly slack: SlackStandIn;
  config: ChatopsConfig;
  dir: string;
  /** This test's SQLite store (a new one after each reset). */
  readonly storePath: string;
  /**
   * Starts the next test from nothing: a new store and Slack stand-in, alice without the role, and
   * the warehouse's statement log counted from here. The emulator is kept (it takes long to start).
   */
  reset(): Promise<void>;
  /** Statements the warehouse ran since the last reset. */
  statements(): { sql: string; user?: string }[];
  start(crashAt?: string): Promise<ServerProcess>;
  /** Opens the store the servers use (read it between runs, or alongside one: SQLite allows it). */
  store(): Promise<Store>;
  /** Whether `user` holds `role` on prod, as SVV_USER_GRANTS says to a superuser. */
  holds(user: string, role: string): Promise<boolean>;
  close(): Promise<void>;
}

/** `endSessionsOnRevoke`: whether a revoke of pii_users also ends alice's open sessions (default false). */
export async function startCrashWorld(options: { endSessionsOnRevoke?: boolean; scheduleCron?: string } = {}): Promise<CrashWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-crash-'));
  const configPath = join(dir, 'chatops.yml');
  writeFileSync(configPath, yamlFor(options.endSessionsOnRevoke ?? false, options.scheduleCron ?? '* * * * * *'));
  const config = await loadConfig(configPath);
  const aws = await startAwsEmulator();
  await aws.ready;
  let slack = await startSlackStandIn();
  let storePath = join(dir, 'state-0.db');
  let runs = 0;
  let statementsBefore = 0;
  const clients = new AwsRedshiftClients({
    endpoint: aws.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const sql = new DataApiExecutor({ clients });
  const running = new Set<ServerProcess>();
  const stores: Store[] = [];

  const start = async (crashAt?: string): Promise<ServerProcess> => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-crash',
      SLACK_API_URL: slack.apiUrl,
      CHATOPS_CONFIG: configPath,
      CHATOPS_STORE: `sqlite:${storePath}`,
      PORT: String(port),
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      ...(crashAt ? { CHATOPS_CRASH_AT: crashAt } : {}),
    };
    const child = spawn(tsx, [join(root, 'src', 'runtime', 'main.ts')], { cwd: dir, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    await new Promise<void>((resolve, reject) => {
      const check = () => /listening/.test(output) && resolve();
      child.stdout.on('data', check);
      void exited.then(() => reject(new Error(`the server exited before listening:\n${output}`)));
    });
    const server: ServerProcess = {
      child,
      exited,
      requester: new SlackRequester({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET }),
      output: () => output,
      killed: async () => {
        const { code, signal } = await exited;
        return signal === 'SIGKILL' || code === 137;
      },
      async stop() {
        running.delete(server);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
    running.add(server);
    void exited.then(() => running.delete(server));
    return server;
  };

  return {
    aws,
    get slack() {
      return slack;
    },
    config,
    dir,
    get storePath() {
      return storePath;
    },
    async reset() {
      for (const server of [...running]) await server.stop();
      await slack.close();
      slack = await startSlackStandIn();
      runs += 1;
      storePath = join(dir, `state-${runs}.db`);
      await sql
        .execute(config.targets.prod, statement('REVOKE ROLE pii_users FROM alice'), { dbUser: 'chatops_admin' })
        .catch(() => undefined);
      statementsBefore = aws.data.statements.length;
    },
    statements: () => aws.data.statements.slice(statementsBefore),
    start,
    async store() {
      const store = await openStore({ kind: 'sqlite', path: storePath }, systemClock);
      stores.push(store);
      return store;
    },
    holds: roleHolder(config, aws.endpoint),
    async close() {
      for (const server of [...running]) await server.stop();
      for (const store of stores) await store.close();
      await slack.close();
      await aws.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
