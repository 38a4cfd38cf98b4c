export { RedshiftServerlessService, type RedshiftServerlessOptions } from './service';
export { ServerlessState, defaultServerlessLimits, type ServerlessLimits, type WorkgroupDirectoryEntry } from './state';
export { namespaceKey, type NamespaceDatabases } from './ports';
export { addNamespace, addWorkgroup, type NamespaceSpec, type WorkgroupSpec } from './provision';
export { SEED_SNAPSHOTS } from './seed';
export { RECOVERY_POINT_INTERVAL_MS } from './recovery-schedule';
export { RECOVERY_POINT_LIFETIME_MS } from './records';
