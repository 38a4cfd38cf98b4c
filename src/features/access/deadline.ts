import type { Clock } from '../../clock';
import type { SqlRunner } from '../../redshift/sql-runner';

/** Raised before a statement is sent when the claim it would run under has no time left. */
export class DeadlinePassedError extends Error {
  constructor(what: string) {
    super(`${what} ran out of time before its next statement, so it was not sent; the next sweep tries again`);
    this.name = 'DeadlinePassedError';
  }
}

/**
 * The same runner, but every statement waits at most until `deadline` (and at most `perStatementMs`):
 * past it the executor cancels the statement. A claim (a revoke's lease) thereby outlasts every
 * statement run under it, so a second process taking over an expired claim never races the first.
 */
export function runnerWithDeadline(sql: SqlRunner, clock: Clock, deadline: number, perStatementMs: number, what: string): SqlRunner {
  const timeoutFor = (asked: number | undefined): number => {
    const left = deadline - clock.now();
    if (left <= 0) throw new DeadlinePassedError(what);
    return Math.min(asked ?? perStatementMs, perStatementMs, left);
  };
  return {
    execute: async (target, statement, options = {}) => {
      const timeoutMs = timeoutFor(options.timeoutMs);
      return sql.execute(target, statement, { ...options, timeoutMs });
    },
    executeBatch: async (target, statements, options = {}) => {
      const timeoutMs = timeoutFor(options.timeoutMs);
      return sql.executeBatch(target, statements, { ...options, timeoutMs });
    },
    submit: (target, statement, options) => sql.submit(target, statement, options),
    describe: (statement, options) => sql.describe(statement, options),
  };
}
