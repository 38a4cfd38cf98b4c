import type { QueryOutcome } from './host';
import type { SqlParameter } from './lexer';
import { epochSeconds } from './wire';

export type StatementStatus = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'ABORTED' | 'FAILED';

/** StatusString of the API reference: the statuses, and ALL as ListStatements' filter. */
export const STATUS_FILTERS: readonly string[] = ['SUBMITTED', 'PICKED', 'STARTED', 'FINISHED', 'ABORTED', 'FAILED', 'ALL'];

/** How the statement reached its database: what DescribeStatement echoes back. */
export interface StatementTarget {
  key: string;
  database: string;
  /** The database user the SQL ran as. */
  user: string;
  clusterIdentifier?: string;
  workgroupName?: string;
  secretArn?: string;
  /** Whether the caller named the user (DbUser), so it is echoed back. */
  echoUser: boolean;
  /** The user is the caller's IAM identity (`IAMR:<role>`), created on first use. */
  iamIdentity?: boolean;
}

/** One SQL text's result: a whole ExecuteStatement, or one sub-statement of a batch. */
export interface SqlRun {
  id: string;
  sql: string;
  outcome?: QueryOutcome;
  /** Set when it failed (Redshift's wording) … */
  error?: string;
  /** … or when it never ran because an earlier sub-statement failed. */
  skipped?: boolean;
  queryId: number;
}

/**
 * A Data API statement. SUBMITTED -> PICKED -> STARTED until `finishAt` on the emulator's clock; its
 * SQL is applied then, as one commit, and it is FINISHED or FAILED. Cancelled before that, it is
 * ABORTED and nothing of it was applied.
 */
export interface StatementRecord {
  id: string;
  target: StatementTarget;
  runs: SqlRun[];
  isBatch: boolean;
  parameters?: SqlParameter[];
  statementName?: string;
  withEvent?: boolean;
  clientToken?: string;
  createdAt: number;
  finishAt: number;
  cancelledAt?: number;
  pid: number;
}

/** Whether the statement's SQL has run (every SQL text has an outcome, an error, or was skipped). */
export function hasRun(record: StatementRecord): boolean {
  return record.runs.length > 0 && record.runs.every((run) => run.outcome !== undefined || run.error !== undefined || run.skipped);
}

export function statusOf(record: StatementRecord, now: number): StatementStatus {
  if (record.cancelledAt !== undefined) return 'ABORTED';
  if (hasRun(record)) return record.runs.some((run) => run.error !== undefined) ? 'FAILED' : 'FINISHED';
  // Its time is up and the SQL is being applied this moment.
  if (now >= record.finishAt) return 'STARTED';
  const share = (now - record.createdAt) / (record.finishAt - record.createdAt);
  return share < 0.1 ? 'SUBMITTED' : share < 0.2 ? 'PICKED' : 'STARTED';
}

export function isTerminal(status: StatementStatus): boolean {
  return status === 'FINISHED' || status === 'FAILED' || status === 'ABORTED';
}

/** A sub-statement's own status once the batch is over; before that it shares the batch's. */
export function runStatus(record: StatementRecord, run: SqlRun, now: number): StatementStatus {
  const status = statusOf(record, now);
  if (status === 'ABORTED' || !isTerminal(status)) return status;
  if (run.error !== undefined) return 'FAILED';
  return run.skipped ? 'ABORTED' : 'FINISHED';
}

/** When the statement last changed, for UpdatedAt. */
export function updatedAt(record: StatementRecord, now: number): number {
  if (record.cancelledAt !== undefined) return record.cancelledAt;
  return Math.min(now, record.finishAt);
}

/** Duration in nanoseconds, as DescribeStatement reports it; -1 until it ends. */
export function durationNs(record: StatementRecord, run: SqlRun | undefined, now: number): number {
  const status = statusOf(record, now);
  if (status !== 'FINISHED' && status !== 'FAILED') return -1;
  const waited = record.finishAt - record.createdAt;
  const ran = run ? (run.outcome?.durationMs ?? 0) : record.runs.reduce((sum, r) => sum + (r.outcome?.durationMs ?? 0), 0);
  return Math.max(1, Math.round(Math.max(waited, ran) * 1_000_000));
}

/** DescribeStatement's answer for a statement, or for one sub-statement of a batch (`<id>:<n>`). */
export function describeRecord(record: StatementRecord, run: SqlRun | undefined, now: number): Record<string, unknown> {
  const status = run ? runStatus(record, run, now) : statusOf(record, now);
  const single = run ?? (record.isBatch ? undefined : record.runs[0]);
  const runs = single ? [single] : record.runs;
  const finished = status === 'FINISHED';
  return {
    Id: run?.id ?? record.id,
    Status: status,
    Error: status === 'FAILED' ? runs.find((r) => r.error !== undefined)?.error : undefined,
    HasResultSet: finished && runs.some((r) => r.outcome?.hasResultSet),
    ResultRows: finished ? runs.reduce((n, r) => n + (r.outcome?.rowCount ?? 0), 0) : -1,
    ResultSize: finished ? resultSize(runs) : -1,
    Duration: durationNs(record, single, now),
    QueryString: single?.sql ?? record.runs.map((r) => r.sql).join('; '),
    QueryParameters: record.parameters,
    RedshiftPid: record.pid,
    RedshiftQueryId: single?.queryId ?? 0,
    ClusterIdentifier: record.target.clusterIdentifier,
    WorkgroupName: record.target.workgroupName,
    Database: record.target.database,
    DbUser: record.target.echoUser ? record.target.user : undefined,
    SecretArn: record.target.secretArn,
    CreatedAt: epochSeconds(record.createdAt),
    UpdatedAt: epochSeconds(updatedAt(record, now)),
    SubStatements: record.isBatch && !run ? record.runs.map((r) => subStatement(record, r, now)) : undefined,
  };
}

function subStatement(record: StatementRecord, run: SqlRun, now: number): Record<string, unknown> {
  const status = runStatus(record, run, now);
  const finished = status === 'FINISHED';
  return {
    Id: run.id,
    Status: status,
    Error: status === 'FAILED' ? run.error : undefined,
    HasResultSet: finished && Boolean(run.outcome?.hasResultSet),
    ResultRows: finished ? (run.outcome?.rowCount ?? 0) : -1,
    ResultSize: finished ? resultSize([run]) : -1,
    Duration: finished || status === 'FAILED' ? durationNs(record, run, now) : -1,
    QueryString: run.sql,
    RedshiftQueryId: run.queryId,
    CreatedAt: epochSeconds(record.createdAt),
    UpdatedAt: epochSeconds(updatedAt(record, now)),
  };
}

/** ListStatements' entry for a statement. */
export function listEntry(record: StatementRecord, now: number): Record<string, unknown> {
  return {
    Id: record.id,
    Status: statusOf(record, now),
    StatementName: record.statementName,
    QueryString: record.isBatch ? undefined : record.runs[0]?.sql,
    QueryStrings: record.isBatch ? record.runs.map((run) => run.sql) : undefined,
    QueryParameters: record.parameters,
    IsBatchStatement: record.isBatch,
    SecretArn: record.target.secretArn,
    CreatedAt: epochSeconds(record.createdAt),
    UpdatedAt: epochSeconds(updatedAt(record, now)),
  };
}

function resultSize(runs: SqlRun[]): number {
  return runs.reduce((n, run) => n + (run.outcome?.hasResultSet ? Buffer.byteLength(JSON.stringify(run.outcome.rows)) : 0), 0);
}
