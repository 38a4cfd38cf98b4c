import { WebClient, type FetchFunction, type WebClientOptions } from '@slack/web-api';
import { slackErrorCode, slackRetryAfter } from './error-fields';

/**
 * How long a fail-fast Web API call may take. Two of them (a usergroup lookup, then views.open)
 * plus the answer itself still fit in Slack's 3 s, on Lambda too, where the HTTP answer leaves
 * only when the listener ends.
 */
export const FAIL_FAST_TIMEOUT_MS = 1_000;

/** What a person reads when Slack rate-limits or does not answer in time. */
export const SLACK_BUSY_TEXT = ':hourglass: Slack is busy right now and did not answer in time; type the command again in a moment.';

/** Slack rate-limited the call or did not answer within FAIL_FAST_TIMEOUT_MS. */
export class SlackBusyError extends Error {
  constructor(
    readonly method: string,
    override readonly cause: unknown,
  ) {
    super(`Slack is busy (${method}: ${describe(cause)}); type the command again in a moment`);
    this.name = 'SlackBusyError';
  }
}

/** How long a response_url POST may take where nobody waits on it (the server's listeners, jobs). */
export const RESPONSE_URL_TIMEOUT_MS = 10_000;

/** No retries, a 429 rejected at once instead of waiting out Retry-After, a short timeout. */
export const FAIL_FAST_OPTIONS = {
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
  timeout: FAIL_FAST_TIMEOUT_MS,
} as const satisfies WebClientOptions;

/**
 * `fetch` that gives up after `ms`: Bolt's respond() posts to the response_url with it, and fetch
 * alone never times out. A caller's own signal (the Web API client's timeout) still applies.
 */
export function fetchWithin(ms: number): FetchFunction {
  return (url, init) => {
    const deadline = AbortSignal.timeout(ms);
    return fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
  };
}

const clients = new WeakMap<WebClient, WebClient>();

/**
 * A Web API client for calls made while someone waits for an answer: no retries, a 429 rejected at
 * once instead of waiting out Retry-After (which would also pause every other call of the shared
 * client), and a short timeout. Built once per app client, on first use, so a cold start pays nothing.
 */
export function failFastClient(base: WebClient): WebClient {
  let client = clients.get(base);
  if (!client) {
    client = new WebClient(base.token, { slackApiUrl: base.slackApiUrl, ...FAIL_FAST_OPTIONS });
    clients.set(base, client);
  }
  return client;
}

/** True when the error means "Slack was busy", as opposed to Slack refusing the call (ok: false). */
export function isSlackBusy(error: unknown): boolean {
  if (error instanceof SlackBusyError) return true;
  const code = slackErrorCode(error);
  // Rate limited (429), or the request failed or timed out before any answer.
  return code === 'slack_webapi_rate_limited_error' || code === 'slack_webapi_request_error';
}

/** Runs one fail-fast call and turns "busy" into a SlackBusyError; Slack's own refusals pass through. */
export async function busyAware<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw isSlackBusy(error) ? new SlackBusyError(method, error) : error;
  }
}

function describe(error: unknown): string {
  const code = slackErrorCode(error);
  if (code === 'slack_webapi_rate_limited_error') {
    const seconds = slackRetryAfter(error);
    return seconds !== undefined ? `rate-limited, retry after ${seconds} s` : 'rate-limited';
  }
  if (code === 'slack_webapi_request_error') return 'no answer in time';
  return error instanceof Error ? error.message : String(error);
}
