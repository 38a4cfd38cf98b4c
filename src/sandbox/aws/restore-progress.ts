import type { TableRestoreOutcome } from './databases';

/**
 * The megabyte figures of a table restore, as both services report them (ProgressInMegaBytes and
 * TotalDataInMegaBytes in Redshift, progressInMegaBytes and totalDataInMegaBytes in Serverless).
 * Both are Long in the API references (API_TableRestoreStatus.html of each): whole numbers, and a
 * poller must never see either go down.
 *
 * The emulator learns the table's size only when it copies the table, at the end; a backup holds
 * every table, so its size says nothing about one table's. Until the copy is done the total is
 * therefore left out (both members are optional) and progress stays 0, rather than showing a guess
 * that would have to shrink later. A successful restore reports the table's size as both figures.
 */
export interface RestoreFigures {
  progressMb: number;
  totalMb?: number;
}

export function restoreFigures(outcome: TableRestoreOutcome | undefined): RestoreFigures {
  if (outcome?.status !== 'SUCCEEDED') return { progressMb: 0 };
  const total = Math.max(0, Math.ceil(outcome.megabytes));
  return { progressMb: total, totalMb: total };
}
