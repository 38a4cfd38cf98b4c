import type { ChatopsConfig } from '../../config/chatops';

/**
 * The VACUUM/ANALYZE advisor: pure rules over SVV_TABLE_INFO rows, after AWS's Analyze & Vacuum
 * utility's defaults: vacuum above 5 % unsorted, analyze above 10 % stats_off, tables above
 * 700 GB only while 5–50 % unsorted, `TO 95 PERCENT`. Every threshold comes from chatops.yml.
 */
export type VacuumThresholds = ChatopsConfig['vacuum'];

export type VacuumMode = 'FULL' | 'SORT ONLY' | 'DELETE ONLY';

/** One table as SVV_TABLE_INFO and SYS_VACUUM_HISTORY describe it. */
export interface TableHealth {
  schema: string;
  table: string;
  tableId: number;
  /** 1 MB blocks. */
  sizeMb: number;
  /** Percent of rows unsorted; null for a table without a sort key. */
  unsorted: number | null;
  /** 0 = current statistics … 100 = stale. */
  statsOff: number;
  /** Rows including those marked deleted. */
  tblRows: number;
  visibleRows: number;
  vacuumSortBenefit: number | null;
  /** When the last finished VACUUM of this table ended (epoch ms), if any. */
  lastVacuumAt?: number;
}

export interface Advice {
  schema: string;
  table: string;
  tableId: number;
  /** The VACUUM to run, if one would help now. */
  vacuum?: { mode: VacuumMode; toPercent: number };
  analyze: boolean;
  /** Why, in words, one line each: what is wrong and what was decided. */
  reasons: string[];
  /** Expected benefit; higher first. */
  score: number;
  deletedPct: number;
}

const HOUR_MS = 3_600_000;

export function deletedPercent(table: Pick<TableHealth, 'tblRows' | 'visibleRows'>): number {
  if (table.tblRows <= 0) return 0;
  return Math.max(0, ((table.tblRows - table.visibleRows) / table.tblRows) * 100);
}

/**
 * The benefit used to rank tables: the sort benefit (or the unsorted share when Redshift does not
 * estimate one) plus the share of deleted rows, plus a quarter of stats_off, weighted by size on a
 * log scale so a large table ranks above a tiny one with the same percentages. The same formula
 * orders the candidate query (advice-sql.ts), so its LIMIT keeps the best ones.
 */
export function benefitScore(parts: { sort: number; deleted: number; statsOff: number; sizeMb: number }): number {
  return (parts.sort + parts.deleted + parts.statsOff / 4) * Math.log10(10 + Math.max(0, parts.sizeMb));
}

function pct(n: number): string {
  return `${Math.round(n * 100) / 100} %`;
}

/** What to do about one table, or undefined when nothing is worth doing (or it was done lately). */
export function adviseTable(table: TableHealth, t: VacuumThresholds, now: number): Advice | undefined {
  const reasons: string[] = [];
  const deleted = deletedPercent(table);
  const unsorted = table.unsorted;
  // A VACUUM TO n PERCENT skips a phase once n % of rows are already sorted / live: below that it has nothing to do.
  const phaseThreshold = 100 - t.toPercent;
  let wantsSort = unsorted !== null && unsorted > t.unsortedPct;
  let wantsDelete = deleted > phaseThreshold;
  const analyze = table.statsOff > t.statsOffPct;

  if (wantsSort) reasons.push(`${pct(unsorted ?? 0)} of rows unsorted (threshold ${pct(t.unsortedPct)})`);
  if (wantsDelete)
    reasons.push(`${pct(deleted)} of rows marked deleted (a VACUUM TO ${t.toPercent} PERCENT reclaims above ${pct(phaseThreshold)})`);
  if (analyze) reasons.push(`statistics ${pct(table.statsOff)} off (threshold ${pct(t.statsOffPct)})`);

  const largeMb = t.largeTableGB * 1024;
  if ((wantsSort || wantsDelete) && table.sizeMb > largeMb) {
    const inRange = unsorted !== null && unsorted > t.unsortedPct && unsorted <= t.largeTableMaxUnsortedPct;
    if (!inRange) {
      wantsSort = false;
      wantsDelete = false;
      reasons.push(
        unsorted !== null && unsorted > t.largeTableMaxUnsortedPct
          ? `no VACUUM: above ${t.largeTableGB} GB and more than ${pct(t.largeTableMaxUnsortedPct)} unsorted, a deep copy is faster than an in-place VACUUM`
          : `no VACUUM: above ${t.largeTableGB} GB, tables are vacuumed only while ${pct(t.unsortedPct)}–${pct(t.largeTableMaxUnsortedPct)} unsorted`,
      );
    }
  }
  if ((wantsSort || wantsDelete) && table.lastVacuumAt !== undefined && now - table.lastVacuumAt < t.recentlyVacuumedHours * HOUR_MS) {
    wantsSort = false;
    wantsDelete = false;
    const hours = Math.max(0, Math.floor((now - table.lastVacuumAt) / HOUR_MS));
    reasons.push(`no VACUUM: vacuumed ${hours} h ago (within ${t.recentlyVacuumedHours} h); give automatic vacuum time to catch up`);
  }
  if (!wantsSort && !wantsDelete && !analyze) return undefined;

  const mode: VacuumMode | undefined =
    wantsSort && wantsDelete ? 'FULL' : wantsSort ? 'SORT ONLY' : wantsDelete ? 'DELETE ONLY' : undefined;
  const sortPart = wantsSort ? (table.vacuumSortBenefit ?? unsorted ?? 0) : 0;
  const score = benefitScore({
    sort: sortPart,
    deleted: wantsDelete ? deleted : 0,
    statsOff: analyze ? table.statsOff : 0,
    sizeMb: table.sizeMb,
  });
  return {
    schema: table.schema,
    table: table.table,
    tableId: table.tableId,
    ...(mode ? { vacuum: { mode, toPercent: t.toPercent } } : {}),
    analyze,
    reasons,
    score,
    deletedPct: deleted,
  };
}

/** The tables worth acting on, best first, without snoozed ones, at most `maxCandidates`. */
export function rankCandidates(
  tables: readonly TableHealth[],
  t: VacuumThresholds,
  now: number,
  snoozed: ReadonlySet<string> = new Set(),
): Advice[] {
  const advice: Advice[] = [];
  for (const table of tables) {
    if (snoozed.has(tableKey(table.schema, table.table))) continue;
    const one = adviseTable(table, t, now);
    if (one) advice.push(one);
  }
  advice.sort((a, b) => b.score - a.score || a.schema.localeCompare(b.schema) || a.table.localeCompare(b.table));
  return advice.slice(0, t.maxCandidates);
}

/** `schema.table`, the key snoozes and locks use. */
export function tableKey(schema: string, table: string): string {
  return `${schema}.${table}`;
}

/** `VACUUM SORT ONLY … TO 95 PERCENT`, `ANALYZE`: what the advice will run, in words for buttons. */
export function adviceLabel(advice: Pick<Advice, 'vacuum' | 'analyze'>): string {
  const parts: string[] = [];
  if (advice.vacuum) parts.push(advice.vacuum.mode === 'FULL' ? 'VACUUM' : `VACUUM ${advice.vacuum.mode}`);
  if (advice.analyze) parts.push('ANALYZE');
  return parts.join(' + ');
}
