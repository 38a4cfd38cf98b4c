/**
 * Runs inside a fresh `node` (bundled by bench.ts, never through tsx, whose loader would be timed
 * too). Loads one Lambda bundle, sends it signed `/redshift <text>` API Gateway v2 events (`help`
 * unless told otherwise) and prints one `BENCH_RESULT {json}` line. Times are from process start
 * (performance.timeOrigin).
 *
 * Input (environment): BENCH_BUNDLE path of the bundle, BENCH_MODE cold|warm, BENCH_COUNT warm events,
 * BENCH_RESPONSE_URL a response_url from the Slack stand-in, BENCH_TEXT the command text (default
 * `help`); the handler's own variables as on Lambda.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { toApiGatewayV2Event, type ApiGatewayV2Event } from '../../src/sandbox/slack/api-gateway';
import { slashCommand } from '../../src/sandbox/slack/payloads';
import { SANDBOX_USERS } from '../../src/sandbox/slack/seed';
import { signSlackRequest } from '../../src/sandbox/slack/signing';

interface LambdaResponse {
  statusCode: number;
  body: string;
}

export interface ProbeResult {
  mode: 'cold' | 'warm';
  /** Node start to the first line of this script. */
  bootMs: number;
  /** Loading the bundle (import() or require()): parsing and module evaluation, the bulk of a cold start. */
  requireMs: number;
  /** The first event, from building it to the handler's response. */
  firstEventMs: number;
  /** Process start to the first response: what a cold invocation costs before Slack sees an ack. */
  totalMs: number;
  /** Warm mode: each later event's handler time. */
  samplesMs: number[];
  statusCodes: Record<string, number>;
  firstBody: string;
  /** Peak resident set, bytes (resourceUsage reports KiB). */
  maxRssBytes: number;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} must be set`);
  return value;
}

function commandEvent(text: string, signingSecret: string, responseUrl: string): ApiGatewayV2Event {
  const payload = slashCommand({ text, userId: SANDBOX_USERS.analyst, responseUrl });
  const headers = signSlackRequest(signingSecret, payload.body, Date.now() / 1000);
  return toApiGatewayV2Event(payload, { ...headers });
}

type Handler = (event: ApiGatewayV2Event, context: object) => Promise<LambdaResponse>;

/** As Lambda's Node runtime loads a handler: an ES module (.mjs) by import(), CommonJS by require(). */
async function load(bundle: string): Promise<{ slack: Handler }> {
  if (bundle.endsWith('.mjs')) return (await import(pathToFileURL(bundle).href)) as { slack: Handler };
  return require(bundle) as { slack: Handler };
}

async function main(): Promise<void> {
  const bootMs = performance.now();
  const bundle = required('BENCH_BUNDLE');
  const mode = required('BENCH_MODE') === 'warm' ? 'warm' : 'cold';
  const count = Number(process.env.BENCH_COUNT ?? '0');
  const secret = required('SLACK_SIGNING_SECRET');
  const responseUrl = required('BENCH_RESPONSE_URL');
  const text = process.env.BENCH_TEXT ?? 'help';

  // A runtime path on purpose: the bundle under test is loaded, not bundled into the probe.
  const loaded = await load(bundle);
  const loadedAt = performance.now();
  const statusCodes: Record<string, number> = {};
  const tally = (code: number): void => {
    statusCodes[code] = (statusCodes[code] ?? 0) + 1;
  };

  const first = await loaded.slack(commandEvent(text, secret, responseUrl), {});
  const firstAt = performance.now();
  tally(first.statusCode);

  const samplesMs: number[] = [];
  for (let i = 0; mode === 'warm' && i < count; i += 1) {
    const event = commandEvent(text, secret, responseUrl);
    const start = performance.now();
    const response = await loaded.slack(event, {});
    samplesMs.push(performance.now() - start);
    tally(response.statusCode);
  }

  const result: ProbeResult = {
    mode,
    bootMs,
    requireMs: loadedAt - bootMs,
    firstEventMs: firstAt - loadedAt,
    totalMs: firstAt,
    samplesMs,
    statusCodes,
    firstBody: first.body.slice(0, 160),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

main().then(
  // Bolt may keep sockets alive; the measurement is done, so leave now.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
