import type { Reader } from './reader';

/**
 * Slack's `<!date^epoch^format^optional_link|fallback>` as Slack shows it: the format's tokens filled
 * in the reader's time zone, "today"/"yesterday"/"tomorrow" counted from the reader's now. The
 * fallback shows when the timestamp cannot be read. Times use Slack's default 12-hour clock.
 */
export interface SlackDate {
  text: string;
  /** The moment, for `<time datetime>`; absent when the fallback is shown. */
  iso?: string;
  link?: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface Parts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
  second: number;
}

/** `body` is what follows `!date^` and precedes `|`. */
export function slackDate(body: string, fallback: string | undefined, reader: Pick<Reader, 'timeZone' | 'now'>): SlackDate {
  const [epoch = '', format = '', ...link] = body.split('^');
  const shown = (text: string): SlackDate => ({ text, ...(link.length > 0 ? { link: link.join('^') } : {}) });
  const seconds = /^-?\d+$/.test(epoch) ? Number(epoch) : NaN;
  const at = partsIn(seconds * 1000, reader.timeZone);
  const today = partsIn(reader.now, reader.timeZone);
  if (at === undefined || today === undefined) return shown(fallback ?? `<!date^${body}>`);
  const text = format.replace(/\{([a-z_]+)\}/g, (whole, token: string) => formatToken(token, at, today) ?? whole);
  return { ...shown(text), iso: new Date(seconds * 1000).toISOString() };
}

function formatToken(token: string, at: Parts, today: Parts): string | undefined {
  const relative = relativeDay(at, today);
  const date = `${MONTHS[at.month - 1]} ${ordinal(at.day)}, ${at.year}`;
  const dateShort = `${MONTHS[at.month - 1].slice(0, 3)} ${at.day}, ${at.year}`;
  const dateLong = `${DAYS[at.weekday]}, ${date}`;
  switch (token) {
    case 'date_num':
      return `${at.year}-${two(at.month)}-${two(at.day)}`;
    case 'date_slash':
      return `${two(at.day)}/${two(at.month)}/${at.year}`;
    case 'date':
      return date;
    case 'date_short':
      return dateShort;
    case 'date_long':
      return dateLong;
    case 'date_long_full':
      return `${MONTHS[at.month - 1]} ${at.day}, ${at.year}`;
    case 'date_pretty':
      return relative ?? date;
    case 'date_short_pretty':
      return relative ?? dateShort;
    case 'date_long_pretty':
      return relative ?? dateLong;
    case 'day_divider_pretty':
      return relative ?? (at.year === today.year ? `${DAYS[at.weekday]}, ${MONTHS[at.month - 1]} ${ordinal(at.day)}` : dateLong);
    case 'time':
      return `${hour12(at.hour)}:${two(at.minute)} ${at.hour < 12 ? 'AM' : 'PM'}`;
    case 'time_secs':
      return `${hour12(at.hour)}:${two(at.minute)}:${two(at.second)} ${at.hour < 12 ? 'AM' : 'PM'}`;
    default:
      return undefined;
  }
}

function relativeDay(at: Parts, today: Parts): string | undefined {
  const days = Math.round((Date.UTC(at.year, at.month - 1, at.day) - Date.UTC(today.year, today.month - 1, today.day)) / 86_400_000);
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : days === -1 ? 'yesterday' : undefined;
}

/** The calendar fields of a moment in a zone; undefined for an unreadable moment or zone. */
function partsIn(ms: number, timeZone: string): Parts | undefined {
  if (!Number.isFinite(ms)) return undefined;
  let field: Map<string, string>;
  try {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    field = new Map(formatter.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
  } catch {
    // An unknown zone, or a moment outside what a Date holds: Slack shows the fallback then.
    return undefined;
  }
  const number = (type: string) => Number(field.get(type));
  return {
    year: number('year'),
    month: number('month'),
    day: number('day'),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(field.get('weekday') ?? ''),
    hour: number('hour') % 24,
    minute: number('minute'),
    second: number('second'),
  };
}

function ordinal(day: number): string {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][day % 10] ?? 'th');
  return `${day}${suffix}`;
}

function hour12(hour: number): number {
  return hour % 12 === 0 ? 12 : hour % 12;
}

function two(value: number): string {
  return String(value).padStart(2, '0');
}
