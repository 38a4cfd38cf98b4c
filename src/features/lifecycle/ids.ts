/** Action ids, modal callback ids, job and watch types of the lifecycle feature. */

/** The preview's Confirm button (pause/resume); value = a ConfirmToken. */
export const CONFIRM_ACTION = 'lifecycle_confirm';
/** The maintenance alert's defer picker; value = days, block id = the target. */
export const DEFER_ACTION = 'lifecycle_defer';
export const DELETE_MODAL = 'lifecycle_delete';
/** Asks for the target when the command named none and several are configured. */
export const TARGET_MODAL = 'lifecycle_target';

/** Opens the approval request (posts its messages) after a click or a modal has acked. */
export const OPEN_JOB = 'lifecycle.open';
/** Runs an approved (or approval-free) operation: the request's executor. */
export const EXECUTE_JOB = 'lifecycle.execute';
/** Follows an operation until the target reaches the state it should end in. */
export const PROGRESS_WATCH = 'lifecycle.progress';

/** Delete modal blocks (field errors are keyed by block id). */
export const NAME_BLOCK = 'confirm_name';
export const FINAL_BLOCK = 'final_snapshot';
export const SNAPSHOT_NAME_BLOCK = 'snapshot_name';
export const RETENTION_BLOCK = 'retention';
export const VALUE = 'value';
export const TAKE_FINAL = 'take';
export const SKIP_FINAL = 'skip';
