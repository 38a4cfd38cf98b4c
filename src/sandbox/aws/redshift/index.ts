export { RedshiftService } from './service';
export { RedshiftState, type RedshiftLimits } from './state';
export type { ClusterDatabases } from './ports';
