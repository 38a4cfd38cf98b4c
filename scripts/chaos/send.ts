import { signSlackRequest } from '../../src/sandbox/slack';

/** How long Slack waits for an answer, plus a little for the network. */
export const SLACK_WAIT_MS = 3_500;

export interface RawResponse {
  status: number;
  text: string;
  /** How long the answer took, ms. */
  ms: number;
}

/** POSTs exactly these bytes and headers, so a request can be wrong in any way a test wants. */
export async function sendRaw(url: string, body: string | Buffer, headers: Record<string, string>): Promise<RawResponse> {
  const started = Date.now();
  try {
    // Slack waits 3 s for an answer; one that has not come by then never counts, so the run does not wait longer.
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(SLACK_WAIT_MS) });
    return { status: response.status, text: await response.text(), ms: Date.now() - started };
  } catch (error) {
    // A refused connection or one closed before the answer: nothing was acknowledged.
    return { status: 0, text: error instanceof Error ? error.message : String(error), ms: Date.now() - started };
  }
}

/** Headers of a correctly signed request, signed at `timestampSeconds`. */
export function signedHeaders(secret: string, body: string, timestampSeconds: number, contentType: string): Record<string, string> {
  return { 'Content-Type': contentType, ...signSlackRequest(secret, body, timestampSeconds) };
}
