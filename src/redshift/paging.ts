import { WarehouseRequestError } from './errors';

/**
 * What both warehouse adapters share about snapshots: the normalised status word, the checks on
 * retention and page size, and opaque cursors (base64url JSON, so callers never parse them).
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 1000;

/** creating | available | failed | deleted | copying | final-snapshot | cancelled …: AWS's word, lower-cased, spaces as hyphens. */
export function normalizeSnapshotStatus(status: string | undefined): string {
  return (status ?? 'unknown').trim().toLowerCase().replace(/\s+/g, '-');
}

/** AWS's retention value: -1 for forever, else 1–3653 days. */
export function retentionValue(retentionDays: number | 'forever'): number {
  if (retentionDays === 'forever') return -1;
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 3653) {
    throw new WarehouseRequestError(`Retention of ${String(retentionDays)} days is not allowed; use 1 to 3653 days, or keep it forever`);
  }
  return retentionDays;
}

export function pageSize(limit: number | undefined): number {
  const size = limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new WarehouseRequestError(`A page of ${String(limit)} snapshots is not allowed; ask for 1 to ${MAX_PAGE_SIZE}`);
  }
  return size;
}

export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Reads a cursor this module wrote; anything else is refused with a message, never half-used. */
export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isRecord(parsed)) return parsed;
  } catch {
    // falls through to the refusal below
  }
  throw invalidCursor();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function invalidCursor(): WarehouseRequestError {
  return new WarehouseRequestError('That page cursor is not valid (it may come from another list); start the list again');
}

/** Newest first; items without a time go last. */
export function newestFirst<T extends { createdAt?: Date }>(a: T, b: T): number {
  return (b.createdAt?.getTime() ?? -Infinity) - (a.createdAt?.getTime() ?? -Infinity) || 0;
}
