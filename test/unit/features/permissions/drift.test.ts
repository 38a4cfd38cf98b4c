import { baselineOf } from '../../../../src/features/permissions/baseline';
import { drift, FINDING_ORDER } from '../../../../src/features/permissions/drift';
import type { Finding, Observed } from '../../../../src/features/permissions/types';
import { exampleBaseline, PUBLIC, role, seededObserved, user } from './fixtures';

const baseline = exampleBaseline();
const sqlOf = (finding: Finding) => finding.fix.map((s) => s.sql);

function only(observed: Observed, live = []): Finding {
  const result = drift(baseline, observed, live);
  expect(result.findings).toHaveLength(1);
  return result.findings[0];
}

describe('drift', () => {
  it('finds nothing when the warehouse holds exactly the matrix', () => {
    expect(drift(baseline, seededObserved(), [])).toEqual({ findings: [], notes: [], complete: true });
  });

  it('names bob and the table for a direct grant on pii, and revokes everything he holds there', () => {
    const observed = seededObserved();
    observed.tableGrants = [
      ...observed.tableGrants,
      { schema: 'pii', grantee: user('bob'), privilege: 'SELECT', tables: 1, sample: ['customers'] },
    ];
    const finding = only(observed);
    expect(finding).toMatchObject({
      kind: 'pii-reached-by-other',
      schema: 'pii',
      summary: 'user bob reaches pii, which only pii_users (temporary only) may: SELECT on pii.customers',
      loses: 'bob loses SELECT on pii.customers',
    });
    expect(sqlOf(finding)).toEqual(['REVOKE ALL ON ALL TABLES IN SCHEMA "pii" FROM "bob"']);
  });

  it('reports a table created after the last GRANT … ON ALL TABLES that the role cannot read', () => {
    const observed = seededObserved();
    observed.schemas = observed.schemas.map((s) => (s.name === 'analytics' ? { ...s, tables: 4 } : s));
    observed.missing = [{ schema: 'analytics', grantee: role('analytics_users'), privilege: 'SELECT', tables: 1, sample: ['late_orders'] }];
    const finding = only(observed);
    expect(finding.kind).toBe('missing-table-privilege');
    expect(finding.summary).toBe(
      'role analytics_users lacks SELECT on analytics.late_orders (4 in all; declared: select), such as tables created after the last GRANT … ON ALL TABLES',
    );
    expect(sqlOf(finding)).toEqual(['GRANT SELECT ON ALL TABLES IN SCHEMA "analytics" TO ROLE "analytics_users"']);
  });

  it('grants ALL on tables for an `all` role missing some of them, in one finding', () => {
    const observed = seededObserved();
    observed.missing = ['SELECT', 'INSERT'].map((privilege) => ({
      schema: 'adhoc',
      grantee: role('analytics_authors'),
      privilege,
      tables: 1,
      sample: ['t2'],
    }));
    const finding = only(observed);
    expect(finding.summary).toMatch(/^role analytics_authors lacks SELECT and INSERT on adhoc\.t2/);
    expect(sqlOf(finding)).toEqual(['GRANT ALL ON ALL TABLES IN SCHEMA "adhoc" TO ROLE "analytics_authors"']);
  });

  it('reports default privileges missing for a table creator, with the ALTER DEFAULT PRIVILEGES that sets them', () => {
    const observed = seededObserved();
    observed.defaultGrants = observed.defaultGrants.filter((d) => !(d.schema === 'analytics' && d.grantee.name === 'analytics_users'));
    const finding = only(observed);
    expect(finding.kind).toBe('missing-default-privilege');
    expect(sqlOf(finding)).toEqual([
      'ALTER DEFAULT PRIVILEGES FOR USER "chatops_admin" IN SCHEMA "analytics" GRANT SELECT ON TABLES TO ROLE "analytics_users"',
    ]);
  });

  it('does not count a default set for every schema as covering a declared schema', () => {
    const observed = seededObserved();
    observed.defaultGrants = observed.defaultGrants.map((d) =>
      d.schema === 'pii' ? { owner: d.owner, grantee: d.grantee, privilege: d.privilege, objectType: d.objectType } : d,
    );
    const kinds = drift(baseline, observed, []).findings.map((f) => f.kind);
    expect(kinds).toEqual(['missing-default-privilege', 'undeclared-table-privilege']);
    const reach = drift(baseline, observed, []).findings[1];
    expect(reach.summary).toBe(
      'role pii_users holds SELECT by default on tables chatops_admin creates in any schema, beyond chatops.yml (not declared for every schema)',
    );
    expect(sqlOf(reach)).toEqual(['ALTER DEFAULT PRIVILEGES FOR USER "chatops_admin" REVOKE ALL ON TABLES FROM ROLE "pii_users"']);
  });

  it('flags a standing pii_users member, but not one a live grant of the bot explains', () => {
    const observed = seededObserved();
    observed.members = [...observed.members, { user: 'alice', principal: 'pii_users', via: 'role' }];
    const finding = only(observed);
    expect(finding).toMatchObject({ kind: 'standing-temporary-member', loses: 'alice loses role pii_users, and with it select on pii' });
    expect(sqlOf(finding)).toEqual(['REVOKE ROLE "pii_users" FROM "alice"']);
    const live = [{ user: 'alice', role: 'pii_users', endsAt: 1_800_000_000_000, grantId: 'g-1' }];
    expect(drift(baseline, observed, live).findings).toEqual([]);
  });

  it("reports the bot's own membership of a role it hands out with advice, never a REVOKE", () => {
    const observed = seededObserved();
    observed.members = [...observed.members, { user: 'chatops_bot', principal: 'pii_users', via: 'role' }];
    const finding = drift(baseline, observed, [], 'chatops_bot').findings[0];
    expect(finding).toMatchObject({ kind: 'standing-temporary-member', fix: [] });
    expect(finding.advice).toMatch(/WITH ADMIN OPTION/);
    expect(sqlOf(drift(baseline, observed, []).findings[0])).toEqual(['REVOKE ROLE "pii_users" FROM "chatops_bot"']);
  });

  it('creates a missing role first, then grants to it', () => {
    const observed = seededObserved();
    observed.principals = observed.principals.filter((p) => p.name !== 'pii_users');
    observed.schemaGrants = observed.schemaGrants.filter((g) => g.grantee.name !== 'pii_users');
    const result = drift(baseline, observed, []);
    expect(result.findings.map((f) => [f.kind, ...sqlOf(f)])).toEqual([
      ['missing-principal', 'CREATE ROLE "pii_users"'],
      ['missing-schema-privilege', 'GRANT USAGE ON SCHEMA "pii" TO ROLE "pii_users"'],
    ]);
  });

  it('advises instead of creating a role that exists as a group', () => {
    const observed = seededObserved();
    observed.principals = observed.principals.map((p) => (p.name === 'pii_users' ? { ...p, kind: 'group' as const } : p));
    const finding = drift(baseline, observed, []).findings[0];
    expect(finding).toMatchObject({ kind: 'missing-principal', fix: [], summary: 'pii_users is declared as a role but exists as a group' });
    expect(finding.advice).toMatch(/set mode: group/);
  });

  it('adds a missing standing member and removes an undeclared one, saying who loses what', () => {
    const observed = seededObserved();
    observed.members = [
      ...observed.members.filter((m) => m.user !== 'carol'),
      { user: 'dave', principal: 'analytics_authors', via: 'role' },
    ];
    observed.users = [...observed.users, 'dave'];
    const [add, remove] = drift(baseline, observed, []).findings;
    expect(add).toMatchObject({
      kind: 'missing-standing-member',
      summary: 'carol should hold role analytics_users standing, and does not',
    });
    expect(sqlOf(add)).toEqual(['GRANT ROLE "analytics_users" TO "carol"']);
    expect(remove).toMatchObject({
      kind: 'undeclared-member',
      loses: 'dave loses role analytics_authors, and with it all on adhoc, all on analytics and select on raw_data',
    });
    expect(sqlOf(remove)).toEqual(['REVOKE ROLE "analytics_authors" FROM "dave"']);
  });

  it('reports a declared role granted to another role, with REVOKE ROLE … FROM ROLE', () => {
    const observed = seededObserved();
    observed.nesting = [{ role: 'support', grantedRole: 'pii_users' }];
    observed.members = [...observed.members, { user: 'erin', principal: 'support', via: 'role' }];
    const finding = only(observed);
    expect(finding).toMatchObject({
      kind: 'standing-temporary-member',
      loses: 'role support and its members erin lose role pii_users, and with it select on pii',
    });
    expect(sqlOf(finding)).toEqual(['REVOKE ROLE "pii_users" FROM ROLE "support"']);
  });

  it('revokes grants to PUBLIC and to single users, schema and tables', () => {
    const observed = seededObserved();
    observed.schemaGrants = [...observed.schemaGrants, { schema: 'analytics', grantee: PUBLIC, privilege: 'USAGE' }];
    observed.tableGrants = [
      ...observed.tableGrants,
      { schema: 'analytics', grantee: PUBLIC, privilege: 'SELECT', tables: 3, sample: ['channel_summary', 'daily_revenue', 'sessions'] },
      { schema: 'adhoc', grantee: user('alice'), privilege: 'INSERT', tables: 1, sample: ['campaign_scratch'] },
    ];
    const [publicGrant, direct] = drift(baseline, observed, []).findings;
    expect(publicGrant).toMatchObject({
      kind: 'public-grant',
      summary:
        'PUBLIC (every user) holds USAGE on schema analytics and SELECT on 3 tables of analytics (channel_summary, daily_revenue, sessions)',
    });
    expect(sqlOf(publicGrant)).toEqual([
      'REVOKE ALL ON SCHEMA "analytics" FROM PUBLIC',
      'REVOKE ALL ON ALL TABLES IN SCHEMA "analytics" FROM PUBLIC',
    ]);
    expect(direct).toMatchObject({ kind: 'direct-user-grant', loses: 'alice loses INSERT on adhoc.campaign_scratch' });
    expect(sqlOf(direct)).toEqual(['REVOKE ALL ON ALL TABLES IN SCHEMA "adhoc" FROM "alice"']);
  });

  it('revokes only what a declared role holds beyond its level, and everything from an undeclared role', () => {
    const observed = seededObserved();
    observed.schemaGrants = [...observed.schemaGrants, { schema: 'analytics', grantee: role('analytics_users'), privilege: 'CREATE' }];
    observed.tableGrants = [
      ...observed.tableGrants,
      { schema: 'analytics', grantee: role('analytics_users'), privilege: 'INSERT', tables: 3, sample: ['a', 'b', 'c'] },
      { schema: 'raw_data', grantee: role('etl'), privilege: 'SELECT', tables: 1, sample: ['user_session_channel'] },
    ];
    const findings = drift(baseline, observed, []).findings;
    expect(findings.map((f) => [f.kind, ...sqlOf(f)])).toEqual([
      ['undeclared-schema-privilege', 'REVOKE CREATE ON SCHEMA "analytics" FROM ROLE "analytics_users"'],
      ['undeclared-table-privilege', 'REVOKE INSERT ON ALL TABLES IN SCHEMA "analytics" FROM ROLE "analytics_users"'],
      ['undeclared-table-privilege', 'REVOKE ALL ON ALL TABLES IN SCHEMA "raw_data" FROM ROLE "etl"'],
    ]);
    expect(findings[2].summary).toBe(
      'role etl holds SELECT on raw_data.user_session_channel, beyond chatops.yml (not declared for raw_data)',
    );
  });

  it('revokes a column grant by its columns and advises a separate table; row-level security gets advice only', () => {
    const observed = seededObserved();
    observed.columnGrants = [
      { schema: 'pii', table: 'customers', grantee: role('analytics_users'), privilege: 'SELECT', columns: ['email', 'full_name'] },
    ];
    observed.rowSecurity = [{ schema: 'analytics', table: 'sessions', policies: ['own_rows'] }];
    const [column, rls] = drift(baseline, observed, []).findings;
    expect(column).toMatchObject({
      kind: 'column-grant',
      summary: 'role analytics_users holds SELECT on columns email, full_name of pii.customers (a column-level grant)',
      loses:
        'role analytics_users and its members alice, carol lose SELECT on columns email, full_name of pii.customers, unless a table-wide grant gives it',
    });
    expect(sqlOf(column!)).toEqual(['REVOKE SELECT ("email", "full_name") ON TABLE "pii"."customers" FROM ROLE "analytics_users"']);
    expect(column!.advice).toMatch(/separate table/);
    // Turning row-level security off would widen who reads what: no statement, only advice.
    expect(rls).toMatchObject({
      kind: 'row-level-security',
      fix: [],
      summary: 'analytics.sessions has row-level security on (policies own_rows)',
    });
    expect(rls!.advice).toMatch(/separate table/);
  });

  it('says the answer is incomplete when a list was cut at its cap, and that what it reports missing may exist', () => {
    const observed = seededObserved();
    observed.truncated = ['table grants'];
    const result = drift(baseline, observed, []);
    expect(result.complete).toBe(false);
    expect(result.complete === false && result.why).toBe(
      'these lists were cut at their cap: table grants. So grants, members and policies the bot could not see are not in these findings, and a privilege or member reported missing may exist where the bot could not see it.',
    );
  });

  it('as a plain user, reports what it sees but nothing as missing: an unseen grant is unknown, and counted', () => {
    // What a plain user sees of the seeded warehouse: its own grants only (here none), and a PUBLIC grant.
    const observed: Observed = {
      ...seededObserved(),
      visibility: { complete: false, why: 'the bot is not a superuser.' },
      schemaGrants: [{ schema: 'pii', grantee: PUBLIC, privilege: 'USAGE' }],
      tableGrants: [],
      defaultGrants: [],
      members: [],
    };
    const result = drift(baseline, observed, []);
    expect(result.findings.map((f) => f.kind)).toEqual(['pii-reached-by-other']);
    expect(result.complete === false && result.why).toMatch(
      /^the bot is not a superuser\. So grants, members and policies the bot could not see are not in these findings, and \d+ declared privileges or memberships the bot could not find are not reported as missing: they may exist where the bot cannot see\.$/,
    );
    // The same rows seen by a superuser are drift, each with its GRANT.
    const asSuperuser = drift(baseline, { ...observed, visibility: { complete: true } }, []);
    expect(asSuperuser.findings.filter((f) => f.kind.startsWith('missing-')).length).toBeGreaterThan(5);
  });

  it('as a plain user that sees every declared grant, says it is incomplete without claiming anything is hidden', () => {
    const result = drift(baseline, { ...seededObserved(), visibility: { complete: false, why: 'the bot is not a superuser' } }, []);
    expect(result).toEqual({
      findings: [],
      notes: [],
      complete: false,
      why: 'the bot is not a superuser. So grants, members and policies the bot could not see are not in these findings.',
    });
  });

  it('notes declared schemas, creators and standing users that do not exist, instead of failing on them', () => {
    const observed = seededObserved();
    observed.schemas = observed.schemas.filter((s) => s.name !== 'raw_data');
    observed.users = observed.users.filter((u) => u !== 'chatops_admin' && u !== 'carol');
    observed.defaultGrants = [];
    const result = drift(baseline, observed, []);
    expect(result.notes).toEqual([
      'schema raw_data does not exist on prod: nothing is checked or granted there until it is created',
      'tableCreators lists chatops_admin, who is not a database user on prod: no default privileges are checked for them',
      'standing lists carol, who is not a database user on prod: create the user first',
    ]);
    expect(result.findings.filter((f) => f.schema === 'raw_data')).toEqual([]);
  });

  it('quotes hostile names, so they run nothing else', () => {
    const observed = seededObserved();
    const hostile = 'x"; DROP TABLE pii.customers; --';
    observed.tableGrants = [
      ...observed.tableGrants,
      { schema: 'adhoc', grantee: user(hostile), privilege: 'SELECT', tables: 1, sample: ['campaign_scratch'] },
    ];
    expect(sqlOf(only(observed))).toEqual(['REVOKE ALL ON ALL TABLES IN SCHEMA "adhoc" FROM "x""; drop table pii.customers; --"']);
  });

  it('uses GROUP forms for a group', () => {
    const groups = baselineOf('prod', {
      roles: { readers: { mode: 'group', schemas: { analytics: 'select' }, temporaryOnly: false } },
      standing: { alice: ['readers'] },
      tableCreators: ['chatops_admin'],
    });
    const observed = { ...seededObserved(), schemaGrants: [], tableGrants: [], defaultGrants: [], members: [], principals: [] };
    expect(drift(groups, observed, []).findings.map((f) => sqlOf(f)[0])).toEqual([
      'CREATE GROUP "readers"',
      'GRANT USAGE ON SCHEMA "analytics" TO GROUP "readers"',
      'ALTER DEFAULT PRIVILEGES FOR USER "chatops_admin" IN SCHEMA "analytics" GRANT SELECT ON TABLES TO GROUP "readers"',
      'ALTER GROUP "readers" ADD USER "alice"',
    ]);
  });

  it('sorts findings by kind, then key, whatever the order of the rows, with stable keys', () => {
    const observed = seededObserved();
    observed.members = [
      ...observed.members,
      { user: 'zed', principal: 'pii_users', via: 'role' },
      { user: 'amy', principal: 'pii_users', via: 'role' },
    ];
    observed.tableGrants = [
      ...observed.tableGrants,
      { schema: 'adhoc', grantee: PUBLIC, privilege: 'SELECT', tables: 1, sample: ['campaign_scratch'] },
    ];
    const first = drift(baseline, observed, []).findings;
    const reversed = { ...observed, members: [...observed.members].reverse(), tableGrants: [...observed.tableGrants].reverse() };
    expect(drift(baseline, reversed, []).findings).toEqual(first);
    expect(first.map((f) => f.kind)).toEqual(['public-grant', 'standing-temporary-member', 'standing-temporary-member']);
    expect(first.map((f) => f.key)).toEqual([
      '["public-grant","adhoc","public","tables:SELECT"]',
      '["standing-temporary-member","amy","pii_users"]',
      '["standing-temporary-member","zed","pii_users"]',
    ]);
    expect(FINDING_ORDER).toHaveLength(14);
  });
});
