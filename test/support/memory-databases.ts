import { systemClock, type Clock } from '../../src/clock';
import type { DatabaseImage, RestoredTable, TableRestoreSpec, WarehouseDatabases } from '../../src/sandbox/aws/databases';

export type MemoryRow = Record<string, string | number | boolean | null>;

/** A table's size as Redshift reports it. */
export interface MemoryTable {
  rows: number;
  megabytes: number;
}

/** A table as kept here: its size, and its rows when the test gave rows. */
interface StoredTable extends MemoryTable {
  data?: MemoryRow[];
}

type Tables = Map<string, StoredTable>;

const tableId = (database: string, schema: string, table: string): string => `${database}.${schema}.${table}`;

/**
 * The databases behind the Redshift and Serverless services, kept in memory so their API tests run
 * without PGlite: each warehouse is a set of named tables, an image a JSON dump of that set, so a
 * restore brings a table back as it was when the image was taken.
 */
export class MemoryDatabases implements WarehouseDatabases {
  private readonly warehouses = new Map<string, Tables>();
  /** Keys dropped so far, in order. */
  readonly dropped: string[] = [];

  /** @param initialTables tables every new warehouse starts with, keyed `database.schema.table`. */
  constructor(
    private readonly clock: Clock = systemClock,
    private readonly initialTables: Readonly<Record<string, MemoryTable>> = {},
  ) {}

  /** Like the PGlite host, a second create of a live key does nothing. */
  async create(key: string): Promise<void> {
    if (this.warehouses.has(key)) return;
    this.warehouses.set(key, new Map(Object.entries(this.initialTables).map(([id, table]) => [id, { ...table }])));
  }

  has(key: string): boolean {
    return this.warehouses.has(key);
  }

  async drop(key: string): Promise<void> {
    this.warehouses.delete(key);
    this.dropped.push(key);
  }

  async image(key: string): Promise<DatabaseImage> {
    const dump = JSON.stringify([...this.tables(key)]);
    return { key, takenAt: this.clock.now(), data: new Blob([dump], { type: 'application/json' }) };
  }

  async tableExists(key: string, database: string, schema: string, table: string): Promise<boolean> {
    return this.tables(key).has(tableId(database, schema, table));
  }

  async restoreTable(key: string, image: DatabaseImage, spec: TableRestoreSpec): Promise<RestoredTable> {
    const saved: Tables = new Map(JSON.parse(await image.data.text()) as Array<[string, StoredTable]>);
    const source = saved.get(tableId(spec.sourceDatabase, spec.sourceSchema, spec.sourceTable));
    if (!source) {
      // A Redshift restore always reads a snapshot; a Serverless one a snapshot or a recovery point.
      const backup = key.startsWith('namespace/') ? 'backup' : 'snapshot';
      throw new Error(`Table ${spec.sourceSchema}.${spec.sourceTable} does not exist in database ${spec.sourceDatabase} of the ${backup}.`);
    }
    const live = this.tables(key);
    const target = tableId(spec.targetDatabase, spec.targetSchema, spec.newTable);
    if (live.has(target)) throw new Error(`Table ${spec.targetSchema}.${spec.newTable} already exists in database ${spec.targetDatabase}.`);
    live.set(target, source);
    return { rows: source.rows, megabytes: source.megabytes };
  }

  /** The image's tables become the warehouse's whole content, whether or not it existed. */
  async restoreWhole(key: string, image: DatabaseImage): Promise<void> {
    this.warehouses.set(key, new Map(JSON.parse(await image.data.text()) as Array<[string, StoredTable]>));
  }

  /** Test set-up: creates or replaces a table, given its size or its rows. */
  putTable(key: string, database: string, schema: string, table: string, content: MemoryTable | MemoryRow[]): void {
    const stored: StoredTable = Array.isArray(content)
      ? { rows: content.length, megabytes: megabytesOf(content), data: content.map((row) => ({ ...row })) }
      : { ...content };
    this.tables(key).set(tableId(database, schema, table), stored);
  }

  /** A table's size, or undefined when it does not exist. */
  table(key: string, database: string, schema: string, table: string): MemoryTable | undefined {
    const stored = this.tables(key).get(tableId(database, schema, table));
    return stored && { rows: stored.rows, megabytes: stored.megabytes };
  }

  /** A table's rows, when the test gave it rows; undefined when it does not exist. */
  rows(key: string, database: string, schema: string, table: string): MemoryRow[] | undefined {
    return this.tables(key).get(tableId(database, schema, table))?.data;
  }

  private tables(key: string): Tables {
    const tables = this.warehouses.get(key);
    if (!tables) throw new Error(`No databases for ${key}.`);
    return tables;
  }
}

function megabytesOf(rows: readonly MemoryRow[]): number {
  return Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(rows)) / 1_048_576));
}
