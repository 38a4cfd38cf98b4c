/**
 * A SQL statement that failed, worded as Redshift reports it through the Data API
 * (`ERROR: permission denied for schema pii`). `code` is the SQLSTATE when known.
 */
export class SqlError extends Error {
  /** The Redshift process id of the session it failed in, once known. */
  pid?: number;

  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SqlError';
  }

  /** Wraps a Postgres error (PGlite throws objects with `message`, `severity`, `code`). */
  static from(error: unknown): SqlError {
    if (error instanceof SqlError) return error;
    if (error instanceof Error) {
      const { severity, code } = error as Error & { severity?: unknown; code?: unknown };
      const level = typeof severity === 'string' && severity !== '' ? severity : 'ERROR';
      return new SqlError(`${level}: ${error.message}`, typeof code === 'string' ? code : undefined);
    }
    return new SqlError(`ERROR: ${String(error)}`);
  }
}

/** A statement of a batch failed: which one, and why. Everything before it was rolled back. */
export class BatchError extends Error {
  constructor(
    readonly index: number,
    readonly failure: SqlError,
    /** Durations (ms) of the sub-statements that ran before the failure. */
    readonly completedMs: number[],
  ) {
    super(failure.message);
    this.name = 'BatchError';
  }
}
