/**
 * `npm run lambda:local [-- --tick-seconds N]`: the Lambda deployment on this machine. Builds the bundle,
 * serves serverless.yml's functions through serverless-offline with dynalite as the state table, fires
 * `tick` every N seconds (default 10), and prints what it started. Takes the environment `npm start` takes.
 */
import { startLambdaLocal, type LambdaLocal } from './lambda-local/stack';

const DEFAULT_TICK_SECONDS = 10;

export function tickSecondsFrom(args: readonly string[]): number {
  const at = args.indexOf('--tick-seconds');
  if (at === -1) return DEFAULT_TICK_SECONDS;
  const text = args[at + 1] ?? '';
  const seconds = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= 0))
    throw new Error(`--tick-seconds takes a whole number of seconds (0 for no automatic tick), not ${JSON.stringify(text)}`);
  return seconds;
}

function banner(stack: LambdaLocal, tickSeconds: number, env: NodeJS.ProcessEnv): string {
  const { service, bundle } = stack;
  const table = service.table;
  const names = service.functionNames;
  const ttl = table.ttlAttribute === undefined ? 'no TTL' : `TTL on ${table.ttlAttribute}, swept with each tick`;
  const tick =
    tickSeconds > 0 ? `every ${tickSeconds} s (on AWS: ${service.tickSchedule})` : `not automatic (on AWS: ${service.tickSchedule})`;
  return [
    'Lambda stack (stage local) ready:',
    `  Slack requests  POST ${stack.url}   -> ${names.slack}`,
    `  Lambda Invoke   ${stack.lambdaEndpoint}   ${names.slack}, ${names.worker}, ${names.tick}`,
    `  tick            ${tick}`,
    `  state table     ${table.createTable.TableName} on dynalite (in memory) ${stack.dynamodbEndpoint}; ${ttl}` +
      (table.leftOut.length > 0 ? `; not made locally: ${table.leftOut.join(', ')}` : ''),
    `  bundle          ${bundle.outfile} with ${bundle.configFile ?? 'no config'}, run by Node ${process.version} (on AWS: ${service.runtime})`,
    `  Slack Web API   ${env.SLACK_API_URL?.trim() || 'https://slack.com/api/'}`,
    `  AWS             ${env.AWS_ENDPOINT_URL?.trim() || `AWS itself (region ${env.AWS_REGION?.trim() || 'from the SDK settings'})`}`,
    'Ctrl-C stops it.',
  ].join('\n');
}

async function main(): Promise<void> {
  const tickSeconds = tickSecondsFrom(process.argv.slice(2));
  // The banner names the Node the functions run on; the SDK's own warning about it would repeat that.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // As osls does: serverless.yml is the one in the working directory (`npm run` starts in the repository).
  const stack = await startLambdaLocal({ env: process.env, tickSeconds, serviceDir: process.cwd() });
  process.stdout.write(`${banner(stack, tickSeconds, process.env)}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stack.stop();
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`lambda:local could not start: ${message}\n`);
      process.exit(1);
    },
  );
}
