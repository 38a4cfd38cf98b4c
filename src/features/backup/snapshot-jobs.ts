/**
 * Job and watch types of `snapshot create|list|keep`. They are stored with each job and watch: never
 * rename one (a job queued before the change would find no handler).
 */
export const CREATE_JOB = 'snapshot.create';
export const LIST_JOB = 'snapshot.list';
/** Follows a new snapshot (created, or kept from a recovery point) until it is available. */
export const READY_WATCH = 'snapshot.ready';
