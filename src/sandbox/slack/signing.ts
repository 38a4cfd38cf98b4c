import { createHmac } from 'node:crypto';

/** The two headers Slack adds to every request it sends an app (a type alias, so it fits Record<string, string>). */
export type SlackSignatureHeaders = {
  'X-Slack-Signature': string;
  'X-Slack-Request-Timestamp': string;
};

/** Signs a raw body as Slack does: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number,
): SlackSignatureHeaders {
  const ts = Math.floor(timestampSeconds);
  const digest = createHmac('sha256', signingSecret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'X-Slack-Signature': `v0=${digest}`, 'X-Slack-Request-Timestamp': String(ts) };
}
