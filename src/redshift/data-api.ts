import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  paginateGetStatementResult,
  type DescribeStatementResponse,
  type ExecuteStatementInput,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { systemClock, type Clock } from '../clock';
import type { Target } from '../config/targets';
import type { RedshiftClients } from './clients';
import { DataApiUsageError, StatementAbortedError, StatementFailedError, StatementTimeoutError, type TimeoutCancel } from './data/errors';
import { defaultPollPolicy, pollDelay, realSleep, type PollPolicy, type Sleep } from './data/poll';
import { columnsFrom, decodeRecords, type Column, type Row } from './data/rows';
import { AwsOperationError, awsCall } from './errors';
import { checkStatement, InvalidStatementError, toSqlParameters, type SqlStatement } from './sql';

export { DataApiUsageError, StatementAbortedError, StatementFailedError, StatementTimeoutError } from './data/errors';
export type { TimeoutCancel } from './data/errors';
export type { CellValue, Column, Row } from './data/rows';
export type { PollPolicy, Sleep } from './data/poll';

/** The Data API's statement states; FINISHED, FAILED and ABORTED are final. */
export type StatementStatus = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'ABORTED' | 'FAILED';

/** At most this many statements go in one BatchExecuteStatement (one transaction). */
export const MAX_BATCH = 40;
/** How long `execute` waits by default before cancelling a statement. */
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

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

export interface DataApiExecutorOptions {
  clients: RedshiftClients;
  clock?: Clock;
  sleep?: Sleep;
  poll?: Partial<PollPolicy>;
  timeoutMs?: number;
}

type WayIn = Pick<ExecuteStatementInput, 'ClusterIdentifier' | 'WorkgroupName' | 'Database' | 'DbUser' | 'SecretArn'>;

/** The ExecuteStatement fields that say which warehouse and which database identity. */
export function wayIn(target: Target, dbUser?: string): WayIn {
  if (target.kind === 'serverless') {
    if (dbUser !== undefined) {
      throw new DataApiUsageError(
        `Workgroup ${target.workgroup} is Redshift Serverless: the Data API cannot run a statement there as database user ${dbUser}`,
      );
    }
    return target.secretArn
      ? { WorkgroupName: target.workgroup, Database: target.database, SecretArn: target.secretArn }
      : { WorkgroupName: target.workgroup, Database: target.database };
  }
  if (target.secretArn !== undefined) {
    if (dbUser !== undefined) {
      throw new DataApiUsageError(
        `Cluster ${target.cluster} is reached with a stored secret: the Data API cannot run a statement there as database user ${dbUser}; configure dbUser instead of secretArn`,
      );
    }
    return { ClusterIdentifier: target.cluster, Database: target.database, SecretArn: target.secretArn };
  }
  return { ClusterIdentifier: target.cluster, Database: target.database, DbUser: dbUser ?? target.dbUser };
}

const FINAL = new Set<string>(['FINISHED', 'FAILED', 'ABORTED']);

/**
 * Runs SQL through the Redshift Data API: submit, poll DescribeStatement with backoff, then page
 * GetStatementResult into typed rows. Every result and error carries the statement id.
 */
export class DataApiExecutor {
  private readonly clients: RedshiftClients;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly policy: PollPolicy;
  private readonly timeoutMs: number;

