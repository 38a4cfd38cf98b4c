import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PgWorker } from './pg-worker';
import { SerialQueue } from './queue';
import { standardSeedSql } from './seed';
import { systemCatalog } from '../../../redshift/catalog';
import { kindSql, SYSTEM_SQL, type WarehouseKind } from './system';
import { INTERNAL_SCHEMA, systemViewsSql, VISIBILITY_SQL } from './system-views';

/**
 * One warehouse's Postgres: a PGlite instance serving the Redshift database names of one cluster
 * or namespace. Every use goes through `queue`, since PGlite is a single connection.
 */
export class Warehouse {
  readonly queue = new SerialQueue();
  private readonly typeNames = new Map<number, string>();
  private nextPid = 1_073_900_001;
  private nextQueryId = 6_000_001;

  private constructor(
    readonly key: string,
    readonly kind: WarehouseKind,
    readonly databases: readonly string[],
    readonly db: PgWorker,
  ) {}

  /** A new warehouse from the system template, seeded with the standard seed unless `seed` is false. */
  static async create(key: string, databases: readonly string[], seed: boolean, now: number): Promise<Warehouse> {
    const kind = kindOf(key);
    const db = await PgWorker.start(await systemTemplate(kind));
    try {
      if (seed) await db.exec(standardSeedSql(now, kind, databases[0]));
      return await Warehouse.ready(key, kind, databases, db);
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  /** A warehouse whose data is an earlier dump (a whole-cluster restore). */
  static async load(key: string, databases: readonly string[], data: Blob): Promise<Warehouse> {
    const warehouse = await Warehouse.ready(key, kindOf(key), databases, await PgWorker.start(await data.arrayBuffer()));
    // Ids carry on after the ones the dump's history already holds, so they never repeat in it.
    const used = await warehouse.db.query<{ pid: number | null; query: string | null }>(
      `SELECT max(session_id) AS pid, greatest(max(query_id), (SELECT max(query_id) FROM redshift_internal.sys_vacuum_history))::text AS query
       FROM redshift_internal.sys_query_history`,
    );
    const row = used.rows[0];
    warehouse.nextPid = Math.max(warehouse.nextPid, (row?.pid ?? 0) + 1);
    warehouse.nextQueryId = Math.max(warehouse.nextQueryId, Number(row?.query ?? 0) + 1);
    return warehouse;
  }

  private static async ready(key: string, kind: WarehouseKind, databases: readonly string[], db: PgWorker): Promise<Warehouse> {
    const warehouse = new Warehouse(key, kind, databases, db);
    const types = await db.query<{ oid: number; typname: string }>('SELECT oid::int AS oid, typname FROM pg_type');
    for (const row of types.rows) warehouse.typeNames.set(row.oid, row.typname);
    return warehouse;
  }

  /** The type's name as the Data API's ColumnMetadata.typeName shows it (Redshift has no `text`: it is varchar). */
  typeName(oid: number): string {
    const name = this.typeNames.get(oid) ?? 'unknown';
    return name === 'text' ? 'varchar' : name;
  }

  /** A process id for a new session, in Redshift's range. */
  pid(): number {
    return this.nextPid++;
  }

  queryId(): number {
    return this.nextQueryId++;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

export function kindOf(key: string): WarehouseKind {
  return key.startsWith('namespace/') ? 'namespace' : 'cluster';
}

/**
 * A fresh Postgres with Redshift's system layer for one kind of warehouse, made once per process
 * and kept as a dump: loading a dump takes a fraction of a fresh initdb, so every further warehouse
 * starts fast. The system views are built from the catalog over what the backing relations hold.
 */
const templates = new Map<WarehouseKind, Promise<ArrayBuffer>>();

function systemTemplate(kind: WarehouseKind): Promise<ArrayBuffer> {
  let template = templates.get(kind);
  if (!template) {
    template = sharedTemplate(kind, process.env.CHATOPS_EMULATOR_TEMPLATES);
    templates.set(kind, template);
    // A failed build is not cached: the next warehouse tries again.
    template.catch(() => templates.delete(kind));
  }
  return template;
}

/**
 * Test facility: with CHATOPS_EMULATOR_TEMPLATES=<dir> (set by the test run for its own lifetime) the
 * templates are kept in that directory, so each test file's emulator skips the ~4 s build. Unset: built here.
 */
async function sharedTemplate(kind: WarehouseKind, dir: string | undefined): Promise<ArrayBuffer> {
  if (!dir) return buildTemplate(kind);
  const file = join(dir, `${kind}.tar`);
  try {
    const data = readFileSync(file);
    return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  } catch {
    const built = await buildTemplate(kind);
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed, so a parallel test file never reads half a template.
    const partial = `${file}.${process.pid}.${Date.now()}`;
    writeFileSync(partial, new Uint8Array(built));
    renameSync(partial, file);
    return built;
  }
}

async function buildTemplate(kind: WarehouseKind): Promise<ArrayBuffer> {
  const db = await PgWorker.start();
  try {
    await db.exec(SYSTEM_SQL + kindSql(kind) + VISIBILITY_SQL);
    const found = await db.query<{ relation: string; column: string }>(
      `SELECT c.relname AS relation, a.attname AS column
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'v') AND a.attnum > 0 AND NOT a.attisdropped`,
      [INTERNAL_SCHEMA],
    );
    const backing = new Map<string, Set<string>>();
    for (const row of found.rows) backing.set(row.relation, (backing.get(row.relation) ?? new Set()).add(row.column));
    await db.exec(systemViewsSql(kind, systemCatalog(), backing));
    return await db.dump();
  } finally {
    await db.close();
  }
}
