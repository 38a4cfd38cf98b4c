/**
 * The embedded Store for the long-lived server and the sandbox: one SQLite file in WAL mode.
 * better-sqlite3 is synchronous, so each conditional write is a single SQL statement whose
 * `changes` count says whether it won; nothing can interleave inside it.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
// zod/mini, as on the ack path: the Lambda bundle shares zod's core between the two, and classic zod
// would pull ~400 KiB (its whole API and locales) into the code every `slack` cold start loads.
import * as z from 'zod/mini';
import type { Clock } from '../clock';
import { assertKey, fromJson, newAuditRecord, optional, pageLimit, toJson } from './common';
import { decodeCursor, encodeCursor } from './cursor';
import type { AuditEntry, AuditRecord, Item, Page, Store, WriteOptions } from './store';

export interface SqliteStoreOptions {
  /** File path, or `:memory:`. */
  path: string;
  clock: Clock;
}

interface ItemRow {
  kind: string;
  id: string;
  version: number;
  data: string;
  due_at: number | null;
  expires_at: number | null;
}

interface AuditRow {
  seq: number;
  id: string;
  at: number;
  actor: string;
  action: string;
  target: string;
  input: string | null;
  result: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS items (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL,
  due_at INTEGER,
  expires_at INTEGER,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS items_due ON items (kind, due_at);
CREATE INDEX IF NOT EXISTS items_expiry ON items (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  input TEXT,
  result TEXT
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at, seq);
`;

const LIVE = '(expires_at IS NULL OR expires_at >= @now)';

/** SQLite has no TTL: expired rows are swept at most this often (clock time), from writes. */
const SWEEP_EVERY_MS = 60_000;

const listCursor = z.object({ after: z.string() });
const auditCursor = z.object({ at: z.number(), seq: z.number() });

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly stmt: Statements;

  constructor(options: SqliteStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.clock = options.clock;
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    // Another process (a CLI, a second server) may hold the write lock for a moment.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.stmt = prepareStatements(this.db);
  }

  async get<T>(kind: string, id: string): Promise<Item<T> | undefined> {
    assertKey(kind, id);
    const row = this.stmt.get.get({ kind, id, now: this.clock.now() });
    return row === undefined ? undefined : toItem<T>(row);
  }

  async create<T>(kind: string, id: string, data: T, options?: WriteOptions): Promise<boolean> {
    assertKey(kind, id);
    const now = this.clock.now();
    this.sweepExpired(now);
    return this.stmt.create.run(itemParams(kind, id, data, options, now)).changes === 1;
  }

  async update<T>(
    kind: string,
    id: string,
    expectedVersion: number,
    data: T,
    options?: WriteOptions,
  ): Promise<boolean> {
    assertKey(kind, id);
    const params = { ...itemParams(kind, id, data, options, this.clock.now()), version: expectedVersion };
    return this.stmt.update.run(params).changes === 1;
  }

  async delete(kind: string, id: string, expectedVersion?: number): Promise<boolean> {
    assertKey(kind, id);
    const now = this.clock.now();
    const result =
      expectedVersion === undefined
        ? this.stmt.delete.run({ kind, id, now })
        : this.stmt.deleteAt.run({ kind, id, now, version: expectedVersion });
    return result.changes === 1;
  }

  async list<T>(kind: string, options: { limit?: number; cursor?: string } = {}): Promise<Page<Item<T>>> {
    const limit = pageLimit(options.limit);
    const after = options.cursor === undefined ? '' : decodeCursor(options.cursor, listCursor).after;
    // One extra row tells whether another page exists, so the last page carries no cursor.
    const rows = this.stmt.list.all({ kind, after, now: this.clock.now(), take: limit + 1 });
    const items = rows.slice(0, limit).map((row) => toItem<T>(row));
    const last = items[items.length - 1];
    return rows.length > limit && last !== undefined
      ? { items, cursor: encodeCursor({ after: last.id }) }
      : { items };
  }

  async due<T>(kind: string, at: number, limit?: number): Promise<Item<T>[]> {
    const rows = this.stmt.due.all({ kind, at, now: this.clock.now(), take: pageLimit(limit) });
    return rows.map((row) => toItem<T>(row));
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return this.create('idem', key, null, { expiresAt: this.clock.now() + ttlMs });
  }

  async appendAudit(entry: AuditEntry): Promise<AuditRecord> {
    const record = newAuditRecord(entry, this.clock.now());
    this.stmt.appendAudit.run({
      id: record.id,
      at: record.at,
      actor: record.actor,
      action: record.action,
      target: record.target,
      input: record.input === undefined ? null : toJson(record.input),
      result: record.result === undefined ? null : toJson(record.result),
    });
    return record;
  }

  async listAudit(options: {
    from: number;
    to: number;
    limit?: number;
    cursor?: string;
  }): Promise<Page<AuditRecord>> {
    const limit = pageLimit(options.limit);
    const after =
      options.cursor === undefined ? { at: options.from, seq: 0 } : decodeCursor(options.cursor, auditCursor);
    const rows = this.stmt.listAudit.all({ to: options.to, afterAt: after.at, afterSeq: after.seq, take: limit + 1 });
    const page = rows.slice(0, limit);
    const items = page.map(toAuditRecord);
    const last = page[page.length - 1];
    return rows.length > limit && last !== undefined
      ? { items, cursor: encodeCursor({ at: last.at, seq: last.seq }) }
      : { items };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Idempotency keys would otherwise pile up forever; expired rows are already invisible. */
  private sweepExpired(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    this.stmt.sweep.run({ now });
  }
}

function prepareStatements(db: Database.Database) {
  return {
    get: db.prepare<{ kind: string; id: string; now: number }, ItemRow>(
      `SELECT * FROM items WHERE kind = @kind AND id = @id AND ${LIVE}`,
    ),
    // The upsert only overwrites a row that has expired; a live row leaves changes at 0.
    create: db.prepare<ItemParams>(
      `INSERT INTO items (kind, id, version, data, due_at, expires_at)
       VALUES (@kind, @id, 1, @data, @dueAt, @expiresAt)
       ON CONFLICT (kind, id) DO UPDATE SET
         version = 1, data = excluded.data, due_at = excluded.due_at, expires_at = excluded.expires_at
       WHERE items.expires_at IS NOT NULL AND items.expires_at < @now`,
    ),
    update: db.prepare<ItemParams & { version: number }>(
      `UPDATE items SET version = version + 1, data = @data, due_at = @dueAt, expires_at = @expiresAt
       WHERE kind = @kind AND id = @id AND version = @version AND ${LIVE}`,
    ),
    delete: db.prepare<{ kind: string; id: string; now: number }>(
      `DELETE FROM items WHERE kind = @kind AND id = @id AND ${LIVE}`,
    ),
    deleteAt: db.prepare<{ kind: string; id: string; now: number; version: number }>(
      `DELETE FROM items WHERE kind = @kind AND id = @id AND version = @version AND ${LIVE}`,
    ),
    // Ids are never empty, so the first page starts after ''.
    list: db.prepare<{ kind: string; after: string; now: number; take: number }, ItemRow>(
      `SELECT * FROM items WHERE kind = @kind AND id > @after AND ${LIVE}
       ORDER BY id LIMIT @take`,
    ),
    due: db.prepare<{ kind: string; at: number; now: number; take: number }, ItemRow>(
      `SELECT * FROM items WHERE kind = @kind AND due_at IS NOT NULL AND due_at <= @at AND ${LIVE}
       ORDER BY due_at, id LIMIT @take`,
    ),
    sweep: db.prepare<{ now: number }>(`DELETE FROM items WHERE expires_at < @now`),
    appendAudit: db.prepare<Omit<AuditRow, 'seq'>>(
      `INSERT INTO audit (id, at, actor, action, target, input, result)
       VALUES (@id, @at, @actor, @action, @target, @input, @result)`,
    ),
    // seq starts at 1, so the first page starts after (from, 0); the row value uses the index.
    listAudit: db.prepare<{ to: number; afterAt: number; afterSeq: number; take: number }, AuditRow>(
      `SELECT * FROM audit WHERE (at, seq) > (@afterAt, @afterSeq) AND at < @to
       ORDER BY at, seq LIMIT @take`,
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

interface ItemParams {
  kind: string;
  id: string;
  data: string;
  dueAt: number | null;
  expiresAt: number | null;
  now: number;
}

function itemParams<T>(kind: string, id: string, data: T, options: WriteOptions | undefined, now: number): ItemParams {
  return {
    kind,
    id,
    data: toJson(data),
    dueAt: optional(options?.dueAt) ?? null,
    expiresAt: optional(options?.expiresAt) ?? null,
    now,
  };
}

function toItem<T>(row: ItemRow): Item<T> {
  const item: Item<T> = { kind: row.kind, id: row.id, version: row.version, data: fromJson<T>(row.data) };
  if (row.due_at !== null) item.dueAt = row.due_at;
  if (row.expires_at !== null) item.expiresAt = row.expires_at;
  return item;
}

function toAuditRecord(row: AuditRow): AuditRecord {
  const record: AuditRecord = { id: row.id, at: row.at, actor: row.actor, action: row.action, target: row.target };
  if (row.input !== null) record.input = fromJson<unknown>(row.input);
  if (row.result !== null) record.result = fromJson<unknown>(row.result);
  return record;
}
