import { systemClock, type Clock } from '../../../clock';
import type { DatabaseImage, RestoredTable, TableRestoreSpec, WarehouseDatabases } from '../databases';
import { BatchError, SqlError } from './errors';
import type { SqlParameter } from './lexer';
import { Session, type StatementOutcome } from './session';
import { quoteIdent } from './sql-text';
import { Warehouse } from './warehouse';
import { relationExists, restoreTableInto } from './table-restore';

export { BatchError, SqlError } from './errors';
export type { SqlParameter } from './lexer';
export type { StatementOutcome } from './session';

/** One statement's result, with the Redshift process id of the session that ran it. */
export interface QueryOutcome extends StatementOutcome {
  pid: number;
}

export interface CreateOptions {
  /** The Redshift database names this warehouse serves (default `['dev']`); all map onto one Postgres. */
  databases?: string[];
  /** The standard seed (default true); false leaves only the system views and chatops_admin. */
  seed?: boolean;
  /** Start from this dump instead (e.g. a cluster restored from a snapshot). */
  image?: DatabaseImage;
}

export interface DatabaseHostOptions {
  clock?: Clock;
}

/**
 * The warehouses behind the emulator: one PGlite per key (`cluster/<id>` or `namespace/<name>`).
 * Statements run as their database user, so privileges are Postgres's own; Redshift-only syntax
 * is translated on the way in (translate.ts).
 */
export class DatabaseHost implements WarehouseDatabases {
  private readonly clock: Clock;
  private readonly warehouses = new Map<string, Promise<Warehouse>>();
  /** The last dump of a warehouse nothing has run on since: images of an unchanged warehouse share it (a dump takes ~0.2 s). */
  private readonly unchanged = new WeakMap<Warehouse, Blob>();

