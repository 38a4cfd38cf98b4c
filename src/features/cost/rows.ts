import type { CellValue } from '../../redshift/data-api';

/** Reading the Data API's cells (numeric columns come back as strings, longs as numbers). */

/** `YYYY-MM-DD HH:MM:SS` (UTC), as a timestamp parameter; Redshift stores timestamps in UTC. */
export function timestampParam(at: number): string {
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

/** A cell as a finite number; null or anything unreadable counts as 0. */
export function num(cell: CellValue | undefined): number {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : 0;
  if (typeof cell === 'string') {
    const value = Number(cell);
    return Number.isFinite(value) ? value : 0;
  }
  return 0;
}

export function str(cell: CellValue | undefined): string {
  return cell === null || cell === undefined ? '' : String(cell);
}

/** `YYYY-MM-DD HH:MM:SS` from the warehouse (UTC) as epoch ms, or undefined. */
export function timeOf(cell: CellValue | undefined): number | undefined {
  if (typeof cell !== 'string' || cell === '') return undefined;
  const at = Date.parse(`${cell.replace(' ', 'T')}Z`);
  return Number.isFinite(at) ? at : undefined;
}
