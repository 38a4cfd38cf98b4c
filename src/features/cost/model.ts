/**
 * The cost model (pure): usage in, US dollars out. Prices come from chatops.yml `cost.prices`;
 * the billing rules are AWS's, each stated on its function below. Units are decimal (1 MB = 10^6 bytes, 1 TB = 10^6 MB),
 * as AWS bills data scanned.
 */

export const BYTES_PER_MB = 1_000_000;
export const MB_PER_TB = 1_000_000;
/** Spectrum bills at least this much per query. */
export const SPECTRUM_MIN_MB = 10;
/** Serverless bills each burst of activity for at least this long. */
export const SERVERLESS_MIN_SECONDS = 60;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** One Spectrum query as billed: rounded up to the next MB, 10 MB minimum, nothing when it failed. */
export function spectrumBilledMb(scannedBytes: number, failed: boolean): number {
  if (failed) return 0;
  return Math.max(SPECTRUM_MIN_MB, Math.ceil(Math.max(0, scannedBytes) / BYTES_PER_MB));
}

export function spectrumUsd(billedMb: number, pricePerTB: number): number {
  return (billedMb / MB_PER_TB) * pricePerTB;
}

/** A list of Spectrum queries, each rounded on its own (the minimum is per query, not per day). */
export function spectrumQueriesUsd(queries: ReadonlyArray<{ scannedBytes: number; failed: boolean }>, pricePerTB: number): number {
  return spectrumUsd(
    queries.reduce((sum, query) => sum + spectrumBilledMb(query.scannedBytes, query.failed), 0),
    pricePerTB,
  );
}

/** RPU-seconds one burst of Serverless activity is billed: per second, at least 60 s, at its capacity. */
export function serverlessBilledRpuSeconds(activeSeconds: number, rpu: number): number {
  if (activeSeconds <= 0 || rpu <= 0) return 0;
  return Math.max(SERVERLESS_MIN_SECONDS, Math.ceil(activeSeconds)) * rpu;
}

/** SYS_SERVERLESS_USAGE.charged_seconds are RPU-seconds, minimum included: / 3600 = RPU-hours. */
export function serverlessUsd(chargedRpuSeconds: number, pricePerRpuHour: number): number {
  return (chargedRpuSeconds / 3600) * pricePerRpuHour;
}

/** Node-hours × the node type's price; undefined when the type has no price (say so, never guess). */
export function nodeUsd(
  nodeType: string,
  nodes: number,
  runningHours: number,
  prices: Readonly<Record<string, number>>,
): number | undefined {
  const price = Object.prototype.hasOwnProperty.call(prices, nodeType) ? prices[nodeType] : undefined;
  return price === undefined ? undefined : price * nodes * runningHours;
}

/**
 * Whether a node type stores its data in managed storage, billed apart from the node-hours (RA3).
 * DC2 keeps data on local SSDs that the node price includes.
 */
export function billsManagedStorage(nodeType: string | undefined): boolean {
  return nodeType !== undefined && nodeType.toLowerCase().startsWith('ra3.');
}

/** A cluster's observed state from `at` on (until the next change). */
export interface StateChange {
  at: number;
  paused: boolean;
}

export interface RunningSplit {
  runningHours: number;
  pausedHours: number;
}

/**
 * How much of [from, to) a cluster ran and how much it was paused, from its state changes (oldest
 * first). Before the first known change the first known state is assumed; with no changes at all,
 * `fallbackPaused`.
 */
export function runningSplit(from: number, to: number, changes: readonly StateChange[], fallbackPaused = false): RunningSplit {
  if (to <= from) return { runningHours: 0, pausedHours: 0 };
  let paused = changes.length > 0 ? changes[0].paused : fallbackPaused;
  let pausedMs = 0;
  let cursor = from;
  for (const change of changes) {
    if (change.at <= from) {
      paused = change.paused;
      continue;
    }
    if (change.at >= to) break;
    if (paused) pausedMs += change.at - cursor;
    cursor = change.at;
    paused = change.paused;
  }
  if (paused) pausedMs += to - cursor;
  const totalMs = to - from;
  return { runningHours: (totalMs - pausedMs) / HOUR_MS, pausedHours: pausedMs / HOUR_MS };
}

/**
 * Month-end projection: what is spent so far plus the recent daily rate for the days left. The rate
 * is the mean of the last full days (a partial today would understate it).
 */
export function monthEndProjection(monthToDateUsd: number, recentFullDaysUsd: readonly number[], msLeftInMonth: number): number {
  if (recentFullDaysUsd.length === 0) return monthToDateUsd;
  const rate = recentFullDaysUsd.reduce((a, b) => a + b, 0) / recentFullDaysUsd.length;
  return monthToDateUsd + (rate * Math.max(0, msLeftInMonth)) / DAY_MS;
}

/** Percent of a limit used; Infinity never (a zero limit is refused by the config). */
export function percentOf(used: number, limit: number): number {
  return limit > 0 ? (used / limit) * 100 : 0;
}

/** Change against a previous figure, in percent; undefined when there was nothing before. */
export function changePercent(current: number, previous: number): number | undefined {
  if (previous <= 0) return current <= 0 ? 0 : undefined;
  return ((current - previous) / previous) * 100;
}
