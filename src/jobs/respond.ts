import { RESPONSE_URL_TIMEOUT_MS } from '../slack/fail-fast';

/**
 * Answers a slash command or a click through its response_url from a job (the listener has already
 * acked). Slack accepts five uses within 30 minutes.
 */
export interface ResponseMessage {
  text: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
}

export class ResponseUrlError extends Error {}

export async function respondTo(responseUrl: string, message: ResponseMessage): Promise<void> {
  const response = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', ...message }),
    // fetch alone never gives up; a hung POST would hold the job past its lease.
    signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
  });
  if (!response.ok) throw new ResponseUrlError(`Slack refused the response (HTTP ${response.status}): ${await response.text()}`);
}
