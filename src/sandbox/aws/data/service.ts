import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsFault, FaultInjector, newRequestId, type AwsService, type EmulatorContext, type FaultKind } from '../core';
import {
  checkSqlSize,
  optionalBoolean,
  optionalNumber,
  optionalString,
  parameters,
  requiredString,
  resolveTarget,
  type Input,
} from './access';
import type { WarehouseDirectory } from './directory';
import type { DatabaseHost } from './host';
import { DEFAULT_CALLER, iamDatabaseUser, type CallerIdentity } from './identity';
import type { SqlParameter } from './lexer';
import { toColumnMetadata, toField } from './records';
import { readToken, writeToken } from './paging';
import { StatementRunner } from './runner';
import {
  describeRecord,
  isTerminal,
  listEntry,
  runStatus,
  STATUS_FILTERS,
  statusOf,
  type SqlRun,
  type StatementRecord,
  type StatementStatus,
  type StatementTarget,
} from './statements';
import { DataApiFault, epochSeconds, messageOf, parseBody, sendFault, sendResult, TARGET_PREFIX, validation } from './wire';

export interface RedshiftDataOptions {
  /** Rows per GetStatementResult page (the real service pages by size; tests set it small). Default 1000. */
  pageSize?: number;
  /** Statements not yet finished allowed per warehouse before ActiveStatementsExceededException. Default 200. */
  maxActiveStatements?: number;
  /** The IAM identity calls come from, used without SecretArn or DbUser. Default: the bot's Lambda role. */
  caller?: CallerIdentity;
}

/** The Data API's statements in a saved sandbox. */
export interface SavedStatements {
  records: StatementRecord[];
  nextQueryId: number;
}

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

const MAX_BATCH = 40;
const CLIENT_TOKEN_MS = 8 * 60 * 60 * 1000;
const RESULT_KEPT_MS = 24 * 60 * 60 * 1000;
const NO_RESULT = 'Query does not have result. Please check query status with DescribeStatement.';

type Operation = (input: Input, slow: number) => Promise<unknown>;

/**
 * The Redshift Data API (JSON 1.1). ExecuteStatement and BatchExecuteStatement answer at once; the
 * statement is SUBMITTED, PICKED, then STARTED for its latency (timings.statementMs, or a `slow`
 * fault) and its SQL runs on the warehouse's PGlite as its database user when that is over (see
 * runner.ts). With no latency the SQL runs before the answer, so tests stay instant. Results page
 * through GetStatementResult.
 */
export class RedshiftDataService implements AwsService {
  readonly name = 'redshift-data' as const;
  private readonly records = new Map<string, StatementRecord>();
  private readonly tokens = new Map<string, { id: string; at: number }>();
  private readonly pageSize: number;
  private readonly maxActive: number;
  private readonly iamUser: string;
  private readonly runner: StatementRunner;
  private nextQueryId = 7_000_001;
  private readonly operations: Record<string, Operation> = {
    ExecuteStatement: (input, slow) => this.executeStatement(input, slow),
    BatchExecuteStatement: (input, slow) => this.batchExecuteStatement(input, slow),
    DescribeStatement: async (input) => this.describeStatement(input),
    GetStatementResult: async (input) => this.getStatementResult(input),
    CancelStatement: async (input) => this.cancelStatement(input),
    ListStatements: async (input) => this.listStatements(input),
  };

  constructor(
    private readonly context: EmulatorContext,
    host: DatabaseHost,
    private readonly directory: WarehouseDirectory,
    options: RedshiftDataOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 1000;
    this.maxActive = options.maxActiveStatements ?? 200;
    this.iamUser = iamDatabaseUser(options.caller ?? DEFAULT_CALLER);
    this.runner = new StatementRunner(context.clock, host, () => this.records.values());
  }

  /** Stops the timers of statements still running; they stay as they are. */
  close(): Promise<void> {
    return this.runner.close();
  }

