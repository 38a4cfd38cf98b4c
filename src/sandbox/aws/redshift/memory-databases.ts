import type { Clock } from '../../../clock';
import type { ClusterDatabases, DatabaseImage, TableRestoreOutcome, TableRestoreSpec } from './ports';

export interface MemoryTable {
  rows: number;
  megabytes: number;
}

/**
 * ClusterDatabases kept in memory: each database is a set of named tables with a row count and a
 * size. Images are JSON dumps of that set, so a restore brings back a table as it was when the
 * image was taken. For tests of the Redshift API and for running it without PGlite.
 */
export class MemoryClusterDatabases implements ClusterDatabases {
  private readonly databases = new Map<string, Map<string, MemoryTable>>();
  readonly dropped: string[] = [];

  /** @param initialTables tables every new database starts with, keyed `database.schema.table`. */
  constructor(
    private readonly initialTables: Readonly<Record<string, MemoryTable>> = {},
    private readonly clock?: Clock,
  ) {}

  create(key: string): void {
    if (this.databases.has(key)) throw new Error(`Database ${key} already exists`);
    this.databases.set(key, new Map(Object.entries(this.initialTables).map(([name, table]) => [name, { ...table }])));
  }

  has(key: string): boolean {
    return this.databases.has(key);
  }

  drop(key: string): void {
    this.databases.delete(key);
    this.dropped.push(key);
  }

  putTable(key: string, database: string, schema: string, table: string, data: MemoryTable): void {
    this.require(key).set(tableName(database, schema, table), { ...data });
  }

  table(key: string, database: string, schema: string, table: string): MemoryTable | undefined {
    return this.require(key).get(tableName(database, schema, table));
  }

  async image(key: string): Promise<DatabaseImage> {
    const tables = [...this.require(key).entries()];
    return { key, takenAt: this.clock?.now() ?? Date.now(), data: new Blob([JSON.stringify(tables)], { type: 'application/json' }) };
  }

  async tableExists(key: string, database: string, schema: string, table: string): Promise<boolean> {
    return this.require(key).has(tableName(database, schema, table));
  }

  async restoreTable(key: string, image: DatabaseImage, spec: TableRestoreSpec): Promise<TableRestoreOutcome> {
    const live = this.require(key);
    const saved = new Map(JSON.parse(await image.data.text()) as Array<[string, MemoryTable]>);
    const source = saved.get(tableName(spec.sourceDatabase, spec.sourceSchema, spec.sourceTable));
    if (!source) {
      throw new Error(`Table ${spec.sourceSchema}.${spec.sourceTable} does not exist in database ${spec.sourceDatabase} of the snapshot.`);
    }
    const target = tableName(spec.targetDatabase, spec.targetSchema, spec.newTable);
    if (live.has(target)) throw new Error(`Table ${spec.targetSchema}.${spec.newTable} already exists in database ${spec.targetDatabase}.`);
    live.set(target, { ...source });
    return { rows: source.rows, megabytes: source.megabytes };
  }

  private require(key: string): Map<string, MemoryTable> {
    const database = this.databases.get(key);
    if (!database) throw new Error(`Database ${key} does not exist`);
    return database;
  }
}

function tableName(database: string, schema: string, table: string): string {
  return `${database}.${schema}.${table}`;
}
