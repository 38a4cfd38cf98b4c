/** Durations as people type them; pure, so the command parser can use it without loading the config schemas. */

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

export const DURATION_HINT = 'use a number with m, h or d, such as 30m, 4h or 2d';

/**
 * `30m`, `4h`, `2d` (and `90s`, which tests use to watch a grant expire) to milliseconds. One
 * positive whole number and one unit; anything else is undefined, so callers say what is allowed.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,6})([smhd])$/i.exec(text.trim());
  const unit = match?.[2].toLowerCase();
  if (!match || !isUnit(unit)) return undefined;
  return Number(match[1]) * UNIT_MS[unit];
}

function isUnit(text: string | undefined): text is Unit {
  return text !== undefined && Object.prototype.hasOwnProperty.call(UNIT_MS, text);
}

/** Milliseconds as people say them: `4h`, `1h 30m`, `2d`, `1d 2h`; below a minute, seconds. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms) / 1_000) * 1_000;
  const parts: string[] = [];
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * UNIT_MS[unit];
  }
  return parts.length === 0 ? '0m' : sign + parts.join(' ');
}
