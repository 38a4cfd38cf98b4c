import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsFault, FaultInjector, newRequestId, type AwsService, type EmulatorContext, type FaultKind } from '../core';
import { checkSqlSize, optionalBoolean, optionalString, parameters, requiredString, resolveTarget, type Input } from './access';
import type { WarehouseDirectory } from './directory';
import type { DatabaseHost } from './host';
import { DEFAULT_CALLER, iamDatabaseUser, type CallerIdentity } from './identity';
import type { SqlParameter } from './lexer';
import { ClientTokens, requestShape } from './client-tokens';
import { executedStatements, listStatements, statementResult, submittedAnswer, type ExecutedStatement } from './reads';

export type { ExecutedStatement } from './reads';
import { StatementRunner } from './runner';
import { describeRecord, isTerminal, statusOf, type SqlRun, type StatementRecord, type StatementTarget } from './statements';
import { DataApiFault, messageOf, parseBody, sendFault, sendResult, TARGET_PREFIX, validation } from './wire';

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

const MAX_BATCH = 40;
const RESULT_KEPT_MS = 24 * 60 * 60 * 1000;

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
  private readonly tokens: ClientTokens;
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
    ListStatements: async (input) => listStatements(input, this.records.values(), this.context.clock.now()),
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
    this.tokens = new ClientTokens(context.clock);
  }

  /** Stops the timers of statements still running; they stay as they are. */
  close(): Promise<void> {
    return this.runner.close();
  }

  /** Every SQL text that ran, oldest first, with its current status. */
  get statements(): ExecutedStatement[] {
    return executedStatements(this.records.values(), this.context.clock.now());
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
    const reused = this.reuse(input, requestShape(false, [sql], params, target));
    if (reused) return submittedAnswer(reused);
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
    const reused = this.reuse(input, requestShape(true, texts, params, target));
    if (reused) return submittedAnswer(reused);
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
      return submittedAnswer(record);
    }
    const unexpected = await this.runner.run(record);
    if (unexpected !== undefined) {
      this.forget(record);
      throw new DataApiFault(faultCode, `${faultText}: ${messageOf(unexpected)}`, 500, { StatementId: record.id });
    }
    return submittedAnswer(record);
  }

  private describeStatement(input: Input): unknown {
    const { record, run } = this.find(requiredString(input, 'Id'));
    return describeRecord(record, run, this.context.clock.now());
  }

  private getStatementResult(input: Input): unknown {
    const id = requiredString(input, 'Id');
    const { record, run } = this.find(id);
    return statementResult(input, record, run, this.context.clock.now(), this.pageSize);
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
    this.tokens.forget(record);
  }

  private remember(record: StatementRecord): void {
    this.records.set(record.id, record);
    this.tokens.remember(record);
  }

  /** The statement an earlier call with the same ClientToken made (client-tokens.ts). */
  private reuse(input: Input, shape: string): StatementRecord | undefined {
    const id = this.tokens.earlier(optionalString(input, 'ClientToken'), shape);
    return id === undefined ? undefined : this.records.get(id);
  }

  private checkActive(key: string): void {
    const now = this.context.clock.now();
    const active = [...this.records.values()].filter((r) => r.target.key === key && !isTerminal(statusOf(r, now))).length;
    if (active >= this.maxActive) {
      throw new DataApiFault('ActiveStatementsExceededException', `Active statements exceeded the allowed quota (${this.maxActive}).`);
    }
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
