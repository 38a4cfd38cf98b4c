/**
 * How often DescribeStatement is asked while a statement runs: quickly at first (most bot
 * statements finish in milliseconds), then backing off so a long VACUUM costs few calls.
 */
export interface PollPolicy {
  initialMs: number;
  factor: number;
  maxMs: number;
}

export const defaultPollPolicy: PollPolicy = { initialMs: 50, factor: 2, maxMs: 2_000 };

/** The wait before poll number `attempt + 1` (attempt 0 is the wait after the first poll). */
export function pollDelay(attempt: number, policy: PollPolicy = defaultPollPolicy): number {
  const delay = policy.initialMs * policy.factor ** Math.max(0, attempt);
  return Math.min(policy.maxMs, Number.isFinite(delay) ? delay : policy.maxMs);
}

/** The first `count` waits, for tests and for reasoning about cost. */
export function pollSchedule(count: number, policy: PollPolicy = defaultPollPolicy): number[] {
  return Array.from({ length: count }, (_, attempt) => pollDelay(attempt, policy));
}

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
