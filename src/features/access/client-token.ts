import { createHash } from 'node:crypto';

/** The Data API keeps ClientToken short; the sandbox allows 64 characters. Ours stay well under. */
const MAX_TOKEN = 48;

/**
 * The Data API ClientToken of an access statement that changes something (GRANT, REVOKE, ending a
 * session): the grant, the step and its attempt, so a re-run of the same step after a crash gets
 * the statement AWS already has instead of running it again (catalog: data_api_client_token).
 * A new attempt after a failure gets a new token: a reused token returns the earlier statement,
 * failed or not. Reads (checks, session lists) carry none: they must see the warehouse as it is now.
 */
export function clientTokenFor(grantId: string, step: string, attempt: number | string): string {
  const token = `${grantId}-${step}-${attempt}`;
  if (token.length <= MAX_TOKEN && /^[A-Za-z0-9._-]+$/.test(token)) return token;
  // Something long or odd in the attempt (a request id): a digest keeps the token short and plain.
  return `${grantId}-${step}-${createHash('sha256').update(String(attempt)).digest('hex').slice(0, 16)}`;
}
