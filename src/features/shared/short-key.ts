import { createHash } from 'node:crypto';

/** A short, stable key from a Slack request key (it travels in a button value). */
export function shortKey(requestKey: string): string {
  return createHash('sha256').update(requestKey).digest('hex').slice(0, 16);
}
