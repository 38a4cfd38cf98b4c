export { RedshiftServerlessService, type RedshiftServerlessOptions } from './service';
export { ServerlessState } from './state';
export { addNamespace, addWorkgroup } from './provision';
export { RECOVERY_POINT_INTERVAL_MS } from './recovery-schedule';
