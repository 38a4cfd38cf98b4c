import { randomBytes, randomInt } from 'node:crypto';

/** Ids Slack mints for each request; unique per call so that deduplication in the app is exercised honestly. */
let counter = 0;

function next(): number {
  counter += 1;
  return counter;
}

/** Shaped like Slack's `13345224609.738474920.8088930838d88f008e0`. */
export function newTriggerId(): string {
  return `${next()}.${randomInt(100_000_000, 999_999_999)}.${randomBytes(10).toString('hex')}`;
}

export function newEventId(): string {
  return `Ev${String(next()).padStart(4, '0')}${randomBytes(4).toString('hex').toUpperCase()}`;
}

export function newViewId(): string {
  return `V${randomBytes(5).toString('hex').toUpperCase()}`;
}

/** Slack's `1732528800.123456` form of a time in milliseconds. */
export function slackTs(ms: number): string {
  const micros = Math.floor(ms) * 1000 + (next() % 1000);
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
}
