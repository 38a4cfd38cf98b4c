import type { VacuumMode } from './translate';

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
