import { optionalBoolean, optionalNumber, optionalString, type Input } from './access';
import { readToken, writeToken } from './paging';
import { toColumnMetadata, toField } from './records';
import type { SqlParameter } from './lexer';
import { listEntry, runStatus, STATUS_FILTERS, statusOf, type SqlRun, type StatementRecord, type StatementStatus } from './statements';
import { epochSeconds, validation } from './wire';

/** What the Data API answers about statements it holds (ExecuteStatement's Id, GetStatementResult, ListStatements), and what ran, for tests. */

const NO_RESULT = 'Query does not have result. Please check query status with DescribeStatement.';

/** What ran, for tests: one entry per SQL text (a batch's sub-statements each have one). */
export interface ExecutedStatement {
  id: string;
  key: string;
  database: string;
  user: string;
  sql: string;
  parameters?: SqlParameter[];
  status: StatementStatus;
  error?: string;
}

/** Every SQL text that ran, oldest first, with its status now. */
export function executedStatements(records: Iterable<StatementRecord>, now: number): ExecutedStatement[] {
  return [...records].flatMap((record) =>
    record.runs
      .filter((run) => !run.skipped)
      .map((run) => ({
        id: run.id,
        key: record.target.key,
        database: record.target.database,
        user: record.target.user,
        sql: run.sql,
        parameters: record.parameters,
        status: runStatus(record, run, now),
        error: run.error,
      })),
  );
}

/** What ExecuteStatement and BatchExecuteStatement answer: the statement's Id and where it runs. */
export function submittedAnswer(record: StatementRecord): unknown {
  const { target } = record;
  return {
    Id: record.id,
    CreatedAt: epochSeconds(record.createdAt),
    ClusterIdentifier: target.clusterIdentifier,
    WorkgroupName: target.workgroupName,
    Database: target.database,
    DbUser: target.echoUser ? target.user : undefined,
    SecretArn: target.secretArn,
  };
}

/** One page of a finished statement's rows (a statement, or a batch's sub-statement `run`). */
export function statementResult(input: Input, record: StatementRecord, run: SqlRun | undefined, now: number, pageSize: number): unknown {
  const target = run ?? (record.isBatch ? undefined : record.runs[0]);
  const outcome = target?.outcome;
  if (!target || !outcome || runStatus(record, target, now) !== 'FINISHED' || !outcome.hasResultSet) {
    throw validation(NO_RESULT);
  }
  const offset = readToken(optionalString(input, 'NextToken'), target.id);
  const page = outcome.rows.slice(offset, offset + pageSize);
  const next = offset + page.length;
  return {
    Records: page.map((row) => row.map((value, i) => toField(value, outcome.columns[i]?.typeId ?? 25))),
    ColumnMetadata: outcome.columns.map(toColumnMetadata),
    TotalNumRows: outcome.rows.length,
    NextToken: next < outcome.rows.length ? writeToken(target.id, next) : undefined,
  };
}

/** ListStatements: newest first, filtered by status, name prefix and where they ran. */
export function listStatements(input: Input, records: Iterable<StatementRecord>, now: number): unknown {
  const status = optionalString(input, 'Status') ?? 'ALL';
  if (!STATUS_FILTERS.includes(status)) {
    throw validation(
      `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${STATUS_FILTERS.join(', ')}]`,
    );
  }
  const name = optionalString(input, 'StatementName');
  const cluster = optionalString(input, 'ClusterIdentifier');
  const workgroup = optionalString(input, 'WorkgroupName');
  const database = optionalString(input, 'Database');
  const max = optionalNumber(input, 'MaxResults') ?? 100;
  optionalBoolean(input, 'RoleLevel');
  if (!Number.isInteger(max) || max < 0 || max > 100) throw validation('MaxResults must be between 0 and 100.');
  const matching = [...records]
    .filter((r) => status === 'ALL' || statusOf(r, now) === status)
    .filter((r) => name === undefined || r.statementName?.startsWith(name))
    .filter((r) => cluster === undefined || r.target.clusterIdentifier === cluster)
    .filter((r) => workgroup === undefined || r.target.workgroupName === workgroup)
    .filter((r) => database === undefined || r.target.database === database)
    .sort((a, b) => b.createdAt - a.createdAt);
  const offset = readToken(optionalString(input, 'NextToken'), 'list');
  const size = max === 0 ? 100 : max;
  const page = matching.slice(offset, offset + size);
  return {
    Statements: page.map((r) => listEntry(r, now)),
    NextToken: offset + page.length < matching.length ? writeToken('list', offset + page.length) : undefined,
  };
}
