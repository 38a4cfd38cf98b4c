import { ManualClock } from '../../../src/clock';
import type { Target } from '../../../src/config/targets';
import { observe, type ObserveScope } from '../../../src/features/permissions/observe';
import type { Observed } from '../../../src/features/permissions/types';
import { DataApiExecutor } from '../../../src/redshift/data-api';
import { normalizeIdentifier, quoteIdentifier, statement, type SqlStatement } from '../../../src/redshift/sql';
import type { SqlRunner } from '../../../src/redshift/sql-runner';
import { SEED_SECRET_ARNS } from '../../../src/sandbox/aws/data/secrets';
import { startTestEmulator, type TestEmulator } from '../redshift/emulator';

/**
 * observe() against the emulator's privilege views, on both kinds of target, as a superuser and as
 * a plain user: what each GRANT, default privilege, column grant, policy and membership looks like
 * through SVV_* views, and that the work stays flat as tables are added.
 */
const HOSTILE_SCHEMA = 'odd"; DROP TABLE pii.customers; --';
const HOSTILE_TABLE = "x'); DROP SCHEMA analytics CASCADE; --";
/** As Redshift stores them: ASCII letters folded (case sensitivity off), the rest as typed. */
const STORED_SCHEMA = normalizeIdentifier(HOSTILE_SCHEMA, 'schema');
const STORED_TABLE = normalizeIdentifier(HOSTILE_TABLE, 'table');

interface Kind {
  kind: string;
  key: string;
  admin: Target;
  /** A plain user: bob on the cluster, the caller's IAM identity on Serverless. */
  plain: Target;
}

const KINDS: Kind[] = [
  {
    kind: 'provisioned',
    key: 'cluster/analytics-prod',
    admin: { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' },
    plain: { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'bob' },
  },
  {
    kind: 'serverless',
    key: 'namespace/lake',
    admin: { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev', secretArn: SEED_SECRET_ARNS.lake },
    plain: { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' },
  },
];

const SCOPE: ObserveScope = {
  schemas: ['analytics', 'adhoc', 'raw_data', 'pii'],
  expected: [
    { schema: 'analytics', grantee: { kind: 'role', name: 'analytics_users' }, privilege: 'SELECT' },
    { schema: 'pii', grantee: { kind: 'role', name: 'pii_users' }, privilege: 'SELECT' },
  ],
};

let emulator: TestEmulator;
let sql: DataApiExecutor;

beforeAll(async () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));
  emulator = await startTestEmulator({ clock, timings: { statementMs: 0 }, dataApi: { pageSize: 1000 } });
  sql = new DataApiExecutor({ clients: emulator.clients, clock, sleep: async (ms) => clock.advance(ms) });
}, 120_000);
afterAll(() => emulator.close());

async function run(target: Target, text: string): Promise<void> {
  await sql.execute(target, statement(text));
}

/** Counts what observe asks of the Data API. */
function counting(): { runner: Pick<SqlRunner, 'execute'>; seen: { statements: number; rows: number }; texts: string[] } {
  const seen = { statements: 0, rows: 0 };
  const texts: string[] = [];
  return {
    seen,
    texts,
    runner: {
      execute: async (target, s, options) => {
        texts.push(s.sql);
        const result = await sql.execute(target, s, options);
        seen.statements += 1;
        seen.rows += result.rows.length;
        return result;
      },
    },
  };
}