  /** Every SQL text that ran, oldest first, with its current status. */
  get statements(): ExecutedStatement[] {
    const now = this.context.clock.now();
    return [...this.records.values()].flatMap((record) =>
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

  /** The statements a saved sandbox keeps: those of the last 24 hours, as long as the Data API keeps results. */
  saved(): SavedStatements {
    const now = this.context.clock.now();
    const records = structuredClone([...this.records.values()].filter((record) => record.createdAt >= now - RESULT_KEPT_MS));
    // A stop ends the statements still running, as a warehouse restart does: they are saved ABORTED.
    for (const record of records) if (!isTerminal(statusOf(record, now))) record.cancelledAt = now;
    return { records, nextQueryId: this.nextQueryId };
  }

  restore(saved: SavedStatements): void {
    for (const record of saved.records) this.remember(record);
    this.nextQueryId = Math.max(this.nextQueryId, saved.nextQueryId);
  }

  matches(req: IncomingMessage): boolean {
    const target = req.headers['x-amz-target'];
    return typeof target === 'string' && target.startsWith(TARGET_PREFIX);
  }

  async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const operationName = String(req.headers['x-amz-target']).slice(TARGET_PREFIX.length);
    try {
      const operation = this.operations[operationName];
      if (!operation) throw new DataApiFault('UnknownOperationException', `Operation ${operationName} is not supported by the emulator.`);
      const input = parseBody(body);
      const fault = this.context.faults.take(this.name, operationName, input);
      const wireFault = fault ? FaultInjector.toAwsFault(this.name, fault) : undefined;
      if (wireFault) throw wireFault;
      // Statements whose time is up run first, so every answer is as of the emulator's clock now.
      await this.runner.settleDue();
      sendResult(res, await operation(input, slowMs(fault)));
    } catch (error) {
      sendFault(res, error instanceof AwsFault ? error : new DataApiFault('InternalServerException', messageOf(error), 500));
    }
  }

  private async executeStatement(input: Input, slow: number): Promise<unknown> {
    const sql = requiredString(input, 'Sql');
    checkSqlSize(sql);
    const target = resolveTarget(input, this.directory, this.iamUser);
    const params = parameters(input);
    const reused = this.reuse(input);
    if (reused) return this.submitted(reused);
    this.checkActive(target.key);

    const record = this.newRecord(input, target, false, params, slow);
    const run: SqlRun = { id: record.id, sql, queryId: this.nextQueryId++ };
    record.runs.push(run);
    return this.submit(record, 'ExecuteStatementException', 'The statement could not be run');
  }

  private async batchExecuteStatement(input: Input, slow: number): Promise<unknown> {
    const sqls = input.Sqls;
    if (!Array.isArray(sqls) || sqls.length === 0 || sqls.length > MAX_BATCH || !sqls.every((s) => typeof s === 'string' && s !== '')) {
      throw validation(`Sqls must hold between 1 and ${MAX_BATCH} SQL statements.`);
    }
    const texts = sqls as string[];
    texts.forEach(checkSqlSize);
    const target = resolveTarget(input, this.directory, this.iamUser);
    const params = parameters(input);
    const reused = this.reuse(input);
    if (reused) return this.submitted(reused);
    this.checkActive(target.key);

    const record = this.newRecord(input, target, true, params, slow);
    record.runs = texts.map((sql, i) => ({ id: `${record.id}:${i + 1}`, sql, queryId: this.nextQueryId++ }));
    return this.submit(record, 'BatchExecuteStatementException', 'The batch could not be run');
  }

  /** Takes the statement and answers with its Id: at once, or after running it when it has no latency. */
  private async submit(record: StatementRecord, faultCode: string, faultText: string): Promise<unknown> {
    this.remember(record);
    if (record.finishAt > record.createdAt) {
      this.runner.arm(record);
      return this.submitted(record);
    }
    const unexpected = await this.runner.run(record);
    if (unexpected !== undefined) {
      this.forget(record);
      throw new DataApiFault(faultCode, `${faultText}: ${messageOf(unexpected)}`, 500, { StatementId: record.id });
    }
    return this.submitted(record);
  }

  private describeStatement(input: Input): unknown {
    const { record, run } = this.find(requiredString(input, 'Id'));
    return describeRecord(record, run, this.context.clock.now());
  }

  private getStatementResult(input: Input): unknown {
    const id = requiredString(input, 'Id');
    const { record, run } = this.find(id);
    const target = run ?? (record.isBatch ? undefined : record.runs[0]);
    const now = this.context.clock.now();
    const outcome = target?.outcome;
    if (!target || !outcome || runStatus(record, target, now) !== 'FINISHED' || !outcome.hasResultSet) {
      throw validation(NO_RESULT);
    }
    const offset = readToken(optionalString(input, 'NextToken'), target.id);
    const page = outcome.rows.slice(offset, offset + this.pageSize);
    const next = offset + page.length;
    return {
      Records: page.map((row) => row.map((value, i) => toField(value, outcome.columns[i]?.typeId ?? 25))),
      ColumnMetadata: outcome.columns.map(toColumnMetadata),
      TotalNumRows: outcome.rows.length,
      NextToken: next < outcome.rows.length ? writeToken(target.id, next) : undefined,
    };
  }

  /**
   * Stops a statement that has not finished: nothing of it is applied (runner.ts). "To be canceled,
   * a query must be running" (CancelStatement's reference), so a finished one is refused. Who may
   * cancel is IAM's business (a policy condition on redshift-data:statement-owner-iam-userid); the
   * emulator has one caller.
   */
  private async cancelStatement(input: Input): Promise<unknown> {
    const { record, run } = this.find(requiredString(input, 'Id'));
    if (run) throw validation('A sub-statement cannot be cancelled on its own; cancel the batch statement.');
    // One being applied right now is waited for: it ends FINISHED or FAILED, and the cancel is refused.
    await this.runner.settleDue();
    const now = this.context.clock.now();
    const status = statusOf(record, now);
    if (isTerminal(status)) throw validation(`Could not cancel a query that is already in ${status} state.`);
    record.cancelledAt = now;
    this.runner.disarm(record);
    return { Status: true };
  }

  private listStatements(input: Input): unknown {
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
    const now = this.context.clock.now();
    const matching = [...this.records.values()]
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

  private newRecord(
    input: Input,
    target: StatementTarget,
    isBatch: boolean,
    params: SqlParameter[] | undefined,
    slow: number,
  ): StatementRecord {
    const statementName = optionalString(input, 'StatementName');
    if (statementName !== undefined && statementName.length > 500) throw validation('StatementName must be at most 500 characters.');
    const createdAt = this.context.clock.now();
    return {
      id: newRequestId(),
      target,
      runs: [],
      isBatch,
      parameters: params,
      statementName,
      withEvent: optionalBoolean(input, 'WithEvent'),
      clientToken: optionalString(input, 'ClientToken'),
      createdAt,
      finishAt: createdAt + Math.max(this.context.timings.statementMs, slow),
      pid: 0,
    };
  }

  private forget(record: StatementRecord): void {
    this.records.delete(record.id);
    if (record.clientToken !== undefined && this.tokens.get(record.clientToken)?.id === record.id) this.tokens.delete(record.clientToken);
  }

  private remember(record: StatementRecord): void {
    this.records.set(record.id, record);
    if (record.clientToken !== undefined) this.tokens.set(record.clientToken, { id: record.id, at: record.createdAt });
  }

  /** The statement an earlier call with the same ClientToken made, within 8 hours. */
  private reuse(input: Input): StatementRecord | undefined {
    const token = optionalString(input, 'ClientToken');
    if (token === undefined) return undefined;
    if (token.length > 64) throw validation('ClientToken must be at most 64 characters.');
    const earlier = this.tokens.get(token);
    if (!earlier || this.context.clock.now() - earlier.at > CLIENT_TOKEN_MS) return undefined;
    return this.records.get(earlier.id);
  }

  private checkActive(key: string): void {
    const now = this.context.clock.now();
    const active = [...this.records.values()].filter((r) => r.target.key === key && !isTerminal(statusOf(r, now))).length;
    if (active >= this.maxActive) {
      throw new DataApiFault('ActiveStatementsExceededException', `Active statements exceeded the allowed quota (${this.maxActive}).`);
    }
  }

  private submitted(record: StatementRecord): unknown {
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

  /** A statement by its Id, or a batch's sub-statement by `<id>:<n>`. */
  private find(id: string): { record: StatementRecord; run?: SqlRun } {
    const sub = /^(.+):(\d+)$/.exec(id);
    const record = this.records.get(sub ? sub[1] : id);
    const run = sub && record ? record.runs[Number(sub[2]) - 1] : undefined;
    if (!record || (sub && (!record.isBatch || !run))) {
      // HTTP 404: the service model (the one @aws-sdk/client-redshift-data is generated from) gives
      // ResourceNotFoundException `httpError: 404`, unlike the Data API's other client errors (400).
      throw new DataApiFault('ResourceNotFoundException', 'Query does not exist.', 404, { ResourceId: id });
    }
    return { record, run };
  }
}

function slowMs(fault: FaultKind | undefined): number {
  return fault?.kind === 'slow' ? fault.ms : 0;
}
