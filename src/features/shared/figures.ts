/**
 * Money, sizes and times as people read them in Slack (pure), one rule everywhere a figure is shown:
 * dollars with cents below $1,000 and whole dollars with separators above; a non-zero amount below a
 * cent reads "under $0.01", never "$0.00". Sizes take the unit that fits (decimal, as AWS bills).
 */

const CENT = 0.01;

export function usd(amount: number): string {
  if (amount < 0) return `-${usd(-amount)}`;
  if (amount > 0 && amount < CENT) return 'under $0.01';
  // Rounded to the cent first, so $999.999 reads "$1,000", not "$1000.00".
  const cents = Math.round(amount * 100) / 100;
  if (cents >= 1000) return `$${Math.round(amount).toLocaleString('en-US')}`;
  return `$${cents.toFixed(2)}`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** "39 MB", "1.2 GB", "785 GB", "6.3 TB": one decimal below 100 when it says something. */
export function bytesText(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  // 999.96 MB would read "1000.0 MB": that is 1.0 GB.
  if (unit < UNITS.length - 1 && value >= 999.5) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const shown = value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
  return `${shown} ${UNITS[unit]}`;
}

/** A size AWS reports in megabytes (snapshots, cluster storage). */
export function mbText(mb: number): string {
  return mb > 0 ? bytesText(mb * 1_000_000) : '0 MB';
}

/** A moment to the minute, in UTC: "2026-11-25 10:15 UTC"; "—" when unknown. */
export function formatTime(date: Date | undefined): string {
  if (!date) return '—';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
