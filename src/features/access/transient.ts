import { StatementFailedError, StatementTimeoutError } from '../../redshift/data/errors';
import { AwsOperationError } from '../../redshift/errors';
import { DeadlinePassedError } from './deadline';

/** A GRANT that met a transient fault is tried again for at most this long (and never past the requested access's end). */
export const GRANT_RETRY_WINDOW_MS = 60 * 60_000;
/** The first retry after this, then twice as long each time, at most GRANT_RETRY_MAX_DELAY_MS. */
export const GRANT_RETRY_FIRST_DELAY_MS = 60_000;
export const GRANT_RETRY_MAX_DELAY_MS = 5 * 60_000;

/** Redshift's own words for a statement that lost a race and may simply be run again. */
const CONCURRENCY_CONFLICT = /serializable isolation violation|could not serialize|deadlock detected|concurrent transaction/i;

/**
 * Worth trying again later: throttling, an AWS 5xx, a network fault (AwsOperationError's retryable
 * flag), a statement that did not finish in time, or one that lost a concurrency race. A SQL error
 * such as permission denied, or a cancelled statement, is not: trying again would fail the same way.
 */
export function isTransient(error: unknown): boolean {
  // A full statement queue on the warehouse empties by itself; AWS sends it as a plain 400.
  if (error instanceof AwsOperationError) return error.retryable || error.fault === 'ActiveStatementsExceededException';
  if (error instanceof StatementTimeoutError || error instanceof DeadlinePassedError) return true;
  if (error instanceof StatementFailedError) return CONCURRENCY_CONFLICT.test(error.sqlError);
  return false;
}

/**
 * Whether a failed GRANT may have reached Redshift: not when ExecuteStatement itself was refused
 * (nothing was accepted), Redshift refused the SQL, or the statement was cancelled at its timeout.
 */
export function grantMayHaveLanded(error: unknown): boolean {
  if (error instanceof AwsOperationError) return error.operation !== 'ExecuteStatement';
  if (error instanceof StatementFailedError || error instanceof DeadlinePassedError) return false;
  if (error instanceof StatementTimeoutError) return !error.cancel.cancelled;
  return true;
}

/** How long after its `attempts`-th failed GRANT the next try is due. */
export function grantRetryDelayMs(attempts: number): number {
  return Math.min(GRANT_RETRY_FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1), GRANT_RETRY_MAX_DELAY_MS);
}

/** Plain words for why the GRANT is waiting, for the request's thread. */
export function transientReason(error: unknown): string {
  if (error instanceof AwsOperationError) {
    if (error.status === 429 || /thrott|TooManyRequests|RequestLimitExceeded|SlowDown/i.test(error.fault)) return 'AWS is throttling';
    if (error.status !== undefined && error.status >= 500) return `AWS answered with an error on its side (${error.fault})`;
    return `AWS could not be reached (${error.fault})`;
  }
  if (error instanceof StatementFailedError) return 'Redshift reported a conflict with another transaction';
  return 'the statement did not finish in time';
}
