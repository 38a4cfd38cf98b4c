import type { DatabaseImage, NamespaceDatabases, TableRestoreResult, TableRestoreTarget } from './ports';

export type MemoryRow = Record<string, string | number | boolean | null>;

type Tables = Record<string, MemoryRow[]>;

const tableId = (database: string, schema: string, table: string): string => `${database}.${schema}.${table}`;

/**
 * NamespaceDatabases kept in memory: tables of plain rows, images as JSON blobs. It lets the
 * Serverless service run without PGlite (unit-sized tests, quick demos); the PGlite host is the
 * real one.
 */
export class MemoryNamespaceDatabases implements NamespaceDatabases {
  private readonly namespaces = new Map<string, Map<string, MemoryRow[]>>();
  /** Keys dropped so far, in order. */
  readonly dropped: string[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  async create(key: string): Promise<void> {
    if (!this.namespaces.has(key)) this.namespaces.set(key, new Map());
  }

  has(key: string): boolean {
    return this.namespaces.has(key);
  }

  async drop(key: string): Promise<void> {
    this.namespaces.delete(key);
    this.dropped.push(key);
  }

  async image(key: string): Promise<DatabaseImage> {
    const tables: Tables = Object.fromEntries([...this.tables(key)].map(([id, rows]) => [id, rows.map((row) => ({ ...row }))]));
    return { key, takenAt: this.now(), data: new Blob([JSON.stringify(tables)], { type: 'application/json' }) };
  }

  async tableExists(key: string, database: string, schema: string, table: string): Promise<boolean> {
    return this.tables(key).has(tableId(database, schema, table));
  }

  async restoreTable(key: string, image: DatabaseImage, target: TableRestoreTarget): Promise<TableRestoreResult> {
    const saved = JSON.parse(await image.data.text()) as Tables;
    const rows = saved[tableId(target.sourceDatabase, target.sourceSchema, target.sourceTable)];
    if (!rows) {
      throw new Error(`Table ${target.sourceSchema}.${target.sourceTable} does not exist in database ${target.sourceDatabase} of the backup.`);
    }
    const tables = this.tables(key);
    const into = tableId(target.targetDatabase, target.targetSchema, target.newTable);
    if (tables.has(into)) throw new Error(`Table ${target.targetSchema}.${target.newTable} already exists in database ${target.targetDatabase}.`);
    tables.set(into, rows);
    return { rows: rows.length, megabytes: Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(rows)) / 1_048_576)) };
  }

  /** Test set-up: creates or replaces a table. */
  putTable(key: string, database: string, schema: string, table: string, rows: MemoryRow[]): void {
    this.tables(key).set(tableId(database, schema, table), rows.map((row) => ({ ...row })));
  }

  rows(key: string, database: string, schema: string, table: string): MemoryRow[] | undefined {
    return this.tables(key).get(tableId(database, schema, table));
  }

  private tables(key: string): Map<string, MemoryRow[]> {
    const tables = this.namespaces.get(key);
    if (!tables) throw new Error(`No databases for ${key}.`);
    return tables;
  }
}
