/**
 * What the Redshift emulator needs from the database host (PGlite, one database per cluster).
 * Keys are `cluster/<ClusterIdentifier>`. Coded as our own port so the service can be tested
 * with an in-memory implementation and wired to the real host by the emulator's server.
 */

/** A dump of a cluster's database taken at one moment: what a snapshot holds. */
export interface DatabaseImage {
  key: string;
  takenAt: number;
  data: Blob;
}

export interface TableRestoreSpec {
  sourceDatabase: string;
  sourceSchema: string;
  sourceTable: string;
  targetDatabase: string;
  targetSchema: string;
  newTable: string;
}

export interface TableRestoreOutcome {
  rows: number;
  megabytes: number;
}

export interface ClusterDatabases {
  /** Creates the cluster's database (seeded by the host). Awaited; the value is not used. */
  create(key: string): Promise<unknown> | void;
  /** Removes the cluster's database when the cluster is gone. Awaited; the value is not used. */
  drop(key: string): Promise<unknown> | void;
  image(key: string): Promise<DatabaseImage>;
  tableExists(key: string, database: string, schema: string, table: string): Promise<boolean>;
  /** Copies one table out of an image into the live database; throws when it cannot. */
  restoreTable(key: string, image: DatabaseImage, spec: TableRestoreSpec): Promise<TableRestoreOutcome>;
}

export function clusterKey(clusterIdentifier: string): string {
  return `cluster/${clusterIdentifier}`;
}
