/**
 * A cluster's PreferredMaintenanceWindow, `ddd:hh24:mi-ddd:hh24:mi` in UTC (e.g. `sun:18:00-sun:18:30`),
 * which may wrap past the end of the week (`sat:23:30-sun:00:30`). Pure.
 */
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEK_MIN = 7 * 24 * 60;
const POINT = /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/i;

/** Minutes since Sunday 00:00 UTC, or undefined when not of the form `ddd:hh:mm`. */
function minuteOfWeek(point: string): number | undefined {
  const match = POINT.exec(point.trim());
  if (!match) return undefined;
  return DAYS.indexOf(match[1].toLowerCase()) * 1440 + Number(match[2]) * 60 + Number(match[3]);
}

export interface WindowPosition {
  /** The instant falls inside the window. */
  inside: boolean;
  /** When the window it is in ends (epoch ms); only when inside. */
  endsAt?: number;
}

/** Where `now` stands against the window; an unreadable window counts as never (nothing is held back by it). */
export function maintenanceWindowAt(window: string | undefined, now: number): WindowPosition {
  const [from, to] = (window ?? '').split('-');
  const start = from === undefined ? undefined : minuteOfWeek(from);
  const end = to === undefined ? undefined : minuteOfWeek(to);
  if (start === undefined || end === undefined) return { inside: false };
  const date = new Date(now);
  const nowMin =
    date.getUTCDay() * 1440 +
    date.getUTCHours() * 60 +
    date.getUTCMinutes() +
    date.getUTCSeconds() / 60 +
    date.getUTCMilliseconds() / 60_000;
  const length = (end - start + WEEK_MIN) % WEEK_MIN;
  const into = (nowMin - start + WEEK_MIN) % WEEK_MIN;
  if (into >= length) return { inside: false };
  return { inside: true, endsAt: now + Math.round((length - into) * 60_000) };
}
