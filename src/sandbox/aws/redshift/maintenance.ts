import { faults } from './faults';

/** The weekly maintenance window `ddd:hh24:mi-ddd:hh24:mi` (UTC) and when it next opens. */

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MINUTE = 60_000;
const WEEK_MINUTES = 7 * 24 * 60;
const WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$/;

export interface MaintenanceWindow {
  /** Minutes after Monday 00:00 UTC. */
  startMinute: number;
  durationMinutes: number;
}

/** Parses and checks a window; returns it in lower case as AWS stores it. */
export function parseMaintenanceWindow(raw: string): { text: string; window: MaintenanceWindow } {
  const text = raw.trim().toLowerCase();
  const m = WINDOW.exec(text);
  if (!m) {
    throw faults.invalidValue(
      `Invalid PreferredMaintenanceWindow "${raw}". Use the format ddd:hh24:mi-ddd:hh24:mi in UTC, for example sun:05:00-sun:05:30.`,
    );
  }
  const start = minuteOfWeek(m[1], m[2], m[3]);
  const end = minuteOfWeek(m[4], m[5], m[6]);
  const durationMinutes = (end - start + WEEK_MINUTES) % WEEK_MINUTES;
  if (durationMinutes < 30) {
    throw faults.invalidValue(`Invalid PreferredMaintenanceWindow "${raw}": the maintenance window must be at least 30 minutes.`);
  }
  return { text, window: { startMinute: start, durationMinutes } };
}

function minuteOfWeek(day: string, hour: string, minute: string): number {
  return DAYS.indexOf(day as (typeof DAYS)[number]) * 24 * 60 + Number(hour) * 60 + Number(minute);
}

/** The next time the window opens at or after `now`, skipping openings inside a deferment. */
export function nextMaintenanceStart(
  window: MaintenanceWindow,
  now: number,
  deferred: ReadonlyArray<{ start: number; end: number }> = [],
): number {
  const date = new Date(now);
  const daysSinceMonday = (date.getUTCDay() + 6) % 7;
  const weekStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - daysSinceMonday);
  const week = WEEK_MINUTES * MINUTE;
  let candidate = weekStart + window.startMinute * MINUTE;
  if (candidate < now) candidate += week;
  // A deferment lasts at most 60 days, so this ends within ten steps.
  while (deferred.some((d) => candidate >= d.start && candidate <= d.end)) candidate += week;
  return candidate;
}