  constructor(options: DataApiExecutorOptions) {
    this.clients = options.clients;
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.policy = { ...defaultPollPolicy, ...options.poll };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async execute(target: Target, statement: SqlStatement, options: ExecuteOptions = {}): Promise<StatementResult> {
    const submitted = await this.submit(target, statement, options);
    await options.onSubmit?.(submitted);
    return this.waitFor(submitted, { timeoutMs: options.timeoutMs });
  }

  /** Up to 40 statements in one transaction: all are applied or none. Results in order. */
  async executeBatch(target: Target, statements: readonly SqlStatement[], options: ExecuteOptions = {}): Promise<BatchResult> {
    const submitted = await this.submitBatch(target, statements, options);
    await options.onSubmit?.(submitted);
    return this.waitForBatch(submitted, { timeoutMs: options.timeoutMs });
  }

  async submit(
    target: Target,
    statement: SqlStatement,
    options: Omit<ExecuteOptions, 'onSubmit' | 'timeoutMs'> = {},
  ): Promise<SubmittedStatement> {
    checkStatement(statement);
    const input = {
      ...wayIn(target, options.dbUser),
      Sql: statement.sql,
      Parameters: toSqlParameters(statement.parameters),
      StatementName: options.statementName,
      ClientToken: options.clientToken,
    };
    const output = await awsCall('ExecuteStatement', () => this.client(target.region).send(new ExecuteStatementCommand(input)), {
      resource: describeTarget(target),
    });
    return submittedFrom(output.Id, target.region, output.CreatedAt, 'ExecuteStatement');
  }

  async submitBatch(
    target: Target,
    statements: readonly SqlStatement[],
    options: Omit<ExecuteOptions, 'onSubmit' | 'timeoutMs'> = {},
  ): Promise<SubmittedStatement> {
    if (statements.length === 0) throw new InvalidStatementError('a batch needs at least one statement');
    if (statements.length > MAX_BATCH)
      throw new InvalidStatementError(`a batch holds at most ${MAX_BATCH} statements, not ${statements.length}`);
    statements.forEach(checkStatement);
    const input = {
      ...wayIn(target, options.dbUser),
      Sqls: statements.map((s) => s.sql),
      Parameters: toSqlParameters(mergeParameters(statements)),
      StatementName: options.statementName,
      ClientToken: options.clientToken,
    };
    const output = await awsCall('BatchExecuteStatement', () => this.client(target.region).send(new BatchExecuteStatementCommand(input)), {
      resource: describeTarget(target),
    });
    return submittedFrom(output.Id, target.region, output.CreatedAt, 'BatchExecuteStatement');
  }

  /** Waits until the statement ends; FAILED and ABORTED become typed errors. */
  async waitFor(statement: string | SubmittedStatement, options: WaitOptions = {}): Promise<StatementResult> {
    const { id, region } = ref(statement, options);
    const client = this.client(region);
    const final = await this.settle(client, id, options.timeoutMs ?? this.timeoutMs);
    return this.result(client, final, id);
  }

  async waitForBatch(statement: string | SubmittedStatement, options: WaitOptions = {}): Promise<BatchResult> {
    const { id, region } = ref(statement, options);
    const client = this.client(region);
    const final = await this.settle(client, id, options.timeoutMs ?? this.timeoutMs);
    const subs = final.SubStatements ?? [];
    // The batch is one transaction: when it failed, nothing was applied, so report the failing statement.
    if (final.Status === 'FAILED') {
      const failed = subs.find((sub) => sub.Status === 'FAILED');
      throw new StatementFailedError(
        failed?.Id ?? id,
        failed?.Error ?? final.Error ?? 'no error text from Redshift',
        failed?.QueryString,
        id,
      );
    }
    if (final.Status === 'ABORTED') throw new StatementAbortedError(id, undefined, id);
    const statements: StatementResult[] = [];
    for (const sub of subs) {
      statements.push(await this.result(client, sub, sub.Id ?? id));
    }
    return { id, status: 'FINISHED', durationMs: durationMs(final.Duration) ?? 0, statements };
  }

  /** One look at the statement, no waiting. */
  async describe(statement: string | SubmittedStatement, options: { region?: string } = {}): Promise<StatementProgress> {
    const { id, region } = ref(statement, options);
    const d = await this.describeOnce(this.client(region), id);
    const progress: StatementProgress = { id, status: statusOf(d.Status), hasResultSet: d.HasResultSet === true };
    if (d.Error) progress.error = d.Error;
    if (d.ResultRows !== undefined) progress.resultRows = d.ResultRows;
    const ms = durationMs(d.Duration);
    if (ms !== undefined) progress.durationMs = ms;
    if (d.QueryString) progress.sql = d.QueryString;
    return progress;
  }

  /** Asks the Data API to stop a running statement; true when it accepted. */
  async cancel(statement: string | SubmittedStatement, options: { region?: string } = {}): Promise<boolean> {
    const { id, region } = ref(statement, options);
    const output = await awsCall('CancelStatement', () => this.client(region).send(new CancelStatementCommand({ Id: id })), {
      resource: `Data API statement ${id}`,
    });
    return output.Status === true;
  }

  private client(region: string | undefined): RedshiftDataClient {
    return this.clients.data(region);
  }

  private describeOnce(client: RedshiftDataClient, id: string): Promise<DescribeStatementResponse> {
    return awsCall('DescribeStatement', () => client.send(new DescribeStatementCommand({ Id: id })), {
      resource: `Data API statement ${id}`,
    });
  }

  /**
   * Polls with backoff until a final state; at the timeout the statement is cancelled, so nothing
   * the caller gave up on is applied later behind its back. The injected clock and sleep keep tests instant.
   */
  private async settle(client: RedshiftDataClient, id: string, timeoutMs: number): Promise<DescribeStatementResponse> {
    const started = this.clock.now();
    for (let attempt = 0; ; attempt += 1) {
      const d = await this.describeOnce(client, id);
      const status = d.Status ?? 'SUBMITTED';
      if (FINAL.has(status)) return d;
      const waited = this.clock.now() - started;
      if (waited >= timeoutMs) throw new StatementTimeoutError(id, waited, status, await this.cancelOnTimeout(client, id));
      await this.sleep(Math.min(pollDelay(attempt, this.policy), timeoutMs - waited));
    }
  }

  private async cancelOnTimeout(client: RedshiftDataClient, id: string): Promise<TimeoutCancel> {
    try {
      const output = await awsCall('CancelStatement', () => client.send(new CancelStatementCommand({ Id: id })), {
        resource: `Data API statement ${id}`,
      });
      return output.Status === true ? { cancelled: true } : { cancelled: false, fault: 'the Data API did not accept the cancel' };
    } catch (error) {
      if (!(error instanceof AwsOperationError)) throw error;
      return { cancelled: false, fault: `${error.fault}: ${error.awsMessage}` };
    }
  }

  /** A finished statement's rows; a failed or aborted one as its typed error. */
  private async result(
    client: RedshiftDataClient,
    d: Pick<DescribeStatementResponse, 'Status' | 'Error' | 'QueryString' | 'HasResultSet' | 'ResultRows' | 'Duration'>,
    id: string,
  ): Promise<StatementResult> {
    const batchId = id.includes(':') ? id.slice(0, id.indexOf(':')) : undefined;
    if (d.Status === 'FAILED') throw new StatementFailedError(id, d.Error ?? 'no error text from Redshift', d.QueryString, batchId);
    if (d.Status === 'ABORTED') throw new StatementAbortedError(id, d.QueryString, batchId);
    const hasResultSet = d.HasResultSet === true;
    const result: StatementResult = {
      id,
      status: 'FINISHED',
      rows: [],
      columns: [],
      totalRows: 0,
      hasResultSet,
      durationMs: durationMs(d.Duration) ?? 0,
    };
    if (!hasResultSet) {
      if (d.ResultRows !== undefined && d.ResultRows >= 0) result.affectedRows = d.ResultRows;
      return result;
    }
    let total: number | undefined;
    await awsCall(
      'GetStatementResult',
      async () => {
        for await (const page of paginateGetStatementResult({ client }, { Id: id })) {
          if (result.columns.length === 0 && page.ColumnMetadata) result.columns = columnsFrom(page.ColumnMetadata);
          total ??= page.TotalNumRows;
          result.rows.push(...decodeRecords(page.Records ?? [], result.columns));
        }
      },
      { resource: `Data API statement ${id}` },
    );
    result.totalRows = total ?? result.rows.length;
    return result;
  }
}

/** A batch shares one parameter list; the same name must carry the same value everywhere. */
function mergeParameters(statements: readonly SqlStatement[]): Record<string, string> | undefined {
  const merged: Record<string, string> = {};
  for (const { parameters } of statements) {
    for (const [name, value] of Object.entries(parameters ?? {})) {
      if (name in merged && merged[name] !== value) {
        throw new InvalidStatementError(`parameter :${name} has different values in one batch; give each value its own name`);
      }
      merged[name] = value;
    }
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

function ref(statement: string | SubmittedStatement, options: { region?: string }): { id: string; region?: string } {
  return typeof statement === 'string'
    ? { id: statement, region: options.region }
    : { id: statement.id, region: options.region ?? statement.region };
}

function submittedFrom(
  id: string | undefined,
  region: string | undefined,
  createdAt: Date | undefined,
  operation: string,
): SubmittedStatement {
  // The model marks Id optional; a response without one cannot be tracked, so treat it as a fault.
  if (!id)
    throw new AwsOperationError({
      fault: 'MissingStatementId',
      operation,
      retryable: false,
      awsMessage: 'the response held no statement Id',
    });
  const submitted: SubmittedStatement = { id };
  if (region !== undefined) submitted.region = region;
  if (createdAt !== undefined) submitted.createdAt = createdAt;
  return submitted;
}

function statusOf(status: string | undefined): StatementStatus {
  switch (status) {
    case 'PICKED':
    case 'STARTED':
    case 'FINISHED':
    case 'ABORTED':
    case 'FAILED':
      return status;
    default:
      return 'SUBMITTED';
  }
}

/** DescribeStatement's Duration is in nanoseconds; -1 or absent when unknown. */
function durationMs(nanoseconds: number | undefined): number | undefined {
  return nanoseconds !== undefined && nanoseconds >= 0 ? Math.round(nanoseconds / 1e6) : undefined;
}

function describeTarget(target: Target): string {
  return target.kind === 'provisioned' ? `cluster ${target.cluster}` : `workgroup ${target.workgroup}`;
}
