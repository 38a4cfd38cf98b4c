import type { Clock } from '../../../clock';
import { BatchError, SqlError } from './errors';
import type { DatabaseHost, QueryOutcome } from './host';
import { hasRun, type StatementRecord } from './statements';

/**
 * Runs Data API statements when their time is up. A statement's latency (timings.statementMs or a
 * `slow` fault) follows the EMULATOR's clock, not real time: tests that move a fake clock see a slow
 * statement finish when they move it past, deterministically, and the sandbox's clock is real time
 * plus the offsets its console adds, so there it is simply real time.
 *
 * The SQL is applied at the end of the latency, in one go (a script or a batch in one transaction):
 * other sessions never see a Redshift statement's changes before it commits, so applying them at
 * the end shows what a running statement shows. Holding a real open transaction for the latency
 * is not possible: the warehouse is one PGlite connection, and under a fake clock it would hold every
 * other session until a test moved the clock. So a cancel while SUBMITTED, PICKED or STARTED leaves
 * nothing of the statement (what rolling back a started one leaves); a cancel that arrives while the
 * SQL is being applied waits for it and finds the statement already FINISHED or FAILED. This holds for
 * VACUUM too, which cannot run in a transaction: cancelled before its time is up it never ran.
 *
 * Who runs a due statement: every Data API call first runs those due (so a fake clock is honoured),
 * and a real-time timer per statement runs it when the clock is real and nobody asks.
 */
export class StatementRunner {
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly host: DatabaseHost,
    private readonly records: () => Iterable<StatementRecord>,
  ) {}

  /** Runs every statement whose time is up (and not cancelled), and waits for those already running. */
  async settleDue(): Promise<void> {
    const now = this.clock.now();
    const due = [...this.records()]
      .filter((record) => record.cancelledAt === undefined && !hasRun(record) && now >= record.finishAt)
      .sort((a, b) => a.finishAt - b.finishAt || a.createdAt - b.createdAt);
    await Promise.all(due.map((record) => this.run(record)));
  }

  /**
   * Runs the statement's SQL now (once, however often asked) and records the outcome in it. Resolves
   * to a failure that was not the SQL's own (the warehouse is gone), also recorded as the error.
   */
  run(record: StatementRecord): Promise<unknown> {
    let running = this.running.get(record.id);
    if (!running) {
      this.disarm(record);
      running = apply(this.host, record).finally(() => this.running.delete(record.id));
      this.running.set(record.id, running);
    }
    return running;
  }

  /** A timer that runs the statement when the clock reaches its end, for a clock that moves on its own. */
  arm(record: StatementRecord): void {
    this.disarm(record);
    const wait = record.finishAt - this.clock.now();
    const timer = setTimeout(
      () => {
        this.timers.delete(record.id);
        if (this.closed || record.cancelledAt !== undefined || hasRun(record)) return;
        const left = record.finishAt - this.clock.now();
        // Early by a timer's jitter: try again. Far from due means a fake clock, which the calls drive.
        if (left > 0) {
          if (left <= 50) this.arm(record);
          return;
        }
        void this.settleDue();
      },
      Math.max(1, wait),
    );
    timer.unref();
    this.timers.set(record.id, timer);
  }

  disarm(record: StatementRecord): void {
    const timer = this.timers.get(record.id);
    if (timer) clearTimeout(timer);
    this.timers.delete(record.id);
  }

  /** Stops the timers and waits for the statements being applied. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()]);
  }
}

/** Applies the statement on its warehouse as its database user; SQL errors become the statement's errors. */
async function apply(host: DatabaseHost, record: StatementRecord): Promise<unknown> {
  const { target, runs, parameters } = record;
  try {
    if (target.iamIdentity) await host.ensureUser(target.key, target.user);
    if (!record.isBatch) {
      const run = runs[0];
      try {
        run.outcome = await host.run(target.key, target.database, target.user, run.sql, parameters);
        record.pid = run.outcome.pid;
      } catch (error) {
        if (!(error instanceof SqlError)) throw error;
        run.error = error.message;
        record.pid = error.pid ?? 0;
      }
      return undefined;
    }
    try {
      const sqls = runs.map((run) => run.sql);
      const outcomes = await host.runBatch(target.key, target.database, target.user, sqls, parameters);
      outcomes.forEach((outcome, i) => (runs[i].outcome = outcome));
      record.pid = outcomes[0]?.pid ?? 0;
    } catch (error) {
      if (!(error instanceof BatchError || error instanceof SqlError)) throw error;
      const failure = error instanceof BatchError ? error.failure : error;
      const index = error instanceof BatchError ? error.index : 0;
      runs.forEach((run, i) => {
        if (i < index) run.outcome = emptyOutcome(failure.pid ?? 0, error instanceof BatchError ? (error.completedMs[i] ?? 0) : 0);
        if (i === index) run.error = failure.message;
        if (i > index) run.skipped = true;
      });
      record.pid = failure.pid ?? 0;
    }
    return undefined;
  } catch (error) {
    // Not the SQL's failure (the warehouse was deleted meanwhile): the statement fails with it.
    runs.forEach((run, i) => {
      if (i === 0) run.error = `ERROR: ${error instanceof Error ? error.message : String(error)}`;
      else run.skipped = true;
    });
    return error;
  }
}

function emptyOutcome(pid: number, durationMs: number): QueryOutcome {
  return { command: '', columns: [], rows: [], hasResultSet: false, rowCount: 0, durationMs, notices: [], pid };
}
