/**
 * What the Serverless emulator needs from the databases behind its namespaces. The emulator's
 * PGlite host (src/sandbox/aws/data/host.ts) satisfies it; tests can pass MemoryNamespaceDatabases.
 * Keys are `namespace/<namespaceName>`.
 */

/** A point-in-time copy of one namespace's databases (a PGlite data-dir dump for the real host). */
export interface DatabaseImage {
  key: string;
  takenAt: number;
  data: Blob;
}

/** Where a table restore reads from and writes to. */
export interface TableRestoreTarget {
  sourceDatabase: string;
  sourceSchema: string;
  sourceTable: string;
  targetDatabase: string;
  targetSchema: string;
  newTable: string;
}

export interface TableRestoreResult {
  rows: number;
  megabytes: number;
}

export interface NamespaceDatabases {
  /** Creates the namespace's databases; its result is awaited and otherwise ignored. */
  create(key: string): unknown;
  /** Removes them when the namespace is gone; awaited, result ignored. */
  drop(key: string): unknown;
  image(key: string): Promise<DatabaseImage>;
  tableExists(key: string, database: string, schema: string, table: string): Promise<boolean>;
  /** Copies one table out of `image` into the live databases; throws (with a user-facing message) when it cannot. */
  restoreTable(key: string, image: DatabaseImage, target: TableRestoreTarget): Promise<TableRestoreResult>;
}

export function namespaceKey(namespaceName: string): string {
  return `namespace/${namespaceName}`;
}
