export { RedshiftService, REDSHIFT_API_VERSION, type RedshiftServiceOptions } from './service';
export { RedshiftState, defaultRedshiftLimits, type RedshiftLimits, type ClusterSpec } from './state';
export { clusterKey, type ClusterDatabases } from './ports';
export { SEED_CLUSTER_ID } from './seed';
