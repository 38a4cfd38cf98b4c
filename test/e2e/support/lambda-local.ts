import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../scripts/lambda-local/ports';
import { loadConfig } from '../../../src/config/load';
import { startAwsEmulator, type AwsEmulator } from '../../../src/sandbox/aws/server';
import { defaultSlackSeed, SlackRequester, startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack';
import { crowd } from '../../support/approval-bot';
import { sweepSchedulesYaml } from '../../support/config';
import { roleHolder, type RoleHolder } from '../../support/role-holder';
import { twoTargetsYaml } from '../../support/warehouse-bot';

const root = join(__dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const SIGNING_SECRET = 'lambda-local-signing-secret';
const READY = 'Lambda stack (stage local) ready:';

/** alice may ask for pii_users on prod; any two of the 20-strong crowd approve; expiry and the jobs tick every second. */
const yaml = `${twoTargetsYaml}identity:
  map:
    U0ANALYST: alice
access:
  roles:
    pii_users:
      targets: [prod]
      approvers: { users: [${crowd.map((person) => person.id).join(', ')}] }
      approvalsRequired: 2
      maxDuration: 8h
      reasonRequired: false
${sweepSchedulesYaml('* * * * * *')}`;

/** `npm run lambda:local` as a child process, pointed at the AWS emulator and the Slack stand-in in this process. */
export interface LambdaLocalWorld {
  aws: AwsEmulator;
  slack: SlackStandIn;
  requester: SlackRequester;
  /** Everything the command printed so far. */
  output(): string;
  holds: RoleHolder;
  /** SIGTERM, as Ctrl-C would; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startLambdaLocalWorld(): Promise<LambdaLocalWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-lambda-local-'));
  // Its own copy of the service, so the bundle it builds is not the one a parallel test builds in the repository.
  copyFileSync(join(root, 'serverless.yml'), join(dir, 'serverless.yml'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const configPath = join(dir, 'chatops.yml');
  writeFileSync(configPath, yaml);
  const config = await loadConfig(configPath);
  const aws = await startAwsEmulator();
  await aws.ready;
  const slack = await startSlackStandIn({ users: [...defaultSlackSeed.users, ...crowd], usergroups: defaultSlackSeed.usergroups });
  const port = await freePort();
  const child = spawn(tsx, [join(root, 'scripts', 'lambda-local.ts'), '--tick-seconds', '1'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-lambda-local',
      SLACK_API_URL: slack.apiUrl,
      CHATOPS_CONFIG: configPath,
      PORT: String(port),
      AWS_ENDPOINT_URL: aws.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= closeAll());
  const closeAll = async () => {
    await slack.close();
    await aws.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => output.includes(READY) && resolve());
      void exited.then((code) => reject(new Error(`lambda:local exited (${code}) before it was ready:\n${output}`)));
      setTimeout(() => reject(new Error(`lambda:local was not ready within 90 s:\n${output}`)), 90_000).unref();
    });
  } catch (error) {
    child.kill('SIGKILL');
    await close();
    throw error;
  }
  return {
    aws,
    slack,
    requester: new SlackRequester({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET }),
    output: () => output,
    holds: roleHolder(config, aws.endpoint),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      await close();
      return code;
    },
  };
}
