import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  ExecuteStatementCommand,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { systemClock, type Clock } from '../clock';
import type { Target } from '../config/targets';
import type { RedshiftClients } from './clients';
import { defaultPollPolicy, realSleep, type PollPolicy, type Sleep } from './data/poll';
import { batchResult, statementResult } from './data/result';
import { describeOnce, pollUntilFinal, progressOf, type Polling } from './data/statement';
import { checkBatchSize, describeTarget, mergeParameters, ref, submittedFrom, wayIn } from './data/submit';
import type { BatchResult, ExecuteOptions, StatementProgress, StatementResult, SubmittedStatement, WaitOptions } from './data/types';
import { awsCall } from './errors';
import { checkStatement, toSqlParameters, type SqlStatement } from './sql';

// The parts, re-exported so callers keep one import: submitting (data/submit.ts), polling
// (data/statement.ts), results (data/result.ts, data/rows.ts) and errors (data/errors.ts).
export { DataApiUsageError, StatementAbortedError, StatementFailedError, StatementTimeoutError } from './data/errors';
export type { TimeoutCancel } from './data/errors';
export type { CellValue, Column, Row } from './data/rows';
export type { PollPolicy, Sleep } from './data/poll';
export { MAX_BATCH, wayIn } from './data/submit';
export type {
  BatchResult,
  ExecuteOptions,
  StatementProgress,
  StatementResult,
  StatementStatus,
  SubmittedStatement,
  WaitOptions,
} from './data/types';

/** How long `execute` waits by default before cancelling a statement. */
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export interface DataApiExecutorOptions {
  clients: RedshiftClients;
  clock?: Clock;
  sleep?: Sleep;
  poll?: Partial<PollPolicy>;
  timeoutMs?: number;
}

/**
 * Runs SQL through the Redshift Data API: submit, poll DescribeStatement with backoff, then page
 * GetStatementResult into typed rows. Every result and error carries the statement id.
 */
export class DataApiExecutor {
  private readonly clients: RedshiftClients;
  private readonly polling: Polling;
  private readonly timeoutMs: number;

  constructor(options: DataApiExecutorOptions) {
    this.clients = options.clients;
    this.polling = {
      clock: options.clock ?? systemClock,
      sleep: options.sleep ?? realSleep,
      policy: { ...defaultPollPolicy, ...options.poll },
    };
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
    checkBatchSize(statements);
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
    const final = await pollUntilFinal(client, id, options.timeoutMs ?? this.timeoutMs, this.polling);
    return statementResult(client, final, id);
  }

  async waitForBatch(statement: string | SubmittedStatement, options: WaitOptions = {}): Promise<BatchResult> {
    const { id, region } = ref(statement, options);
    const client = this.client(region);
    const final = await pollUntilFinal(client, id, options.timeoutMs ?? this.timeoutMs, this.polling);
    return batchResult(client, final, id);
  }

  /** One look at the statement, no waiting. */
  async describe(statement: string | SubmittedStatement, options: { region?: string } = {}): Promise<StatementProgress> {
    const { id, region } = ref(statement, options);
    return progressOf(id, await describeOnce(this.client(region), id));
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
}
