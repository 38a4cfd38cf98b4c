import type { WarehouseDatabases } from '../databases';

/**
 * What the Redshift emulator needs from the database host (PGlite, one database per cluster).
 * Keys are `cluster/<ClusterIdentifier>`. The emulator's server wires the real host; tests pass an
 * in-memory one.
 */
export type ClusterDatabases = WarehouseDatabases;

export function clusterKey(clusterIdentifier: string): string {
  return `cluster/${clusterIdentifier}`;
}
