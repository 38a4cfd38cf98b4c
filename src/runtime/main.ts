import { join, resolve } from 'node:path';
import { parseEnv } from '../config/env';
import { ConfigError } from '../config/errors';
import { loadConfig } from '../config/load';
import { installCrashPointsFromEnv } from './crash-points';
import { startSandbox } from './sandbox';
import { startServer } from './server';

const ROOT = join(__dirname, '..', '..');

/** A wrong command line: its message is the whole answer. */
class UsageError extends Error {}

/**
 * Resolves on the first SIGINT or SIGTERM. Ctrl-C reaches this process twice (from the terminal and
 * relayed by tsx), so signals in the next two seconds are ignored while it stops; a later one means
 * the person wants out now, and the process exits without waiting.
 */
function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    let first: number | undefined;
    const onSignal = (): void => {
      if (first === undefined) {
        first = Date.now();
        resolve();
      } else if (Date.now() - first > 2_000) {
        process.stderr.write('redshift-chatops: stopped at once, without finishing\n');
        process.exit(130);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** `npm start`: the server runtime with Slack credentials; without them, the offline sandbox. */
async function main(): Promise<number> {
  const env = parseEnv(process.env);
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--fresh');
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown.join(' ')}: npm start takes only --fresh (the sandbox starts from the seed)`);
  const fresh = args.includes('--fresh');
  if (!env.slack) return sandbox(env.port, fresh);
  if (fresh) throw new UsageError('--fresh is for the sandbox: with Slack credentials set, npm start runs the bot and keeps its store');
  const config = await loadConfig(env.configPath);
  installCrashPointsFromEnv(process.env);
  const server = await startServer({ env, config });
  const where = env.slack.appToken ? 'Socket Mode' : `${server.url ?? `port ${env.port}`}/slack/events`;
  process.stdout.write(`redshift-chatops: listening (${where}); store ${env.store.kind}; ${config.schedules.length} schedules\n`);
  await untilStopped();
  await server.stop();
  return 0;
}

async function sandbox(port: number, fresh: boolean): Promise<number> {
  // chatops.example.yml is written for the sandbox's ids; CHATOPS_CONFIG picks another file on purpose.
  const configPath = process.env.CHATOPS_CONFIG?.trim() || join(ROOT, 'chatops.example.yml');
  const config = await loadConfig(configPath);
  // Beside the default store (.chatops/state.db), relative to where `npm start` runs.
  const running = await startSandbox({ config, port, stateDir: resolve('.chatops', 'sandbox'), fresh });
  const began =
    running.start.kind === 'resumed'
      ? `carries on from the last stop (${new Date(running.start.savedAt).toISOString()}); npm start -- --fresh starts over`
      : `fresh: ${running.start.why}`;
  process.stdout.write(
    [
      '',
      `redshift-chatops sandbox: open ${running.consoleUrl}`,
      '  No Slack and no AWS: everything below runs in this process, on this machine.',
      `  Slack:    a stand-in Web API (${running.slackUrl}) with Alice (analyst), Bob and Carol (approvers), Dana (admin)`,
      '            and #redshift-approvals, #redshift-alerts, #redshift-audit, #general',
      `  AWS:      an emulator (${running.awsEndpoint}): cluster analytics-prod and Serverless workgroup lake,`,
      '            database dev on PGlite with users alice, bob, carol, schemas raw_data, analytics, adhoc, pii',
      `  Bot:      the real server runtime, config ${configPath}`,
      `  State:    .chatops/sandbox/, saved when you stop; this start ${began}`,
      `  Clock:    real time${running.clock.skippedMs > 0 ? ` plus ${formatSkipped(running.clock.skippedMs)} skipped` : ''}; the console moves it ahead and runs the schedules that became due`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await untilStopped();
  process.stdout.write('redshift-chatops sandbox: saving and stopping…\n');
  try {
    await running.stop();
  } catch (error) {
    process.stderr.write(
      `redshift-chatops sandbox: stopped, but the state could not be saved (${error instanceof Error ? error.message : String(error)}); the next start carries on from the previous save\n`,
    );
    return 1;
  }
  process.stdout.write('redshift-chatops sandbox: stopped; npm start carries on from here\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.problems.join('\n')}\n`);
    else if (error instanceof UsageError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`redshift-chatops failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

function formatSkipped(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 48 ? `${Math.round(hours / 24)} days` : `${Math.round(hours * 10) / 10} hours`;
}
