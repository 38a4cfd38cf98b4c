import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { BOT_TOKEN, SIGNING_SECRET } from './bot';

const ROOT = join(__dirname, '..', '..');

export interface DoctorProcessSetup {
  /** chatops.yml and state.db live here. */
  dir: string;
  slackApiUrl: string;
  awsEndpoint: string;
  /** More environment, such as CHATOPS_WORKER_FUNCTION. */
  env?: Record<string, string>;
  /** How long the process may run (default 60 s). */
  timeoutMs?: number;
}

export interface ProcessOutcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A runtime script (`npm run doctor`: doctor.ts; `npm run test:live`: live.ts) as its own process, with
 * the environment the bot reads pointed at the stand-ins; asynchronous, since the stand-ins answer
 * from the test's process.
 */
export function runRuntimeProcess(
  script: 'doctor.ts' | 'live.ts',
  setup: DoctorProcessSetup,
  args: readonly string[] = [],
): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'src', 'runtime', script), ...args],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: setup.timeoutMs ?? 60_000,
        env: {
          PATH: process.env.PATH,
          CHATOPS_CONFIG: join(setup.dir, 'chatops.yml'),
          CHATOPS_STORE: `sqlite:${join(setup.dir, 'state.db')}`,
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: setup.slackApiUrl,
          AWS_ENDPOINT_URL: setup.awsEndpoint,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_MAX_ATTEMPTS: '1',
          ...setup.env,
        },
      },
      (_error, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }),
    );
  });
}

/** `npm run doctor` as its own process. */
export function runDoctorProcess(setup: DoctorProcessSetup): Promise<ProcessOutcome> {
  return runRuntimeProcess('doctor.ts', setup);
}
