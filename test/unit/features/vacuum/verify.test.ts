import { analyzeVerdict, forceAnalyzeHint, vacuumVerdict } from '../../../../src/features/vacuum/verify';
import {
  analyzeCountStatement,
  historyCountStatement,
  lastAnalyzeStatement,
  lastVacuumStatement,
  tableHealthStatement,
} from '../../../../src/features/vacuum/vacuum-sql';
import type { SystemAccess } from '../../../../src/redshift/visibility';

const superuser: SystemAccess = { user: 'chatops_admin', superuser: true, syslogUnrestricted: false };
const regular: SystemAccess = { user: 'alice', superuser: false, syslogUnrestricted: false };
const unrestricted: SystemAccess = { user: 'ops', superuser: false, syslogUnrestricted: true };
const facts = { schema: 'analytics', table: 'sessions', actingUser: 'database user `alice`', seconds: ' in 3 s' };

describe('SYS_VACUUM_HISTORY read by its documented values', () => {
  test('the last VACUUM is the latest Complete one; phases and VACUUMs are told apart', () => {
    expect(tableHealthStatement('analytics', 'sessions').sql).toContain("WHERE LOWER(TRIM(status)) = 'complete'");
    expect(tableHealthStatement('analytics', 'sessions').sql).not.toMatch(/finished/i);
    expect(historyCountStatement(7).sql).toContain('COUNT(DISTINCT transaction_id)');
    const last = lastVacuumStatement(7).sql;
    expect(last).toContain(
      "ORDER BY start_time DESC, transaction_id DESC, CASE WHEN LOWER(TRIM(status)) IN ('complete', 'failed', 'skipped') THEN 0 ELSE 1 END",
    );
    expect(analyzeCountStatement(7).parameters).toEqual({ table_id: '7' });
    expect(lastAnalyzeStatement(7).sql).toContain('FROM sys_analyze_history');
  });

  test('a new Complete VACUUM is what it reclaimed; Failed fails; Skipped is said', () => {
    const complete = { status: 'Complete ', reclaimed_rows: 22500000, reclaimed_blocks: '1007' };
    expect(vacuumVerdict({ ...facts, access: regular, mode: 'FULL', before: 1, after: 2, last: complete })).toEqual({
      kind: 'done',
      text: 'VACUUM FULL finished in 3 s: 22,500,000 rows and 1,007 MB reclaimed.',
    });
    expect(vacuumVerdict({ ...facts, access: superuser, mode: 'SORT ONLY', before: 0, after: 1, last: { status: 'Failed' } }).kind).toBe(
      'failed',
    );
    expect(vacuumVerdict({ ...facts, access: superuser, mode: 'FULL', before: 0, after: 1, last: { status: 'Skipped' } }).text).toContain(
      'recorded it as Skipped',
    );
    expect(vacuumVerdict({ ...facts, access: superuser, mode: 'FULL', before: 0, after: 1, last: { status: 'Merge' } }).kind).toBe(
      'unverified',
    );
  });

  test('no new VACUUM on record: a skip to an identity that sees every row, "cannot verify" to one that sees its own', () => {
    expect(vacuumVerdict({ ...facts, access: superuser, mode: 'FULL', before: 3, after: 3, last: undefined })).toEqual({
      kind: 'failed',
      text: 'VACUUM finished without vacuuming anything: database user `alice` must own `analytics.sessions` or be a superuser. Redshift skips such tables without an error.',
    });
    expect(vacuumVerdict({ ...facts, access: unrestricted, mode: 'FULL', before: 3, after: 3, last: undefined }).kind).toBe('failed');
    const hidden = vacuumVerdict({ ...facts, access: regular, mode: 'FULL', before: 0, after: 0, last: undefined });
    expect(hidden.kind).toBe('unverified');
    expect(hidden.text).toContain('I cannot verify that it vacuumed `analytics.sessions`');
    expect(hidden.text).toContain('SYS_VACUUM_HISTORY shows it only its own rows');
  });
});

describe('ANALYZE: analyzed, skipped under the threshold, or cannot tell', () => {
  test('Full and PredicateColumn are analyzed', () => {
    expect(analyzeVerdict({ ...facts, access: superuser, before: 0, after: 1, last: { status: 'Full           ' }, statsOff: 0 })).toEqual({
      kind: 'done',
      text: 'ANALYZE finished in 3 s (Full); statistics 0 % off.',
    });
    expect(analyzeVerdict({ ...facts, access: superuser, before: 0, after: 1, last: { status: 'PredicateColumn' } }).text).toContain(
      'PredicateColumn',
    );
  });

  test('Skipped names the changed rows and the threshold, and how to force it; it is not a missing privilege', () => {
    const skipped = analyzeVerdict({
      ...facts,
      access: superuser,
      before: 2,
      after: 3,
      last: { status: 'Skipped', rows: 8200000, modified_rows: 246000, analyze_threshold_percent: 10 },
    });
    expect(skipped.kind).toBe('done');
    expect(skipped.text).toBe(
      'ANALYZE skipped `analytics.sessions`: 246,000 of 8,200,000 rows changed since its last ANALYZE (3 %), under analyze_threshold_percent (10 %). This is not a missing privilege; to analyze it anyway, run `SET analyze_threshold_percent TO 0; ANALYZE "analytics"."sessions";` in one session.',
    );
    expect(forceAnalyzeHint('a', 'x"y')).toBe('`SET analyze_threshold_percent TO 0; ANALYZE "a"."x""y";` in one session');
  });

  test('an identity that is not a superuser cannot see SYS_ANALYZE_HISTORY: it says so instead of guessing', () => {
    for (const access of [regular, unrestricted]) {
      const verdict = analyzeVerdict({ ...facts, access, before: 0, after: 0, last: undefined });
      expect(verdict.kind).toBe('unverified');
      expect(verdict.text).toContain('I cannot tell whether it analyzed `analytics.sessions`');
      expect(verdict.text).toContain('analyze_threshold_percent (10 % by default)');
      expect(verdict.text).not.toMatch(/without analyzing/);
    }
    expect(analyzeVerdict({ ...facts, access: superuser, before: 4, after: 4, last: undefined }).kind).toBe('unverified');
  });
});
