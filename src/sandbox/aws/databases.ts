/**
 * The databases behind the emulated warehouses, as the Redshift and Serverless services see them.
 * The PGlite host (data/host.ts) is the real one; keys are `cluster/<id>` or `namespace/<name>`.
 */

/** A dump of one warehouse's databases at one moment: what a snapshot or recovery point holds. */
export interface DatabaseImage {
  key: string;
  takenAt: number;
  data: Blob;
}

/** Where a table restore reads from (in an image) and writes to (in the live warehouse). */
export interface TableRestoreSpec {
  sourceDatabase: string;
  sourceSchema: string;
  sourceTable: string;
  targetDatabase: string;
  targetSchema: string;
  newTable: string;
}

/** What a table restore copied. */
export interface RestoredTable {
  rows: number;
  megabytes: number;
}

/** How a table restore ended, as both services keep it on their restore records. */
export type TableRestoreOutcome = ({ status: 'SUCCEEDED' } & RestoredTable) | TableRestoreEnd;

/** A restore that ended without a table: FAILED, or CANCELED (AWS cancels restores, e.g. for maintenance). */
export interface TableRestoreEnd {
  status: 'FAILED' | 'CANCELED';
  message: string;
}

/** What a service needs from its warehouses' databases; coded as a port so tests can pass an in-memory one. */
export interface WarehouseDatabases {
  /** Creates the warehouse's databases (seeded by the host). Awaited; the value is not used. */
  create(key: string): Promise<unknown> | void;
  /** Removes them when the warehouse is gone. Awaited; the value is not used. */
  drop(key: string): Promise<unknown> | void;
  image(key: string): Promise<DatabaseImage>;
  tableExists(key: string, database: string, schema: string, table: string): Promise<boolean>;
  /** Copies one table out of an image into a new table of the live databases; throws (with a user-facing message) when it cannot. */
  restoreTable(key: string, image: DatabaseImage, spec: TableRestoreSpec): Promise<RestoredTable>;
  /**
   * Loads the image as the whole content of warehouse `key` (a warehouse restored from a snapshot):
   * created if missing, its content replaced if it exists.
   */
  restoreWhole(key: string, image: DatabaseImage): Promise<void>;
}
