import type { Column, Row } from './rows';

/** The Data API's statement states; FINISHED, FAILED and ABORTED are final. */
export type StatementStatus = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'ABORTED' | 'FAILED';

/** A statement the Data API accepted; keep it to look the statement up or cancel it later. */
export interface SubmittedStatement {
  id: string;
  /** The target's region, to reach the same Data API endpoint again. */
  region?: string;
  createdAt?: Date;
}

export interface StatementResult {
  /** The Data API statement id (`<batch id>:<n>` inside a batch), for the audit log. */
  id: string;
  status: 'FINISHED';
  rows: Row[];
  columns: Column[];
  /** Rows in the result set; 0 when the statement returns none. */
  totalRows: number;
  /** Rows inserted, updated or deleted, for statements without a result set, when Redshift says. */
  affectedRows?: number;
  hasResultSet: boolean;
  durationMs: number;
}

export interface BatchResult {
  id: string;
  status: 'FINISHED';
  durationMs: number;
  /** One per statement, in order. */
  statements: StatementResult[];
}

export interface ExecuteOptions {
  /** Run as another database user; only for provisioned targets that use `dbUser` (temporary credentials). */
  dbUser?: string;
  statementName?: string;
  /** Idempotency token (catalog: data_api_client_token; AWS documents no lifetime); the SDK makes one per call when left out. */
  clientToken?: string;
  /** Cancel the statement after waiting this long (StatementTimeoutError); default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Told the statement id as soon as AWS accepts it, before waiting, so it can be audited even if waiting fails. */
  onSubmit?: (submitted: SubmittedStatement) => void | Promise<void>;
}

export interface WaitOptions {
  /** The region the statement was submitted to, when not passing the SubmittedStatement itself. */
  region?: string;
  timeoutMs?: number;
}

/** Where a statement stands, without waiting (for jobs that check back on each tick). */
export interface StatementProgress {
  id: string;
  status: StatementStatus;
  error?: string;
  hasResultSet: boolean;
  /** Rows returned or changed so far, as the Data API counts them (-1 when it does not know). */
  resultRows?: number;
  durationMs?: number;
  sql?: string;
}
