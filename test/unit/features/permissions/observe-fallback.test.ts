import type { Target } from '../../../../src/config/targets';
import { observe } from '../../../../src/features/permissions/observe';
import { StatementFailedError, type Row, type StatementResult } from '../../../../src/redshift/data-api';
import type { SqlStatement } from '../../../../src/redshift/sql';

/** observe() over a runner that answers by the view a statement reads. */
const TARGET: Target = { kind: 'provisioned', cluster: 'c', database: 'dev', dbUser: 'chatops_admin' };

function runner(answers: Readonly<Record<string, readonly Row[] | Error>>, seen: string[] = []) {
  return {
    execute: async (_target: Target, statement: SqlStatement): Promise<StatementResult> => {
      seen.push(statement.sql);
      const view = Object.keys(answers).find((name) => statement.sql.includes(`FROM ${name}`));
      const answer = view === undefined ? [] : answers[view];
      if (answer instanceof Error) throw answer;
      return { id: 'id', status: 'FINISHED', rows: [...answer], columns: [], totalRows: answer.length, hasResultSet: true, durationMs: 1 };
    },
  };
}

const SUPERUSER = { svv_user_info: [{ user_name: 'chatops_admin', superuser: true, syslog_access: 'RESTRICTED', me: 'chatops_admin' }] };
const SCOPE = { schemas: ['pii'], expected: [] };

describe('observe', () => {
  it('says row-level security is unknown when a superuser may not read SVV_RLS_ATTACHED_POLICY', async () => {
    const denied = new StatementFailedError('s1', 'ERROR: permission denied for relation svv_rls_attached_policy');
    const observed = await observe(runner({ ...SUPERUSER, svv_rls_attached_policy: denied }), { name: 'prod', target: TARGET }, SCOPE);
    expect(observed.visibility).toEqual({
      complete: false,
      why: 'row-level security could not be read: ERROR: permission denied for relation svv_rls_attached_policy',
    });
    expect(observed.rowSecurity).toEqual([]);
  });

  it('does not swallow other failures', async () => {
    const broken = runner({ ...SUPERUSER, svv_rls_attached_policy: new Error('network down') });
    await expect(observe(broken, { name: 'prod', target: TARGET }, SCOPE)).rejects.toThrow('network down');
  });

  it('does not read row-level security as a regular user, and says so', async () => {
    const seen: string[] = [];
    const plain = { svv_user_info: [{ user_name: 'bob', superuser: false, syslog_access: 'RESTRICTED', me: 'bob' }] };
    const observed = await observe(runner(plain, seen), { name: 'prod', target: TARGET }, SCOPE);
    expect(seen.some((sql) => sql.includes('svv_rls_'))).toBe(false);
    expect(observed.visibility).toMatchObject({ complete: false, why: expect.stringContaining('bob is not a superuser') });
  });

  it('reports every list cut at its cap as truncated', async () => {
    const users = Array.from({ length: 1001 }, (_, i) => ({ user_name: `u${i}`, usesuper: i === 0 }));
    const observed = await observe(runner({ ...SUPERUSER, pg_user: users }), { name: 'prod', target: TARGET }, SCOPE);
    expect(observed.users).toHaveLength(1000);
    expect(observed.superusers).toEqual(['u0']);
    expect(observed.truncated).toEqual(['users']);
  });
});
