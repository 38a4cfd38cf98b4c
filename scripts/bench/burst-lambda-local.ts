/**
 * The burst's second bot: `npm run lambda:local`'s stack (scripts/lambda-local/stack.ts), its
 * functions served by serverless-offline with dynalite as the table, pointed at the AWS emulator (in
 * its own process) and the bench's Slack stand-in. Built in a copy of the service, so the bench
 * never rebuilds the repository's .build/lambda under someone running it.
 */
import { appendFileSync, copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { startLambdaLocal } from '../lambda-local/stack';
import type { BenchContext } from '../bench';
import { repoRoot } from '../bundle';
import { measureBurst, printBurst, type RunningBurstTarget } from './burst';
import type { BurstCommand } from './burst-commands';
import { startEmulatorProcess } from './emulator-process';

/** The stack's own lines, kept to explain a failure; the bench prints only its figures. */
const KEPT_LINES = 40;

export async function startLambdaLocalTarget(context: BenchContext): Promise<RunningBurstTarget> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chatops-bench-lambda-'));
  const stops: Array<() => Promise<void>> = [async () => rmSync(dir, { recursive: true, force: true })];
  const stop = async (): Promise<void> => {
    for (const step of stops.reverse()) await step();
  };
  const log = new StackLog();
  try {
    copyFileSync(path.join(repoRoot, 'serverless.yml'), path.join(dir, 'serverless.yml'));
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    // In its own process: the worker's jobs keep it busy while the acks are timed.
    const aws = await startEmulatorProcess();
    stops.push(aws.stop);
    const signingSecret = 'bench-lambda-signing-secret';
    const stack = await startLambdaLocal({
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_BOT_TOKEN: 'xoxb-bench-token',
        SLACK_API_URL: context.standIn.apiUrl,
        CHATOPS_CONFIG: path.join(repoRoot, 'chatops.example.yml'),
        AWS_ENDPOINT_URL: aws.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
      },
      port: 0,
      tickSeconds: 0,
      serviceDir: dir,
      output: (line) => log.add(line),
    });
    stops.push(() => stack.stop());
    const target = {
      url: stack.url,
      signingSecret,
      responseUrl: (command: BurstCommand) => context.standIn.newResponseUrl({ userId: command.userId }),
    };
    // Lambda runs one request per instance: 50 at once on a fresh stack start up to 50 instances
    // (and the worker's), which here share this machine's cores, not a machine each as on Lambda.
    // That first burst is printed; the section then measures the 50 again on the same stack once
    // the work they started is done, its instances warm.
    const first = log.since(context);
    printBurst('local Lambda stack, fresh (cold instances)', await measureBurst(target));
    console.log(`local Lambda stack, fresh (cold instances): ${first()}`);
    console.log(
      `local Lambda stack, fresh (cold instances): each instance loads the bundle in its own worker thread, all on this machine's ${cpus().length} cores; ` +
        "on Lambda each has its own, so this figure is the machine's, and the cold path of one instance is the `cold-path` section's",
    );
    await quiet(context);
    const again = log.since(context);
    return { label: 'local Lambda stack, again (warm instances)', target, afterwards: async () => again(), stop };
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log.recent()}`);
  }
}

/** What the stack printed: the last lines (to explain a failure) and counts of what the figures depend on. */
class StackLog {
  private readonly last: string[] = [];
  private refused = 0;
  private timeouts = 0;

  /** BENCH_STACK_LOG=FILE: every line the stack prints, timestamped, to look into its figures. */
  constructor(private readonly file = process.env.BENCH_STACK_LOG) {}

  add(line: string): void {
    if (this.file) appendFileSync(this.file, `${new Date().toISOString()} ${line}\n`);
    this.last.push(line);
    if (this.last.length > KEPT_LINES) this.last.shift();
    // A failed auth.test refuses its one event (src/slack/bot-authorize.ts asks again on the next).
    // serverless-offline 13 keeps a timed-out instance in its pool with its worker thread ended: every
    // later request it is given times out too (its issue #1896), hence the stage's longer timeout.
    if (/Authorization of incoming event did not succeed\. No listeners will be called/.test(line)) this.refused += 1;
    if (/\[504\] - Lambda timeout/.test(line)) this.timeouts += 1;
  }

  recent(): string {
    return this.last.join('\n');
  }

  /** From now on: instances started (each `slack` instance calls auth.test on its first event), refusals, timeouts. */
  since(context: BenchContext): () => string {
    const [calls, refused, timeouts] = [context.standIn.calls.length, this.refused, this.timeouts];
    return () => {
      const started = context.standIn.calls.slice(calls).filter((call) => call.method === 'auth.test').length;
      return (
        `${started} slack instances started (auth.test calls); ${this.refused - refused} events refused by Bolt for a failed auth.test; ` +
        `${this.timeouts - timeouts} Lambda timeouts`
      );
    };
  }
}

const QUIET_MS = 3_000;
const QUIET_LIMIT_MS = 60_000;

/** Waits until the work the burst started is done: no Slack call for QUIET_MS (at most QUIET_LIMIT_MS). */
async function quiet(context: BenchContext): Promise<void> {
  const until = Date.now() + QUIET_LIMIT_MS;
  let seen = -1;
  while (Date.now() < until && context.standIn.calls.length !== seen) {
    seen = context.standIn.calls.length;
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  }
}
