import type { VacuumMode } from './maintenance-sql';

/** One table's health as SVV_TABLE_INFO shows it. */
export interface TableHealth {
  size: number;
  pctUsed: number;
  /** Percent of rows unsorted; null for a table without a sort key. */
  unsorted: number | null;
  statsOff: number;
  tblRows: number;
  visibleRows: number;
  vacuumSortBenefit: number | null;
}

export interface VacuumEffect {
  after: TableHealth;
  reclaimedRows: number;
  reclaimedBlocks: number;
  sorted: boolean;
  /** How long Redshift would have taken, in microseconds (SYS_VACUUM_HISTORY.duration). */
  durationMicros: number;
}

/**
 * What a VACUUM does to a table's statistics, following Redshift's rules: the delete phase
 * reclaims deleted rows unless at least `toPercent` of the rows are already live; the sort phase
 * sorts unless at least `toPercent` of the rows are already sorted. SORT ONLY skips the delete
 * phase, DELETE ONLY the sort phase. BOOST runs faster.
 */
export function vacuumEffect(before: TableHealth, mode: VacuumMode, toPercent: number, boost: boolean): VacuumEffect {
  const deleted = Math.max(0, before.tblRows - before.visibleRows);
  const livePercent = before.tblRows === 0 ? 100 : (before.visibleRows / before.tblRows) * 100;
  const deletes = mode !== 'SORT ONLY' && deleted > 0 && (toPercent === 100 || livePercent < toPercent);
  const sortedPercent = before.unsorted === null ? 100 : 100 - before.unsorted;
  const sorts =
    mode !== 'DELETE ONLY' && before.unsorted !== null && before.unsorted > 0 && (toPercent === 100 || sortedPercent < toPercent);

  const reclaimedRows = deletes ? deleted : 0;
  const reclaimedBlocks = deletes && before.tblRows > 0 ? Math.round((before.size * deleted) / before.tblRows) : 0;
  const size = Math.max(1, before.size - reclaimedBlocks);
  const after: TableHealth = {
    ...before,
    size,
    pctUsed: before.size > 0 ? round4((before.pctUsed * size) / before.size) : before.pctUsed,
    tblRows: deletes ? before.visibleRows : before.tblRows,
    unsorted: sorts ? 0 : before.unsorted,
    vacuumSortBenefit: sorts ? 0 : before.vacuumSortBenefit,
  };
  const work = (deletes ? before.size : 0) + (sorts ? before.size * ((before.unsorted ?? 0) / 100) * 4 : 0);
  const durationMicros = Math.round((200_000 + work * 1_500) / (boost ? 2 : 1));
  return { after, reclaimedRows, reclaimedBlocks, sorted: sorts, durationMicros };
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** SYS_VACUUM_HISTORY.vacuum_type: Delete, Sort, Reindex, Recluster or Full (https://docs.aws.amazon.com/redshift/latest/dg/SYS_VACUUM_HISTORY.html). */
export function vacuumType(mode: VacuumMode): string {
  switch (mode) {
    case 'SORT ONLY':
      return 'Sort';
    case 'DELETE ONLY':
      return 'Delete';
    case 'REINDEX':
      return 'Reindex';
    case 'RECLUSTER':
      return 'Recluster';
    default:
      return 'Full';
  }
}

/**
 * The activities one VACUUM records, in order, each with when it was recorded (microseconds after
 * the start). The page lists the status values (Initialize, Sort, Merge, Delete, Select, Failed,
 * Complete, Skipped, Building INTERLEAVED SORTKEY order) as "the current activity" but not which
 * rows a VACUUM leaves or in what order: the emulator records Initialize, the phases that did work
 * (Sort and Merge, Delete), then Complete, which alone carries the end time and the figures.
 */
export function vacuumPhases(
  effect: Pick<VacuumEffect, 'sorted' | 'reclaimedRows' | 'durationMicros'>,
): Array<{ status: string; atMicros: number }> {
  const work = [...(effect.sorted ? ['Sort', 'Merge'] : []), ...(effect.reclaimedRows > 0 ? ['Delete'] : [])];
  const step = Math.floor(effect.durationMicros / (work.length + 1));
  return [
    { status: 'Initialize', atMicros: 0 },
    ...work.map((status, i) => ({ status, atMicros: step * (i + 1) })),
    { status: 'Complete', atMicros: effect.durationMicros },
  ];
}

/** Redshift's default analyze_threshold_percent (https://docs.aws.amazon.com/redshift/latest/dg/r_analyze_threshold_percent.html). */
export const DEFAULT_ANALYZE_THRESHOLD_PERCENT = 10;

/**
 * Whether ANALYZE analyzes a table or skips it: Redshift skips a table whose share of rows changed
 * since the last ANALYZE is below analyze_threshold_percent (0 analyzes every table). Redshift does
 * not document how stats_off is computed; the emulator keeps no count of changed rows and takes
 * stats_off as that share, so a table it shows as stale is one ANALYZE does not skip.
 */
export function analyzeDecision(
  table: Pick<TableHealth, 'tblRows' | 'statsOff'>,
  thresholdPercent: number,
): { status: 'Full' | 'Skipped'; modifiedRows: number } {
  const modifiedRows = Math.round((table.tblRows * table.statsOff) / 100);
  const changedPercent = table.tblRows > 0 ? (modifiedRows / table.tblRows) * 100 : 0;
  return { status: changedPercent < thresholdPercent ? 'Skipped' : 'Full', modifiedRows };
}
