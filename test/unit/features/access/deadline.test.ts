import { ManualClock } from '../../../../src/clock';
import { DeadlinePassedError, runnerWithDeadline } from '../../../../src/features/access/deadline';
import type { SqlRunner } from '../../../../src/redshift/sql-runner';
import type { Target } from '../../../../src/config/targets';
import { statement } from '../../../../src/redshift/sql';

describe('statements under a deadline', () => {
  const seen: Array<number | undefined> = [];
  const inner = {
    execute: async (_target: Target, _statement: unknown, options: { timeoutMs?: number } = {}) => {
      seen.push(options.timeoutMs);
      return { id: 's-1', status: 'FINISHED', rows: [], columns: [], totalRows: 0, hasResultSet: false, durationMs: 0 };
    },
  } as unknown as SqlRunner;
  const target = { kind: 'provisioned', cluster: 'c', database: 'dev', dbUser: 'admin' } as unknown as Target;

  test('each statement waits at most the per-statement bound, then only what is left, then is not sent', async () => {
    const clock = new ManualClock(1_000_000);
    const sql = runnerWithDeadline(inner, clock, clock.now() + 40_000, 12_000, 'revoke attempt 1');
    await sql.execute(target, statement('SELECT 1'), { timeoutMs: 120_000 });
    clock.advance(32_000);
    await sql.execute(target, statement('SELECT 1'));
    expect(seen).toEqual([12_000, 8_000]);
    clock.advance(8_000);
    await expect(sql.execute(target, statement('SELECT 1'))).rejects.toBeInstanceOf(DeadlinePassedError);
    expect(seen).toHaveLength(2);
  });
});
