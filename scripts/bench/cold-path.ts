/**
 * The cold path of the first real command: a fresh `node` per run sends one signed
 * `/redshift access request …` to our `slack` bundle, whose ack records the job in DynamoDB
 * (dynalite) and invokes the worker asynchronously (the AWS emulator's Lambda Invoke API), against
 * hello-write.ts, a minimal Bolt handler doing one PutItem and one Event invoke the same way.
 *
 * Each run gets a fresh table, so no earlier run's state (an open request, a job) changes the path.
 * After the runs the tables and the emulator's invocations are counted and printed: a run that
 * silently failed to write or invoke cannot pass for a fast one.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { SANDBOX_USERS } from '../../src/sandbox/slack/seed';
import { startAwsEmulator } from '../../src/sandbox/aws/server';
import { dynamoTableDefinition } from '../../src/store/dynamodb-table';
import { startLocalDynamo, type LocalDynamo } from '../lambda-local/dynalite';
import type { BenchSection, ProbeTarget } from '../bench';
import type { ProbeResult } from './probe';
import { statusSummary } from './probe-run';
import { median, mib, ms, table, verdict } from './stats';

// Odd, and enough that one slow run (the machine is shared) moves neither median.
const RUNS = 9;
const RATIO_BUDGET = 1.2;
/** A role and target chatops.example.yml allows, asked for by a user its identity map knows (U0ANALYST → alice). */
const TEXT = 'access request analytics_users prod 4h bench cold path';
const REQUESTER = SANDBOX_USERS.analyst;
/** The ack our handler gives once the job is recorded and the worker invoked. */
const OUR_ACK = /Asking approvers for .* as `alice`/;

type Handler = Extract<ProbeTarget, 'ours' | 'hello-write'>;
const HANDLERS: readonly Handler[] = ['hello-write', 'ours'];
const WORKERS: Record<Handler, string> = { ours: 'bench-worker', 'hello-write': 'bench-hello-worker' };

interface Run {
  result: ProbeResult;
  /** Items in the run's own table after the run. */
  items: number;
}

async function countItems(dynamo: LocalDynamo, table: string): Promise<number> {
  const client = dynamo.client();
  const { Count } = await client.send(new ScanCommand({ TableName: table, Select: 'COUNT' }));
  return Count ?? 0;
}

function ackText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'text' in parsed && typeof parsed.text === 'string') return parsed.text;
  } catch {
    // Not JSON: shown as it came.
  }
  return body;
}

export const coldPath: BenchSection = {
  name: 'cold-path',
  description:
    `the cold path of the first real command: fresh node per run, N=${RUNS} each, one signed \`/redshift ${TEXT}\` from ${REQUESTER}, ` +
    'DynamoDB write (dynalite) and worker invoke (Lambda Invoke API, Event) included; medians',
  async run(context) {
    await Promise.all([context.bundle('ours'), context.bundle('hello-write'), context.bundle('probe')]);
    const dynamo = await startLocalDynamo();
    const aws = await startAwsEmulator({ seed: false });
    try {
      // The worker itself is not measured: it is invoked asynchronously, after the 202.
      for (const handler of HANDLERS) aws.lambda.register(WORKERS[handler], async () => undefined);
      const runs: Record<Handler, Run[]> = { ours: [], 'hello-write': [] };
      // Alternate so drift in machine load hits both alike.
      for (let i = 0; i < RUNS; i += 1) {
        for (const handler of HANDLERS) {
          const table = `bench-cold-${handler}-${i}`;
          await dynamo.createTable(dynamoTableDefinition(table).createTable);
          const result = await context.probe(handler, 'cold', 0, {
            BENCH_TEXT: TEXT,
            CHATOPS_STORE: `dynamodb:${table}`,
            CHATOPS_WORKER_FUNCTION: WORKERS[handler],
            AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
            AWS_ENDPOINT_URL_LAMBDA: aws.endpoint,
          });
          runs[handler].push({ result, items: await countItems(dynamo, table) });
        }
      }
      await aws.lambda.idle();

      const row = (handler: Handler): string[] => {
        const results = runs[handler].map((run) => run.result);
        return [
          handler,
          ms(median(results.map((r) => r.totalMs))),
          ms(median(results.map((r) => r.requireMs))),
          ms(median(results.map((r) => r.firstEventMs))),
          mib(median(results.map((r) => r.maxRssBytes))),
          statusSummary(results),
        ];
      };
      console.log(table([['handler', 'start→response', 'load', 'first event', 'peak RSS', 'status'], row('hello-write'), row('ours')]));
      const totals = (handler: Handler): string => runs[handler].map((run) => run.result.totalMs.toFixed(0)).join(', ');
      console.log(`runs (start→response): hello-write ${totals('hello-write')} ms; ours ${totals('ours')} ms`);
      const medianOf = (handler: Handler): number => median(runs[handler].map((run) => run.result.totalMs));
      const ratio = medianOf('ours') / medianOf('hello-write');
      console.log(`ours/hello-write: ${ratio.toFixed(2)}x time (budget <= ${RATIO_BUDGET}x: ${verdict(ratio <= RATIO_BUDGET)})`);

      // What really happened, so a failed run cannot look fast.
      const invoked = (handler: Handler): number =>
        aws.lambda.invocations.filter((call) => call.functionName === WORKERS[handler] && call.invocationType === 'Event').length;
      const written = (handler: Handler): string => runs[handler].map((run) => run.items).join(', ');
      const acked = runs.ours.filter((run) => OUR_ACK.test(ackText(run.result.firstBody))).length;
      console.log(`items in each run's table after it: hello-write ${written('hello-write')}; ours ${written('ours')}`);
      console.log(
        `worker invokes (Event) the emulator saw: hello-write ${invoked('hello-write')}/${RUNS}, ours ${invoked('ours')}/${RUNS}`,
      );
      console.log(
        `ours acked as a recorded request: ${acked}/${RUNS}; it answered ${JSON.stringify(ackText(runs.ours[0]?.result.firstBody ?? ''))}`,
      );
      const healthy =
        acked === RUNS && invoked('ours') === RUNS && runs.ours.every((run) => run.items > 0) && invoked('hello-write') === RUNS;
      if (!healthy) console.log('NOT every run wrote, invoked and acked as it should: the times above do not measure the cold path');
    } finally {
      await aws.close();
      await dynamo.stop();
    }
  },
};
