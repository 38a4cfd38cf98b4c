import type { Store } from '../../store/store';
import { DAY_MS } from './model';
import { dayKey, monthKey, startOfDay, startOfMonth, startOfNextMonth } from './periods';
import type { DailyUsage } from './usage';

/**
 * Redshift keeps its usage views for days, not months (SYS_SERVERLESS_USAGE 7 days, the STL/SVL
 * views a few), so the bot keeps each finished day's usage itself: one item per target and month,
 * updated with a conditional write. A month-to-date figure or a 30-day trend then survives the
 * warehouse forgetting, and a paused cluster's earlier days stay known.
 */
export const USAGE_KIND = 'cost-usage';
/** Long enough for the digest's previous month-to-date comparison. */
const KEEP_MS = 75 * DAY_MS;
const MAX_WRITE_ATTEMPTS = 3;

interface MonthUsage {
  days: Record<string, DailyUsage>;
}

/** Field by field the larger: a day read twice never shrinks when rows age out of the warehouse. */
function merge(a: DailyUsage, b: DailyUsage): DailyUsage {
  return {
    day: a.day,
    spectrumQueries: Math.max(a.spectrumQueries, b.spectrumQueries),
    spectrumBilledMb: Math.max(a.spectrumBilledMb, b.spectrumBilledMb),
    spectrumScannedBytes: Math.max(a.spectrumScannedBytes, b.spectrumScannedBytes),
    rpuSeconds: Math.max(a.rpuSeconds, b.rpuSeconds),
    ...(a.storageMb !== undefined || b.storageMb !== undefined ? { storageMb: Math.max(a.storageMb ?? 0, b.storageMb ?? 0) } : {}),
  };
}

const same = (a: DailyUsage, b: DailyUsage) =>
  a.spectrumQueries === b.spectrumQueries && a.spectrumBilledMb === b.spectrumBilledMb && a.spectrumScannedBytes === b.spectrumScannedBytes && a.rpuSeconds === b.rpuSeconds && a.storageMb === b.storageMb;

/**
 * The warehouse's days in [from, to) merged with the ones kept before; finished days read now are
 * kept for later. Keeping is best effort: a lost write only means the next read keeps them.
 */
export async function withKeptUsage(store: Store, target: string, fresh: readonly DailyUsage[], from: number, to: number, now: number): Promise<DailyUsage[]> {
  const today = dayKey(startOfDay(now));
  const merged = new Map<string, DailyUsage>();
  for (let month = startOfMonth(from); month < to; month = startOfNextMonth(month)) {
    const item = await store.get<MonthUsage>(USAGE_KIND, `${target}:${monthKey(month)}`);
    for (const day of Object.values(item?.data.days ?? {})) merged.set(day.day, day);
  }
  const toKeep = new Map<string, DailyUsage[]>();
  for (const day of fresh) {
    const kept = merged.get(day.day);
    const next = kept ? merge(kept, day) : day;
    merged.set(day.day, next);
    if (day.day < today && (!kept || !same(kept, next))) {
      const month = day.day.slice(0, 7);
      toKeep.set(month, [...(toKeep.get(month) ?? []), next]);
    }
  }
  for (const [month, days] of toKeep) await keep(store, `${target}:${month}`, days, now);
  const first = dayKey(from);
  const last = dayKey(to - 1);
  return [...merged.values()].filter((day) => day.day >= first && day.day <= last).sort((a, b) => a.day.localeCompare(b.day));
}

async function keep(store: Store, id: string, days: readonly DailyUsage[], now: number): Promise<void> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const item = await store.get<MonthUsage>(USAGE_KIND, id);
    const next: MonthUsage = { days: { ...item?.data.days } };
    for (const day of days) next.days[day.day] = next.days[day.day] ? merge(next.days[day.day], day) : day;
    const options = { expiresAt: now + KEEP_MS };
    if (item ? await store.update(USAGE_KIND, id, item.version, next, options) : await store.create(USAGE_KIND, id, next, options)) return;
  }
}
