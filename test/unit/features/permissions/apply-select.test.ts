import { fittingFindings } from '../../../../src/features/permissions/apply-plan-job';
import { whatToRun } from '../../../../src/features/permissions/apply-run';
import type { Finding } from '../../../../src/features/permissions/types';
import { statement } from '../../../../src/redshift/sql';

const finding = (key: string, ...sql: string[]): Finding => ({
  kind: 'missing-table-privilege',
  key,
  summary: `finding ${key}`,
  fix: sql.map((s) => statement(s)),
});

/** An approved apply runs only approved statements of approved findings still there, each once. */
describe('whatToRun', () => {
  const approved = {
    keys: ['a', 'b', 'c'],
    statements: ['CREATE ROLE "r"', 'GRANT SELECT ON ALL TABLES IN SCHEMA "s" TO ROLE "r"', 'REVOKE ROLE "p" FROM "carol"'],
  };

  test('approved findings still there run their statements in order, a shared statement once', () => {
    const now = [
      finding('a', 'CREATE ROLE "r"', 'GRANT SELECT ON ALL TABLES IN SCHEMA "s" TO ROLE "r"'),
      finding('b', 'GRANT SELECT ON ALL TABLES IN SCHEMA "s" TO ROLE "r"'),
    ];
    expect(whatToRun(now, approved).toRun).toEqual(['CREATE ROLE "r"', 'GRANT SELECT ON ALL TABLES IN SCHEMA "s" TO ROLE "r"']);
  });

  test('a finding that appeared since, or one gone, runs nothing', () => {
    const now = [finding('z', 'DROP TABLE "x"'), finding('c', 'REVOKE ROLE "p" FROM "carol"')];
    const result = whatToRun(now, approved);
    expect(result.toRun).toEqual(['REVOKE ROLE "p" FROM "carol"']);
    expect(result.present.map((f) => f.key)).toEqual(['c']);
  });

  test('a finding whose fix is no longer what approvers saw is left alone, and named', () => {
    const now = [finding('a', 'CREATE ROLE "r"', 'GRANT ALL ON ALL TABLES IN SCHEMA "s" TO ROLE "r"')];
    const result = whatToRun(now, approved);
    expect(result.toRun).toEqual([]);
    expect(result.changed.map((f) => f.key)).toEqual(['a']);
  });
});

describe('fittingFindings', () => {
  test('keeps findings, in order, while their statements fit one approval message; always the first', () => {
    const long = (key: string) => finding(key, `GRANT SELECT ON ALL TABLES IN SCHEMA "${'s'.repeat(1000)}" TO ROLE "${key}"`);
    expect(fittingFindings([long('a'), long('b'), long('c'), long('d')]).map((f) => f.key)).toEqual(['a', 'b']);
    expect(fittingFindings([finding('x', 'X'.repeat(5000))]).map((f) => f.key)).toEqual(['x']);
    expect(fittingFindings([])).toEqual([]);
  });
});
