/**
 * Slack's answer to a method called too often: HTTP 429 with a Retry-After header (seconds) and
 * `{"ok":false,"error":"ratelimited"}`. WebClient waits Retry-After before trying again, so an app
 * that calls the Web API before acknowledging an interaction misses Slack's 3 seconds.
 */
export interface RateLimitRule {
  retryAfterSeconds: number;
  remaining: number;
}

export class RateLimits {
  private readonly rules = new Map<string, RateLimitRule>();

  /** The next `times` calls to `method` ('*' for every method) are answered 429. */
  limit(method: string, retryAfterSeconds: number, times: number): void {
    this.rules.set(method, { retryAfterSeconds, remaining: times });
  }

  /** The Retry-After for this call if it is to be refused; counts the rule down. */
  take(method: string): number | undefined {
    const key = this.rules.has(method) ? method : this.rules.has('*') ? '*' : undefined;
    const rule = key === undefined ? undefined : this.rules.get(key);
    if (key === undefined || rule === undefined) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.delete(key);
    return rule.retryAfterSeconds;
  }

  clear(): void {
    this.rules.clear();
  }
}
