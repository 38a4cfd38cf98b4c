/**
 * The burst: 50 different signed slash commands sent at once over HTTP to a `/slack/events` URL,
 * each ack timed from send to HTTP response. measureBurst takes any URL and signing secret, so the
 * same measurement runs against the server runtime and the local Lambda stack (burst-section.ts).
 */
import { performance } from 'node:perf_hooks';
import { SlackRequester, slashCommand } from '../../src/sandbox/slack';
import { burstCommands, type BurstCommand } from './burst-commands';
import { ms, percentile, verdict } from './stats';

/** Slack gives up on an ack after 3 seconds. */
export const SLACK_ACK_MS = 3_000;

export interface BurstTarget {
  /** The bot's `POST /slack/events` endpoint. */
  url: string;
  signingSecret: string;
  /** A response_url for each command, from the Slack stand-in the bot answers through. */
  responseUrl(command: BurstCommand): string;
  /** Default: burstCommands(), the 50. */
  commands?: readonly BurstCommand[];
}

export interface BurstSample {
  command: BurstCommand;
  /** HTTP status, or 0 when no response came (the error is in `ack`). */
  status: number;
  /** Send to the end of the HTTP response. */
  ms: number;
  /** The ack's text (or the failure), shortened. */
  ack: string;
  /** The body was a runtime's error (`{"errorMessage": …}`), whatever the status said. */
  errorDocument: boolean;
}

export interface BurstResult {
  samples: BurstSample[];
  /** The first send to the last response. */
  wallMs: number;
}

function ackText(json: unknown, text: string): string {
  if (typeof json === 'object' && json !== null && 'text' in json && typeof json.text === 'string') return json.text;
  return text;
}

function isErrorDocument(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'errorMessage' in json;
}

/** Sends every command at once (each signed as Slack would) and times each ack. */
export async function measureBurst(target: BurstTarget): Promise<BurstResult> {
  const requester = new SlackRequester({ url: target.url, signingSecret: target.signingSecret });
  const commands = target.commands ?? burstCommands();
  // Built before the clock starts, so the burst leaves as close to at once as one process can.
  const sends = commands.map((command) => ({
    command,
    payload: slashCommand({ text: command.text, userId: command.userId, responseUrl: target.responseUrl(command) }),
  }));
  const started = performance.now();
  const samples = await Promise.all(
    sends.map(async ({ command, payload }): Promise<BurstSample> => {
      const sent = performance.now();
      try {
        const response = await requester.send(payload);
        return {
          command,
          status: response.status,
          ms: performance.now() - sent,
          ack: ackText(response.json, response.text).slice(0, 160),
          errorDocument: isErrorDocument(response.json),
        };
      } catch (error) {
        return {
          command,
          status: 0,
          ms: performance.now() - sent,
          ack: error instanceof Error ? error.message : String(error),
          errorDocument: false,
        };
      }
    }),
  );
  return { samples, wallMs: performance.now() - started };
}

/**
 * An ack that is not the command's answer: no 200, a runtime's error document (a Lambda timeout or
 * crash, `errorMessage`), or the router's `:x:` could not be started.
 */
function failed(sample: BurstSample): boolean {
  return sample.status !== 200 || sample.errorDocument || sample.ack.startsWith(':x:');
}

/** Prints one target's figures beside the budget: every ack within Slack's 3 s. */
export function printBurst(label: string, result: BurstResult): void {
  const times = result.samples.map((sample) => sample.ms);
  const within = times.filter((t) => t <= SLACK_ACK_MS).length;
  const statuses = new Map<number, number>();
  for (const sample of result.samples) statuses.set(sample.status, (statuses.get(sample.status) ?? 0) + 1);
  const total = result.samples.length;
  console.log(
    `${label}: ${total} commands at once; ack p50 ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}, max ${ms(Math.max(...times))}; ` +
      `all in ${ms(result.wallMs)}`,
  );
  console.log(
    `${label}: acked within ${SLACK_ACK_MS / 1000} s: ${within}/${total} (budget all ${total}: ${verdict(within === total)}); ` +
      `status ${[...statuses].map(([status, n]) => `${status}×${n}`).join(' ')}`,
  );
  const slowest = [...result.samples].sort((a, b) => b.ms - a.ms).slice(0, 3);
  console.log(`${label}: slowest ${slowest.map((sample) => `\`${sample.command.text}\` ${ms(sample.ms)}`).join(', ')}`);
  const bad = result.samples.filter(failed);
  console.log(`${label}: failed acks (not 200, a runtime's error document, or \`:x:\` could not be started): ${bad.length}/${total}`);
  for (const sample of bad.slice(0, 5)) console.log(`  ${sample.status} \`${sample.command.text}\`: ${sample.ack}`);
  // One real answer, so the figures are seen to time the command's ack, not an error page.
  const asked = result.samples.find((sample) => sample.command.text.startsWith('access request') && !failed(sample));
  if (asked) console.log(`${label}: e.g. \`${asked.command.text}\` was answered ${JSON.stringify(asked.ack)}`);
}

/** A bot to burst, started for the section and stopped after it. */
export interface RunningBurstTarget {
  label: string;
  target: BurstTarget;
  /** After the burst: what became of the work the acks started, one line (or nothing to say). */
  afterwards?(): Promise<string | undefined>;
  stop(): Promise<void>;
}
