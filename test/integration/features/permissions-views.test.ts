import { ManualClock } from '../../../src/clock';
import { DatabaseHost } from '../../../src/sandbox/aws/data/host';

/**
 * The privilege views permissions-as-code reads, as the emulator computes them from PostgreSQL's
 * own privileges: each GRANT, REVOKE, ALTER DEFAULT PRIVILEGES and policy shows up (and goes away)
 * as the pages describe, and each user sees the rows its page says.
 */
const KEY = 'cluster/analytics-prod';
const ADMIN = 'chatops_admin';

const host = new DatabaseHost({ clock: new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0)) });

beforeAll(async () => {
  await host.create(KEY);
}, 90_000);
afterAll(() => host.closeAll());

async function rows(user: string, sql: string): Promise<unknown[][]> {
  return (await host.run(KEY, 'dev', user, sql)).rows;
}

describe('the emulated privilege views', () => {
  it('SVV_DEFAULT_PRIVILEGES: per schema and for all schemas, without PostgreSQL’s built-in defaults', async () => {
    await rows(ADMIN, 'ALTER DEFAULT PRIVILEGES FOR USER bob GRANT SELECT ON TABLES TO ROLE analytics_users');
    await rows(ADMIN, 'ALTER DEFAULT PRIVILEGES FOR USER bob GRANT EXECUTE ON FUNCTIONS TO ROLE pii_users');
    await rows(ADMIN, 'ALTER DEFAULT PRIVILEGES FOR USER bob IN SCHEMA adhoc GRANT ALL ON TABLES TO carol');
    const bobs = await rows(
      ADMIN,
      "SELECT schema_name, object_type, owner_name, owner_type, privilege_type, grantee_name, grantee_type, admin_option FROM svv_default_privileges WHERE owner_name = 'bob' ORDER BY 1, 2, 5, 6",
    );
    expect(bobs).toEqual([
      ['adhoc', 'RELATION', 'bob', 'user', 'DELETE', 'carol', 'user', false],
      ['adhoc', 'RELATION', 'bob', 'user', 'INSERT', 'carol', 'user', false],
      ['adhoc', 'RELATION', 'bob', 'user', 'REFERENCES', 'carol', 'user', false],
      ['adhoc', 'RELATION', 'bob', 'user', 'SELECT', 'carol', 'user', false],
      ['adhoc', 'RELATION', 'bob', 'user', 'TRIGGER', 'carol', 'user', false],
      ['adhoc', 'RELATION', 'bob', 'user', 'TRUNCATE', 'carol', 'user', false],
      ['adhoc', 'RELATION', 'bob', 'user', 'UPDATE', 'carol', 'user', false],
      [null, 'FUNCTION', 'bob', 'user', 'EXECUTE', 'pii_users', 'role', false],
      [null, 'RELATION', 'bob', 'user', 'SELECT', 'analytics_users', 'role', false],
    ]);
    // A regular user sees only the default privileges granted to itself.
    expect(await rows('carol', 'SELECT DISTINCT grantee_name FROM svv_default_privileges')).toEqual([['carol']]);
    expect(await rows('alice', 'SELECT * FROM svv_default_privileges')).toEqual([]);
    await rows(ADMIN, 'ALTER DEFAULT PRIVILEGES FOR USER bob IN SCHEMA adhoc REVOKE ALL ON TABLES FROM carol');
    expect(await rows(ADMIN, "SELECT * FROM svv_default_privileges WHERE grantee_name = 'carol'")).toEqual([]);
  });

  it('SVV_RELATION_PRIVILEGES: never PostgreSQL’s own TRIGGER or MAINTAIN', async () => {
    expect(
      await rows(ADMIN, "SELECT DISTINCT privilege_type FROM svv_relation_privileges WHERE identity_name = 'analytics_authors' ORDER BY 1"),
    ).toEqual([['DELETE'], ['INSERT'], ['REFERENCES'], ['SELECT'], ['TRUNCATE'], ['UPDATE']]);
  });

  it('SVV_COLUMN_PRIVILEGES: column grants, visible to the grantee and its roles, gone on REVOKE', async () => {
    await rows(ADMIN, 'GRANT SELECT (email, country) ON pii.customers TO ROLE analytics_users');
    await rows(ADMIN, 'GRANT UPDATE (country) ON pii.customers TO bob');
    const all =
      'SELECT namespace_name, relation_name, column_name, privilege_type, identity_name, identity_type FROM svv_column_privileges ORDER BY 3, 4, 5';
    expect(await rows(ADMIN, all)).toEqual([
      ['pii', 'customers', 'country', 'SELECT', 'analytics_users', 'role'],
      ['pii', 'customers', 'country', 'UPDATE', 'bob', 'user'],
      ['pii', 'customers', 'email', 'SELECT', 'analytics_users', 'role'],
    ]);
    // alice is a member of analytics_users; bob is not.
    expect((await rows('alice', all)).map((row) => row[4])).toEqual(['analytics_users', 'analytics_users']);
    expect((await rows('bob', all)).map((row) => row[4])).toEqual(['bob']);
    await rows(ADMIN, 'REVOKE SELECT (email, country) ON pii.customers FROM ROLE analytics_users');
    await rows(ADMIN, 'REVOKE UPDATE (country) ON pii.customers FROM bob');
    expect(await rows(ADMIN, all)).toEqual([]);
  });

  it('SVV_RLS_RELATION and SVV_RLS_ATTACHED_POLICY: from PostgreSQL policies, for superusers only', async () => {
    await rows(ADMIN, "CREATE POLICY de_only ON pii.customers TO pii_users, bob USING (country = 'DE')");
    await rows(ADMIN, 'ALTER TABLE pii.customers ENABLE ROW LEVEL SECURITY');
    expect(await rows(ADMIN, 'SELECT datname, relschema, relname, relkind, is_rls_on, is_rls_datashare_on FROM svv_rls_relation')).toEqual([
      ['dev', 'pii', 'customers', 'table', true, false],
    ]);
    expect(
      await rows(
        ADMIN,
        'SELECT relschema, relname, polname, grantor, grantee, granteekind, is_rls_on FROM svv_rls_attached_policy ORDER BY grantee',
      ),
    ).toEqual([
      ['pii', 'customers', 'de_only', ADMIN, 'bob', 'user', true],
      ['pii', 'customers', 'de_only', ADMIN, 'pii_users', 'role', true],
    ]);
    expect(await rows('bob', 'SELECT * FROM svv_rls_relation')).toEqual([]);
    expect(await rows('bob', 'SELECT * FROM svv_rls_attached_policy')).toEqual([]);
    await rows(ADMIN, 'ALTER TABLE pii.customers DISABLE ROW LEVEL SECURITY');
    expect(await rows(ADMIN, 'SELECT relname, is_rls_on FROM svv_rls_relation')).toEqual([['customers', false]]);
    await rows(ADMIN, 'DROP POLICY de_only ON pii.customers');
    expect(await rows(ADMIN, 'SELECT * FROM svv_rls_relation')).toEqual([]);
  });

  it('SVV_ROLES: roles only, neither users nor groups, visible to all', async () => {
    await rows(ADMIN, 'CREATE GROUP auditors');
    await rows(ADMIN, 'CREATE ROLE reporting');
    const expected = [['analytics_authors'], ['analytics_users'], ['pii_users'], ['reporting']];
    expect(await rows(ADMIN, 'SELECT role_name FROM svv_roles ORDER BY 1')).toEqual(expected);
    expect(await rows('alice', 'SELECT role_name FROM svv_roles ORDER BY 1')).toEqual(expected);
    expect(await rows(ADMIN, 'SELECT role_owner, external_id FROM svv_roles LIMIT 1')).toEqual([[null, null]]);
  });
});
