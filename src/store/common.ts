/**
 * Rules both adapters share, so SQLite and DynamoDB agree on what "live", a page size and a stored
 * JSON value mean.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditRecord } from './store';

/** Thrown for a kind, id or key the store cannot hold (DynamoDB rejects empty key strings). */
export class InvalidStoreKeyError extends Error {
  override readonly name = 'InvalidStoreKeyError';
  constructor(what: string) {
    super(`The store needs a non-empty ${what}.`);
  }
}

export function assertKey(kind: string, id: string): void {
  if (kind.length === 0) throw new InvalidStoreKeyError('kind');
  if (id.length === 0) throw new InvalidStoreKeyError('id');
}

/** An item is gone once `now` is past its expiry; at the exact millisecond it still lives. */
export function isLive(expiresAt: number | undefined | null, now: number): boolean {
  return expiresAt === undefined || expiresAt === null || expiresAt >= now;
}

export const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE;
  return Math.min(MAX_PAGE, Math.max(1, Math.floor(limit)));
}

/** Both stores keep data as JSON text, so a value round-trips exactly as JSON would carry it. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** `undefined` and `null` in WriteOptions both mean "not set". */
export function optional(value: number | null | undefined): number | undefined {
  return value === null || value === undefined ? undefined : value;
}

/** A fresh id, the clock's time, and only the optional fields that were given. */
export function newAuditRecord(entry: AuditEntry, at: number): AuditRecord {
  const record: AuditRecord = { id: randomUUID(), at, actor: entry.actor, action: entry.action, target: entry.target };
  if (entry.input !== undefined) record.input = entry.input;
  if (entry.result !== undefined) record.result = entry.result;
  return record;
}
