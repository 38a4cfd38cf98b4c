/**
 * The one persistence port. Everything the bot remembers (requests, jobs, schedule state,
 * idempotency keys) is an item of a kind; every change is a conditional write, so a double click,
 * a Slack retry or a redelivered job changes an item once. The audit log is append-only.
 */

export interface Item<T> {
  kind: string;
  id: string;
  /** Starts at 1 on create; each successful update adds 1. */
  version: number;
  data: T;
  /** Epoch ms at which the item wants attention (a job to advance, a grant to expire). */
  dueAt?: number;
  /** Epoch ms after which the item is treated as gone (and eventually removed by TTL). */
  expiresAt?: number;
}

export interface WriteOptions {
  /** Omit to clear; null also clears. */
  dueAt?: number | null;
  expiresAt?: number | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string;
}

export interface AuditEntry {
  /** Slack user id, or `system` for the tick and the worker. */
  actor: string;
  /** Dotted name of what happened, e.g. `access.approve`, `snapshot.create`. */
  action: string;
  /** The target from chatops.yml, or another subject (a grant id, a schedule name). */
  target: string;
  input?: unknown;
  result?: unknown;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  /** Epoch ms. */
  at: number;
}

export interface Store {
  get<T>(kind: string, id: string): Promise<Item<T> | undefined>;
  /** Creates the item; false if a live (unexpired) item with that id exists already. */
  create<T>(kind: string, id: string, data: T, options?: WriteOptions): Promise<boolean>;
  /** Replaces data if the stored version is `expectedVersion`; false otherwise (someone else won). */
  update<T>(kind: string, id: string, expectedVersion: number, data: T, options?: WriteOptions): Promise<boolean>;
  /** Deletes if present (and at `expectedVersion` when given); false if nothing was deleted. */
  delete(kind: string, id: string, expectedVersion?: number): Promise<boolean>;
  /** Live items of a kind, ordered by id. */
  list<T>(kind: string, options?: { limit?: number; cursor?: string }): Promise<Page<Item<T>>>;
  /** Live items of a kind whose dueAt is at or before `at`, earliest first. */
  due<T>(kind: string, at: number, limit?: number): Promise<Item<T>[]>;
  /** Records an idempotency key; true the first time, false while the key lives. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  appendAudit(entry: AuditEntry): Promise<AuditRecord>;
  /** Audit records with from <= at < to, oldest first. */
  listAudit(options: { from: number; to: number; limit?: number; cursor?: string }): Promise<Page<AuditRecord>>;
  close(): Promise<void>;
}
