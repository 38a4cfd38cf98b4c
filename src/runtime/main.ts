import { join, resolve } from 'node:path';
import { parseEnv } from '../config/env';
import { ConfigError } from '../config/errors';
import { loadConfig } from '../config/load';
import { startSandbox } from './sandbox';
import { startServer } from './server';

const ROOT = join(__dirname, '..', '..');

function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/** `npm start`: the server runtime with Slack credentials; without them, the offline sandbox. */
async function main(): Promise<number> {
  const env = parseEnv(process.env);
  if (!env.slack) return sandbox(env.port);
  const config = await loadConfig(env.configPath);
  const server = await startServer({ env, config });
  const where = env.slack.appToken ? 'Socket Mode' : `${server.url ?? `port ${env.port}`}/slack/events`;
  process.stdout.write(`redshift-chatops: listening (${where}); store ${env.store.kind}; ${config.schedules.length} schedules\n`);
  await untilStopped();
  await server.stop();
  return 0;
}

async function sandbox(port: number): Promise<number> {
  // chatops.example.yml is written for the sandbox's ids; CHATOPS_CONFIG picks another file on purpose.
  const configPath = process.env.CHATOPS_CONFIG?.trim() || join(ROOT, 'chatops.example.yml');
  const config = await loadConfig(configPath);
  // Beside the default store (.chatops/state.db), relative to where `npm start` runs.
  const running = await startSandbox({ config, port, stateDir: resolve('.chatops', 'sandbox') });
  process.stdout.write(
    [
      '',
      `redshift-chatops sandbox: open ${running.consoleUrl}`,
      '  No Slack and no AWS: everything below runs in this process, on this machine.',
      `  Slack:    a stand-in Web API (${running.slackUrl}) with Alice (analyst), Bob and Carol (approvers), Dana (admin)`,
      '            and #redshift-approvals, #redshift-alerts, #redshift-audit, #general',
      `  AWS:      an emulator (${running.awsEndpoint}): cluster analytics-prod and Serverless workgroup lake,`,
      '            database dev on PGlite with users alice, bob, carol, schemas raw_data, analytics, adhoc, pii',
      `  Bot:      the real server runtime, config ${configPath}, state in .chatops/sandbox/ (fresh at every start)`,
      '  Clock:    real time; the console moves it ahead and runs the schedules that became due',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await untilStopped();
  await running.stop();
  process.stdout.write('redshift-chatops sandbox: stopped\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.problems.join('\n')}\n`);
    else process.stderr.write(`redshift-chatops failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
