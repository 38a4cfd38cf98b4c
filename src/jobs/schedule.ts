import { CronExpressionParser } from 'cron-parser';

/** The latest occurrence of `cron` at or before `at` (epoch ms), in `timezone`. */
export function latestOccurrence(cron: string, timezone: string, at: number): number {
  return CronExpressionParser.parse(cron, { currentDate: new Date(at + 1), tz: timezone })
    .prev()
    .getTime();
}

/**
 * How many occurrences fall in (after, upTo], counting at most `cap` (a late tick reports how many it
 * coalesced; it never runs them one by one).
 */
export function occurrencesBetween(cron: string, timezone: string, after: number, upTo: number, cap = 1000): number {
  const iterator = CronExpressionParser.parse(cron, { currentDate: new Date(after), endDate: new Date(upTo + 1), tz: timezone });
  let count = 0;
  while (count < cap && iterator.hasNext()) {
    iterator.next();
    count++;
  }
  return count;
}
