import { createHash } from 'node:crypto';

/**
 * A request's id follows from the idempotency key of whatever opened it, so a Slack retry or a
 * redelivered job finds the request the first attempt stored instead of opening a second one.
 */
export function requestIdFor(idempotencyKey: string): string {
  return 'r-' + createHash('sha256').update(`approval:${idempotencyKey}`).digest('hex').slice(0, 10);
}

/** Button values and modal metadata come back from Slack; only a well-formed id is looked up. */
export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && /^r-[0-9a-f]{10}$/.test(value);
}
