import type { ChatopsConfig } from '../../config/chatops';

/** When no enabled access.expire schedule can be read (config validation requires one): its default, every minute. */
export const DEFAULT_SWEEP_MS = 60_000;

/**
 * When the next `access.expire` sweep runs: the earliest next occurrence of the enabled schedules.
 * A failed revoke is due at once, so it is retried by that sweep; this is only for the words.
 */
export async function nextSweepAt(config: Pick<ChatopsConfig, 'schedules'>, now: number): Promise<number> {
  // Loaded here: the cron maths has no place in the `slack` function's cold start (revoke.ts is reached from commands).
  const { CronExpressionParser } = await import('cron-parser');
  let next = Number.POSITIVE_INFINITY;
  for (const schedule of config.schedules) {
    if (!schedule.enabled || schedule.task !== 'access.expire') continue;
    try {
      const at = CronExpressionParser.parse(schedule.cron, { currentDate: new Date(now), tz: schedule.timezone })
        .next()
        .getTime();
      next = Math.min(next, at);
    } catch {
      // Validated at load; an unreadable one only loses its say here.
    }
  }
  return Number.isFinite(next) ? next : now + DEFAULT_SWEEP_MS;
}