  constructor(options: DatabaseHostOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** Creates the warehouse's database; a second create of a live key does nothing. */
  async create(key: string, options: CreateOptions = {}): Promise<void> {
    if (this.warehouses.has(key)) {
      await this.warehouses.get(key);
      return;
    }
    const databases = options.databases && options.databases.length > 0 ? [...options.databases] : ['dev'];
    const opening = options.image
      ? Warehouse.load(key, databases, options.image.data)
      : Warehouse.create(key, databases, options.seed ?? true, this.clock.now());
    this.warehouses.set(key, opening);
    try {
      await opening;
    } catch (error) {
      this.warehouses.delete(key);
      throw error;
    }
  }

  has(key: string): boolean {
    return this.warehouses.has(key);
  }

  /** The Redshift database names a warehouse serves. */
  async databases(key: string): Promise<readonly string[]> {
    return (await this.get(key)).databases;
  }

  /** The keys of the live warehouses. */
  keys(): string[] {
    return [...this.warehouses.keys()];
  }

  async drop(key: string): Promise<void> {
    const opening = this.warehouses.get(key);
    if (!opening) return;
    this.warehouses.delete(key);
    const warehouse = await opening.catch(() => undefined);
    if (warehouse) await warehouse.queue.run(() => warehouse.close());
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.warehouses.keys()].map((key) => this.drop(key)));
  }

  /** A data-dir dump of the warehouse now (PGlite dumpDataDir, uncompressed). */
  async image(key: string): Promise<DatabaseImage> {
    const warehouse = await this.get(key);
    return warehouse.queue.run(async () => {
      const takenAt = this.clock.now();
      const data = this.unchanged.get(warehouse) ?? new Blob([await warehouse.db.dump()]);
      this.unchanged.set(warehouse, data);
      return { key, takenAt, data };
    });
  }

  async tableExists(key: string, database: string, schema: string, table: string): Promise<boolean> {
    const warehouse = await this.get(key);
    if (!warehouse.databases.includes(database)) return false;
    return warehouse.queue.run(() => relationExists(warehouse.db, schema, table));
  }

  /**
   * Copies one table out of an image into a NEW table of the live warehouse (Redshift never
   * overwrites), without the source's grants and owned as restored-table.ts says.
   */
  async restoreTable(key: string, image: DatabaseImage, spec: TableRestoreSpec): Promise<RestoredTable> {
    const warehouse = await this.get(key);
    return restoreTableInto(warehouse, image, spec, () => this.unchanged.delete(warehouse));
  }

  /**
   * Loads an image as the whole content of `key`: a new warehouse, or one whose content it replaces.
   * It serves the database names it served before, else those of the image's source, else `dev`.
   * The new content is in place before the old is closed, so statements queued meanwhile see one or the other.
   */
  async restoreWhole(key: string, image: DatabaseImage): Promise<void> {
    const previous = this.warehouses.get(key);
    const named = previous ?? this.warehouses.get(image.key);
    const databases = named ? (await named).databases : ['dev'];
    const opening = Warehouse.load(key, databases, image.data);
    this.warehouses.set(key, opening);
    let warehouse: Warehouse;
    try {
      warehouse = await opening;
    } catch (error) {
      if (this.warehouses.get(key) === opening) {
        if (previous) this.warehouses.set(key, previous);
        else this.warehouses.delete(key);
      }
      throw error;
    }
    // Nothing has run on it yet: its image is the one it was loaded from.
    this.unchanged.set(warehouse, image.data);
    const old = previous && (await previous.catch(() => undefined));
    if (old) await old.queue.run(() => old.close());
  }

  /**
   * Creates a database user with no privileges beyond PUBLIC's, unless it exists: an IAM identity's
   * user (`IAMR:<role>`), made on its first sign-in.
   */
  async ensureUser(key: string, user: string): Promise<void> {
    const warehouse = await this.get(key);
    await warehouse.queue.run(async () => {
      const { db } = warehouse;
      await db.exec('RESET ROLE');
      const found = await db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
      if (found.rows.length > 0) return;
      this.unchanged.delete(warehouse);
      await db.exec(`CREATE ROLE ${quoteIdent(user)} LOGIN`);
    });
  }

  /** Runs one Data API statement (or a script of several) as `dbUser`; throws SqlError when it fails. */
  async run(key: string, database: string, dbUser: string, sql: string, parameters: readonly SqlParameter[] = []): Promise<QueryOutcome> {
    const warehouse = await this.get(key);
    return warehouse.queue.run(async () => {
      this.unchanged.delete(warehouse);
      const session = await Session.open(warehouse, { database, user: dbUser, now: this.clock.now() });
      try {
        return { ...(await session.runScript(sql, parameters)), pid: session.pid };
      } catch (error) {
        const failure = SqlError.from(error);
        failure.pid = session.pid;
        throw failure;
      } finally {
        await session.close();
      }
    });
  }

  /**
   * BatchExecuteStatement: the SQLs in one transaction. The first failure rolls everything back
   * and throws BatchError naming the sub-statement.
   */
  async runBatch(
    key: string,
    database: string,
    dbUser: string,
    sqls: readonly string[],
    parameters: readonly SqlParameter[] = [],
  ): Promise<QueryOutcome[]> {
    const warehouse = await this.get(key);
    return warehouse.queue.run(async () => {
      this.unchanged.delete(warehouse);
      const session = await Session.open(warehouse, { database, user: dbUser, now: this.clock.now() });
      const outcomes: QueryOutcome[] = [];
      try {
        await session.begin();
        for (const [index, sql] of sqls.entries()) {
          try {
            outcomes.push({ ...(await session.runScript(sql, parameters)), pid: session.pid });
          } catch (error) {
            const failure = SqlError.from(error);
            failure.pid = session.pid;
            throw new BatchError(
              index,
              failure,
              outcomes.map((o) => o.durationMs),
            );
          }
        }
        await session.commit();
        return outcomes;
      } finally {
        await session.close();
      }
    });
  }

  private async get(key: string): Promise<Warehouse> {
    const opening = this.warehouses.get(key);
    if (!opening) throw new Error(`No database for ${key}`);
    return opening;
  }
}
