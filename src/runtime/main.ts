import { parseEnv } from '../config/env';
import { ConfigError } from '../config/errors';
import { loadConfig } from '../config/load';
import { startServer } from './server';

/** `npm start`: the server runtime with Slack credentials; without them, what to set. */
async function main(): Promise<number> {
  const env = parseEnv(process.env);
  if (!env.slack) {
    process.stderr.write(
      [
        'redshift-chatops: no Slack credentials, so there is nothing to connect to.',
        'To run against your Slack workspace and AWS account, set:',
        '  SLACK_SIGNING_SECRET   the app\'s signing secret (Basic Information > App Credentials)',
        '  SLACK_BOT_TOKEN        the bot token, xoxb-… (OAuth & Permissions)',
        '  SLACK_APP_TOKEN        optional, xapp-…: use Socket Mode instead of a public URL',
        '  CHATOPS_CONFIG         optional, path to chatops.yml (default ./chatops.yml; start from chatops.example.yml)',
        '  AWS_REGION and AWS credentials, as the AWS SDK reads them',
        'The offline sandbox (no Slack, no AWS) is not part of this version yet.',
        '',
      ].join('\n'),
    );
    return 1;
  }
  const config = await loadConfig(env.configPath);
  const server = await startServer({ env, config });
  const where = env.slack.appToken ? 'Socket Mode' : `${server.url ?? `port ${env.port}`}/slack/events`;
  process.stdout.write(`redshift-chatops: listening (${where}); store ${env.store.kind}; ${config.schedules.length} schedules\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
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
