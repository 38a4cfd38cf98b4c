/** What can go wrong with a statement once the Data API has it, each with the statement's id for the audit log. */

/** The SQL ran and Redshift refused it (FAILED): a permission, a syntax error, a missing table… */
export class StatementFailedError extends Error {
  constructor(
    /** The Data API id of the statement that failed (`<batch id>:<n>` inside a batch). */
    readonly statementId: string,
    /** Redshift's error text, e.g. `ERROR: permission denied for schema pii`. */
    readonly sqlError: string,
    readonly sql?: string,
    /** The batch it belonged to, if any. */
    readonly batchId?: string,
  ) {
    super(`The SQL statement failed: ${sqlError} (Data API statement ${statementId})`);
    this.name = 'StatementFailedError';
  }

  userMessage(): string {
    return this.message;
  }
}

/** The statement was cancelled (CancelStatement, or Redshift ended it) before it finished. */
export class StatementAbortedError extends Error {
  constructor(
    readonly statementId: string,
    readonly sql?: string,
    readonly batchId?: string,
  ) {
    super(`The SQL statement was cancelled before it finished (Data API statement ${statementId})`);
    this.name = 'StatementAbortedError';
  }

  userMessage(): string {
    return this.message;
  }
}

/** What became of the statement when waiting for it timed out. */
export type TimeoutCancel = { cancelled: true } | { cancelled: false; fault: string };

/**
 * We stopped waiting and asked the Data API to cancel the statement: then nothing of it was
 * applied. When the cancel failed (`fault` says why), it may still be running or have finished.
 */
export class StatementTimeoutError extends Error {
  constructor(
    readonly statementId: string,
    readonly waitedMs: number,
    readonly lastStatus: string,
    readonly cancel: TimeoutCancel = { cancelled: false, fault: 'no cancel was asked' },
  ) {
    super(
      cancel.cancelled
        ? `The SQL statement was still ${lastStatus.toLowerCase()} after ${seconds(waitedMs)}, so it was cancelled and nothing of it ` +
            `was applied (Data API statement ${statementId})`
        : `The SQL statement was still ${lastStatus.toLowerCase()} after ${seconds(waitedMs)}; cancelling it failed (${cancel.fault}), ` +
            `so it may still be running or have finished (Data API statement ${statementId})`,
    );
    this.name = 'StatementTimeoutError';
  }

  userMessage(): string {
    return this.message;
  }
}

function seconds(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}

/** A request the target's way in cannot serve, refused before anything is sent. */
export class DataApiUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataApiUsageError';
  }

  userMessage(): string {
    return this.message;
  }
}
