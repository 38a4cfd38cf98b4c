import {
  dependentViewsStatement,
  grantsFromRows,
  grantsStatement,
  grantsText,
  regrantStatements,
  viewsAdvice,
} from '../../../src/features/backup/restore-grants';
import { swapStatements } from '../../../src/features/backup/restore-sql';
import { swapFactLines } from '../../../src/features/backup/restore-facts';

const rows = [
  { privilege_type: 'SELECT', identity_name: 'analytics_users', identity_type: 'role', admin_option: false },
  { privilege_type: 'INSERT', identity_name: 'analytics_authors', identity_type: 'role', admin_option: 'f' },
  { privilege_type: 'SELECT', identity_name: 'analytics_authors', identity_type: 'role', admin_option: false },
  { privilege_type: 'SELECT', identity_name: 'bob', identity_type: 'user', admin_option: true },
  { privilege_type: 'SELECT', identity_name: 'etl', identity_type: 'group', admin_option: false },
  { privilege_type: 'SELECT', identity_name: 'public', identity_type: 'public', admin_option: false },
  { privilege_type: 'TRIGGER', identity_name: 'analytics_authors', identity_type: 'role', admin_option: false },
];

describe('a swap gives the source table grants again and names its views', () => {
  test('grants are read by value; views through the PostgreSQL catalog', () => {
    const grants = grantsStatement('analytics', 'Sessions');
    expect(grants.sql).toContain('FROM svv_relation_privileges');
    expect(grants.parameters).toEqual({ schema: 'analytics', table: 'sessions' });
    const views = dependentViewsStatement('analytics', 'x"; drop table t; --');
    expect(views.sql).toContain('JOIN pg_rewrite r ON r.oid = d.objid');
    expect(views.sql).not.toContain('drop');
  });

  test('GRANT per privilege with ROLE, GROUP, PUBLIC or a user; only documented table privileges', () => {
    const { grants, unknown } = grantsFromRows(rows);
    expect(unknown).toEqual(['TRIGGER to role analytics_authors']);
    expect(regrantStatements('analytics', 'sessions', grants).map((s) => s.sql)).toEqual([
      'GRANT SELECT ON TABLE "analytics"."sessions" TO ROLE "analytics_users"',
      'GRANT INSERT ON TABLE "analytics"."sessions" TO ROLE "analytics_authors"',
      'GRANT SELECT ON TABLE "analytics"."sessions" TO ROLE "analytics_authors"',
      'GRANT SELECT ON TABLE "analytics"."sessions" TO "bob" WITH GRANT OPTION',
      'GRANT SELECT ON TABLE "analytics"."sessions" TO GROUP "etl"',
      'GRANT SELECT ON TABLE "analytics"."sessions" TO PUBLIC',
    ]);
    expect(grantsText(grants)).toEqual([
      'SELECT to role analytics_users',
      'INSERT, SELECT to role analytics_authors',
      'SELECT to user bob',
      'SELECT to group etl',
      'SELECT to PUBLIC',
    ]);
    const hostile = grantsFromRows([
      { privilege_type: 'SELECT', identity_name: 'x"; DROP TABLE t; --', identity_type: 'role', admin_option: false },
    ]);
    expect(regrantStatements('a', 'b', hostile.grants)[0]?.sql).toBe('GRANT SELECT ON TABLE "a"."b" TO ROLE "x""; drop table t; --"');
  });

  test('the swap transaction is the renames, then the grants on the swapped-in name', () => {
    const { grants } = grantsFromRows(rows.slice(0, 1));
    const names = { sourceSchema: 'analytics', sourceTable: 'sessions', targetSchema: 'analytics', newTable: 'sessions_restored' };
    expect(swapStatements(names, 'sessions_old', grants).map((s) => s.sql)).toEqual([
      'ALTER TABLE "analytics"."sessions" RENAME TO "sessions_old"',
      'ALTER TABLE "analytics"."sessions_restored" RENAME TO "sessions"',
      'GRANT SELECT ON TABLE "analytics"."sessions" TO ROLE "analytics_users"',
    ]);
  });

  test('approvers read the grants, what cannot be given again, a partial view, and the views', () => {
    const { grants, unknown } = grantsFromRows(rows);
    const lines = swapFactLines(
      { grants, unknown, views: [{ schema: 'analytics', view: 'daily_sessions' }], grantsPartial: true },
      'analytics',
      'sessions',
      'sessions_old',
    );
    expect(lines[0]).toContain(
      "the restored table has none of `analytics.sessions`'s grants; these are granted again in the same transaction: SELECT to role analytics_users",
    );
    expect(lines[1]).toContain('Not granted again');
    expect(lines[2]).toContain('SVV_RELATION_PRIVILEGES shows it only some grants');
    expect(lines[3]).toContain('`analytics.daily_sessions`');
    expect(lines[3]).toContain('CREATE OR REPLACE VIEW');
    expect(viewsAdvice([], 'a', 'b', 'c')).toContain('No view depends on the table');
  });
});