describe.each(KINDS)('observe on a $kind target', ({ kind, key, admin, plain }) => {
  let plainUser: string;
  let asAdmin: Observed;
  let asPlain: Observed;

  beforeAll(async () => {
    plainUser = String((await sql.execute(plain, statement('SELECT current_user AS me'))).rows[0].me);
    // Quoted by hand: the IAM identity's name has capitals, which quoteIdentifier folds as Redshift does.
    const user = `"${plainUser.replace(/"/g, '""')}"`;
    if (plainUser !== 'bob') await run(admin, `GRANT ROLE analytics_authors TO ${user}`);
    await run(admin, 'GRANT SELECT ON pii.customers TO bob');
    if (plainUser !== 'bob') await run(admin, `GRANT SELECT ON pii.customers TO ${user}`);
    // Created by a user the schema's default privileges (set for chatops_admin) do not cover.
    await run(plain, 'CREATE TABLE analytics.late_orders (id integer)');
    await run(admin, 'ALTER DEFAULT PRIVILEGES FOR USER bob IN SCHEMA adhoc GRANT SELECT ON TABLES TO ROLE analytics_users');
    await run(admin, 'GRANT SELECT (email) ON pii.customers TO carol');
    await run(admin, 'GRANT ROLE analytics_users TO ROLE analytics_authors');
    await run(admin, 'CREATE GROUP auditors WITH USER carol');
    // The emulator does not translate Redshift's CREATE RLS POLICY / ATTACH RLS POLICY; the policy is
    // made as PostgreSQL's, directly on the warehouse, as state for the views to report.
    await emulator.databases.run(key, 'dev', 'chatops_admin', "CREATE POLICY only_de ON pii.customers TO pii_users USING (country = 'DE')");
    await emulator.databases.run(key, 'dev', 'chatops_admin', 'ALTER TABLE pii.customers ENABLE ROW LEVEL SECURITY');
    asAdmin = await observe(sql, { name: kind, target: admin }, SCOPE);
    asPlain = await observe(sql, { name: kind, target: plain }, SCOPE);
  }, 120_000);

  it('names a direct user grant and its table', () => {
    expect(asAdmin.target).toBe(kind);
    expect(asAdmin.visibility).toEqual({ complete: true });
    expect(asAdmin.tableGrants).toContainEqual({
      schema: 'pii',
      grantee: { kind: 'user', name: 'bob' },
      privilege: 'SELECT',
      tables: 1,
      sample: ['customers'],
    });
    expect(asAdmin.tableGrants).toContainEqual(
      expect.objectContaining({ schema: 'analytics', grantee: { kind: 'role', name: 'analytics_users' }, privilege: 'SELECT', tables: 3 }),
    );
    expect(asAdmin.schemaGrants).toContainEqual({ schema: 'pii', grantee: { kind: 'role', name: 'pii_users' }, privilege: 'USAGE' });
    // The emulator has no scoped permissions (GRANT … FOR TABLES IN SCHEMA).
    expect(asAdmin.scopedGrants).toEqual([]);
  });

  it('reports a table created after GRANT … ON ALL TABLES as missing for the role', () => {
    expect(asAdmin.missing).toEqual([
      { schema: 'analytics', grantee: { kind: 'role', name: 'analytics_users' }, privilege: 'SELECT', tables: 1, sample: ['late_orders'] },
    ]);
    expect(asAdmin.schemas).toContainEqual({ name: 'analytics', owner: 'chatops_admin', tables: 4 });
    expect(asAdmin.ownership).toContainEqual({ schema: 'analytics', owner: plainUser, tables: 1 });
    expect(asAdmin.ownership).toContainEqual({ schema: 'analytics', owner: 'chatops_admin', tables: 3 });
  });

  it('observes default privileges, column grants and row-level security', () => {
    const selectFor = (schema: string, owner: string, role: string) => ({
      schema,
      owner,
      grantee: { kind: 'role', name: role },
      privilege: 'SELECT',
      objectType: 'RELATION',
    });
    expect(asAdmin.defaultGrants).toContainEqual(selectFor('adhoc', 'bob', 'analytics_users'));
    expect(asAdmin.defaultGrants).toContainEqual(selectFor('pii', 'chatops_admin', 'pii_users'));
    expect(asAdmin.columnGrants).toEqual([
      { schema: 'pii', table: 'customers', grantee: { kind: 'user', name: 'carol' }, privilege: 'SELECT', columns: ['email'] },
    ]);
    expect(asAdmin.rowSecurity).toEqual([{ schema: 'pii', table: 'customers', policies: ['only_de'] }]);
  });

  it('observes roles, groups, their members and role nesting', () => {
    expect(asAdmin.nesting).toContainEqual({ role: 'analytics_authors', grantedRole: 'analytics_users' });
    expect(asAdmin.members).toContainEqual({ user: 'alice', principal: 'analytics_users', via: 'role' });
    expect(asAdmin.members).toContainEqual({ user: 'carol', principal: 'auditors', via: 'group' });
    expect(asAdmin.principals).toContainEqual({ name: 'auditors', kind: 'group' });
    expect(asAdmin.principals).toContainEqual({ name: 'pii_users', kind: 'role' });
    expect(asAdmin.principals).not.toContainEqual({ name: 'pii_users', kind: 'group' });
    expect(asAdmin.superusers).toContain('chatops_admin');
    expect(asAdmin.users).toEqual(expect.arrayContaining(['alice', 'bob', 'carol', 'chatops_admin']));
    expect(asAdmin.truncated).toEqual([]);
  });

  it('as a plain user, says what it cannot see and shows only its own rows', () => {
    expect(asPlain.visibility).toMatchObject({ complete: false, why: expect.stringContaining(`${plainUser} is not a superuser`) });
    expect(asPlain.tableGrants).toContainEqual(
      expect.objectContaining({ schema: 'pii', grantee: { kind: 'user', name: plainUser }, privilege: 'SELECT', tables: 1 }),
    );
    // Carol's column grant, the policy and the nesting are others' rows: hidden, not absent.
    expect(asPlain.columnGrants).toEqual([]);
    expect(asPlain.rowSecurity).toEqual([]);
    expect(asPlain.tableGrants.some((g) => g.grantee.kind === 'user' && g.grantee.name === 'carol')).toBe(false);
    expect(asPlain.members.filter((m) => m.via === 'role').every((m) => m.user === plainUser)).toBe(true);
    // PG_USER and PG_GROUP are visible to all.
    expect(asPlain.superusers).toContain('chatops_admin');
    expect(asPlain.members).toContainEqual({ user: 'carol', principal: 'auditors', via: 'group' });
  });

  it('quotes hostile schema and table names and runs nothing else', async () => {
    const schema = quoteIdentifier(HOSTILE_SCHEMA, 'schema');
    await run(admin, `CREATE SCHEMA ${schema}`);
    await run(admin, `CREATE TABLE ${schema}.${quoteIdentifier(HOSTILE_TABLE, 'table')} (id integer)`);
    await run(admin, `GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO bob`);
    const counted = counting();
    const seen = await observe(
      counted.runner,
      { name: kind, target: admin },
      {
        schemas: [HOSTILE_SCHEMA, 'pii'],
        expected: [{ schema: HOSTILE_SCHEMA, grantee: { kind: 'role', name: "pii_users'; --" }, privilege: 'SELECT' }],
        table: { schema: HOSTILE_SCHEMA, table: HOSTILE_TABLE },
      },
    );
    expect(seen.schemas).toContainEqual({ name: STORED_SCHEMA, owner: 'chatops_admin', tables: 1 });
    expect(seen.tableGrants).toEqual([
      { schema: STORED_SCHEMA, grantee: { kind: 'user', name: 'bob' }, privilege: 'SELECT', tables: 1, sample: [STORED_TABLE] },
    ]);
    expect(seen.missing).toEqual([
      {
        schema: STORED_SCHEMA,
        grantee: { kind: 'role', name: "pii_users'; --" },
        privilege: 'SELECT',
        tables: 1,
        sample: [STORED_TABLE],
      },
    ]);
    // The names travelled as parameter values: no statement's text holds any of them.
    expect(counted.texts.filter((text) => /odd|drop|pii_users/i.test(text))).toEqual([]);
    const left = await sql.execute(admin, statement('SELECT COUNT(*) AS n FROM pii.customers'));
    expect(Number(left.rows[0].n)).toBeGreaterThan(0);
    await expect(sql.execute(admin, statement('SELECT COUNT(*) AS n FROM analytics.sessions'))).resolves.toBeDefined();
  });

  it('issues the same statements and reads the same rows with 50 more tables', async () => {
    await run(admin, 'CREATE SCHEMA bulk');
    const create = async (from: number, to: number): Promise<void> => {
      const statements: SqlStatement[] = [];
      for (let i = from; i < to; i += 1) statements.push(statement(`CREATE TABLE bulk.t${String(i).padStart(3, '0')} (id integer)`));
      for (let i = 0; i < statements.length; i += 25) await sql.executeBatch(admin, statements.slice(i, i + 25));
      await run(admin, 'GRANT SELECT ON ALL TABLES IN SCHEMA bulk TO bob');
    };
    const scope: ObserveScope = {
      schemas: ['bulk'],
      expected: [{ schema: 'bulk', grantee: { kind: 'role', name: 'analytics_users' }, privilege: 'SELECT' }],
    };
    await create(0, 10);
    const before = counting();
    const small = await observe(before.runner, { name: kind, target: admin }, scope);
    await create(10, 60);
    const after = counting();
    const large = await observe(after.runner, { name: kind, target: admin }, scope);
    expect(after.seen).toEqual(before.seen);
    expect(small.missing[0]).toMatchObject({ tables: 10, sample: ['t000', 't001', 't002', 't003', 't004'] });
    expect(large.missing[0]).toMatchObject({ tables: 60, sample: ['t000', 't001', 't002', 't003', 't004'] });
    expect(large.tableGrants).toEqual([
      {
        schema: 'bulk',
        grantee: { kind: 'user', name: 'bob' },
        privilege: 'SELECT',
        tables: 60,
        sample: ['t000', 't001', 't002', 't003', 't004'],
      },
    ]);
    expect(large.schemas).toEqual([{ name: 'bulk', owner: 'chatops_admin', tables: 60 }]);
    expect(large.truncated).toEqual([]);
  }, 120_000);
});
