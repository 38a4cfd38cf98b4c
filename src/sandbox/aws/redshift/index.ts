export { RedshiftService, REDSHIFT_API_VERSION, type RedshiftServiceOptions } from './service';
export { RedshiftState, defaultRedshiftLimits, type RedshiftLimits, type ClusterSpec } from './state';
export { clusterKey, type ClusterDatabases, type DatabaseImage, type TableRestoreSpec, type TableRestoreOutcome } from './ports';
export { MemoryClusterDatabases, type MemoryTable } from './memory-databases';
export { serveRedshift, type ServedRedshift } from './serve';
export { SEED_CLUSTER_ID } from './seed';
