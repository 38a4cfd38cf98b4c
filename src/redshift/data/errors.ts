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

/** We stopped waiting; the statement may still be running and can be looked up or cancelled by id. */
export class StatementTimeoutError extends Error {
  constructor(
    readonly statementId: string,
    readonly waitedMs: number,
    readonly lastStatus: string,
  ) {
    super(
      `The SQL statement is still ${lastStatus.toLowerCase()} after ${Math.round(waitedMs / 1000)} s; ` +
        `stopped waiting (Data API statement ${statementId})`,
    );
    this.name = 'StatementTimeoutError';
  }

  userMessage(): string {
    return this.message;
  }
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
