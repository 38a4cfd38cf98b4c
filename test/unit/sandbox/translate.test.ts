import { bindParameters, render, splitStatements, tokenize } from '../../../src/sandbox/aws/data/lexer';
import { vacuumEffect, type TableHealth } from '../../../src/sandbox/aws/data/maintenance';
import { changesSessionIdentity } from '../../../src/sandbox/aws/data/session-identity';
import { translate, type Translation } from '../../../src/sandbox/aws/data/translate';

function one(sql: string): Translation {
  const statements = splitStatements(sql);
  expect(statements).toHaveLength(1);
  return translate(statements[0]);
}

/** The Postgres text of a translated statement (for the plain-SQL kind). */
function pg(sql: string): string {
  const translation = one(sql);
  if (translation.kind !== 'sql') throw new Error(`expected SQL, got ${translation.kind}`);
  return render(translation.tokens);
}

describe('lexer', () => {
  it('keeps quoted text, identifiers, comments and dollar bodies whole', () => {
    const kinds = tokenize(`SELECT 'a;b' AS "x;y" -- c;d\n, $$e;f$$, E'g\\';h', 1.5e-3::numeric`)
      .filter((t) => t.kind !== 'space')
      .map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual([
      'word:SELECT',
      "string:'a;b'",
      'word:AS',
      'identifier:"x;y"',
      'comment:-- c;d',
      'punct:,',
      'string:$$e;f$$',
      'punct:,',
      "string:E'g\\';h'",
      'punct:,',
      'number:1.5e-3',
      'punct:::',
      'word:numeric',
    ]);
  });

  it('splits statements on top-level semicolons only, dropping empty ones', () => {
    const statements = splitStatements(`SELECT ';'; /* ; */ ; CREATE FUNCTION f() RETURNS int AS $x$ SELECT 1; $x$ LANGUAGE sql;`).map(
      render,
    );
    expect(statements).toEqual([`SELECT ';'`, `CREATE FUNCTION f() RETURNS int AS $x$ SELECT 1; $x$ LANGUAGE sql`]);
  });

  it('binds :name parameters to $n outside strings, identifiers and casts; a value never becomes SQL', () => {
    const [statement] = splitStatements(`SELECT :a, ':a', ":a", x::text, :b, :a, :missing FROM t`);
    const bound = bindParameters(statement, [
      { name: 'a', value: "'; DROP TABLE pii.customers; --" },
      { name: 'b', value: '2' },
      { name: 'unused', value: 'x' },
    ]);
    expect(render(bound.tokens)).toBe(`SELECT $1, ':a', ":a", x::text, $2, $1, :missing FROM t`);
    expect(bound.values).toEqual(["'; DROP TABLE pii.customers; --", '2']);
  });
});

describe('translate: roles and groups', () => {
  it.each([
    ['GRANT ROLE pii_users TO "alice"', 'GRANT pii_users TO "alice"'],
    ['grant role pii_users to alice with admin option', 'grant pii_users to alice with admin option'],
    ['GRANT ROLE analytics_users TO ROLE pii_users', 'GRANT analytics_users TO pii_users'],
    ['GRANT ROLE a, ROLE b TO "u1", ROLE r2', 'GRANT a, b TO "u1", r2'],
    ['REVOKE ROLE pii_users FROM "alice"', 'REVOKE pii_users FROM "alice"'],
    ['REVOKE ADMIN OPTION FOR ROLE r FROM u', 'REVOKE ADMIN OPTION FOR r FROM u'],
    ['GRANT USAGE ON SCHEMA pii TO ROLE pii_users', 'GRANT USAGE ON SCHEMA pii TO pii_users'],
    [
      'GRANT SELECT ON ALL TABLES IN SCHEMA pii TO ROLE pii_users, GROUP g',
      'GRANT SELECT ON ALL TABLES IN SCHEMA pii TO pii_users, GROUP g',
    ],
    ['GRANT SELECT (id, role) ON t TO ROLE r', 'GRANT SELECT (id, role) ON t TO r'],
    ['GRANT USAGE ON SCHEMA s TO GROUP g', 'GRANT USAGE ON SCHEMA s TO GROUP g'],
    [
      'ALTER DEFAULT PRIVILEGES FOR ROLE chatops_admin IN SCHEMA pii GRANT SELECT ON TABLES TO ROLE pii_users',
      'ALTER DEFAULT PRIVILEGES FOR ROLE chatops_admin IN SCHEMA pii GRANT SELECT ON TABLES TO pii_users',
    ],
    ['ALTER GROUP readers ADD USER alice, "bob"', 'GRANT readers TO alice, "bob"'],
    ['ALTER GROUP readers DROP USER alice', 'REVOKE readers FROM alice'],
    ['CREATE USER dave PASSWORD DISABLE', 'CREATE USER dave'],
  ])('%s', (redshift, postgres) => {
    expect(pg(redshift)).toBe(postgres);
  });

  it('turns CREATE GROUP into a role that cannot log in, and remembers it was a group', () => {
    expect(one('CREATE GROUP readers')).toEqual({
      kind: 'sql',
      tokens: [{ kind: 'word', text: 'CREATE ROLE readers NOLOGIN' }],
      createdGroup: 'readers',
    });
    const withUsers = one('CREATE GROUP "Readers" WITH USER alice, bob');
    expect(withUsers.kind === 'sql' && render(withUsers.tokens)).toBe('CREATE ROLE "Readers" NOLOGIN ROLE alice, bob');
    expect(withUsers.kind === 'sql' && withUsers.createdGroup).toBe('Readers');
  });

  it('passes everything else through untouched', () => {
    const sql = `SELECT role_name FROM svv_user_grants WHERE user_name = 'GRANT ROLE x TO y'`;
    expect(pg(sql)).toBe(sql);
  });
});

describe('translate: functions Postgres spells differently', () => {
  it('routes PG_TERMINATE_BACKEND to the STV_SESSIONS emulation with the caller', () => {
    expect(pg('SELECT PG_TERMINATE_BACKEND(1073807401)')).toBe('SELECT redshift_sys.terminate_backend(current_user::text,1073807401)');
    expect(pg('select pg_catalog.pg_terminate_backend (process) from stv_sessions')).toBe(
      'select redshift_sys.terminate_backend(current_user::text,process) from stv_sessions',
    );
  });

  it('reads PG_GROUP from the Redshift view and GETDATE/SYSDATE from the emulator clock', () => {
    expect(pg('SELECT groname FROM PG_GROUP')).toBe('SELECT groname FROM redshift_sys.pg_group');
    expect(pg('SELECT GETDATE(), SYSDATE')).toBe('SELECT redshift_sys.getdate(), redshift_sys.getdate()');
    expect(pg(`SELECT x FROM t WHERE d > DATEADD(day, -7, GETDATE()) AND DATEDIFF(hour, a, b) > 1`)).toBe(
      `SELECT x FROM t WHERE d > redshift_sys.dateadd('day', -7, redshift_sys.getdate()) AND redshift_sys.datediff('hour', a, b) > 1`,
    );
    expect(pg(`SELECT t.sysdate, 'GETDATE()' FROM t`)).toBe(`SELECT t.sysdate, 'GETDATE()' FROM t`);
  });

  it('names the Redshift database in CURRENT_DATABASE(), not the Postgres one', () => {
    expect(pg('SELECT current_database()')).toBe('SELECT redshift_sys.current_database()');
    expect(pg('SELECT pg_catalog.CURRENT_DATABASE (), current_user')).toBe('SELECT redshift_sys.current_database (), current_user');
    expect(pg(`SELECT t.current_database, 'current_database()' FROM t`)).toBe(`SELECT t.current_database, 'current_database()' FROM t`);
  });
});

describe('translate: VACUUM and ANALYZE', () => {
  it.each<[string, Translation]>([
    ['VACUUM', { kind: 'vacuum', mode: 'FULL', table: undefined, toPercent: 95, boost: false }],
    ['VACUUM analytics.sessions', { kind: 'vacuum', mode: 'FULL', table: 'analytics.sessions', toPercent: 95, boost: false }],
    [
      'vacuum full "analytics"."Sessions" to 100 percent boost',
      { kind: 'vacuum', mode: 'FULL', table: '"analytics"."Sessions"', toPercent: 100, boost: true },
    ],
    ['VACUUM SORT ONLY t', { kind: 'vacuum', mode: 'SORT ONLY', table: 't', toPercent: 95, boost: false }],
    ['VACUUM DELETE ONLY s.t TO 75 PERCENT', { kind: 'vacuum', mode: 'DELETE ONLY', table: 's.t', toPercent: 75, boost: false }],
    ['VACUUM REINDEX s.t', { kind: 'vacuum', mode: 'REINDEX', table: 's.t', toPercent: 95, boost: false }],
    ['VACUUM RECLUSTER s.t BOOST', { kind: 'vacuum', mode: 'RECLUSTER', table: 's.t', toPercent: 95, boost: true }],
    ['ANALYZE analytics.daily_revenue', { kind: 'analyze', table: 'analytics.daily_revenue' }],
    ['ANALYZE VERBOSE s.t (a, b) PREDICATE COLUMNS', { kind: 'analyze', table: 's.t' }],
    ['ANALYZE', { kind: 'analyze', table: undefined }],
  ])('%s', (sql, expected) => {
    expect(one(sql)).toEqual(expected);
  });

  it('leaves Postgres-only forms to Postgres', () => {
    expect(one('VACUUM (VERBOSE) t').kind).toBe('sql');
    expect(one('VACUUM t TO 101 PERCENT').kind).toBe('sql');
    expect(one('ANALYZE COMPRESSION t').kind).toBe('sql');
  });
});

describe('changesSessionIdentity', () => {
  it.each([
    ['SET ROLE chatops_admin', true],
    ['set local role postgres', true],
    ['SET SESSION AUTHORIZATION chatops_admin', true],
    ['SET SESSION ROLE x', true],
    ['RESET ROLE', true],
    ['RESET ALL', true],
    ['DISCARD ALL', true],
    [`SELECT set_config('role', 'postgres', false)`, true],
    [`DO $$ BEGIN PERFORM set_config('role', 'postgres', false); END $$`, true],
    [`CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN RESET ROLE; END $body$`, true],
    [`CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$`, false],
    ['SET search_path TO analytics', false],
    ['SELECT role FROM t', false],
    [`SELECT 'SET ROLE x'`, false],
  ])('%s -> %s', (sql, expected) => {
    expect(changesSessionIdentity(splitStatements(sql)[0])).toBe(expected);
  });
});

describe('vacuumEffect', () => {
  const sessions: TableHealth = {
    size: 18432,
    pctUsed: 0.45,
    unsorted: 27.85,
    statsOff: 4.1,
    tblRows: 412_000_000,
    visibleRows: 389_500_000,
    vacuumSortBenefit: 61.2,
  };

  it('FULL sorts and reclaims deleted rows when below the threshold', () => {
    const effect = vacuumEffect(sessions, 'FULL', 95, false);
    expect(effect.sorted).toBe(true);
    expect(effect.reclaimedRows).toBe(22_500_000);
    expect(effect.reclaimedBlocks).toBe(Math.round((18432 * 22_500_000) / 412_000_000));
    expect(effect.after).toMatchObject({
      unsorted: 0,
      vacuumSortBenefit: 0,
      tblRows: 389_500_000,
      visibleRows: 389_500_000,
      statsOff: 4.1,
    });
    expect(effect.after.size).toBe(18432 - effect.reclaimedBlocks);
  });

  it('SORT ONLY keeps deleted rows; DELETE ONLY keeps the unsorted region', () => {
    expect(vacuumEffect(sessions, 'SORT ONLY', 95, false)).toMatchObject({
      reclaimedRows: 0,
      sorted: true,
      after: { tblRows: 412_000_000 },
    });
    expect(vacuumEffect(sessions, 'DELETE ONLY', 95, false)).toMatchObject({
      reclaimedRows: 22_500_000,
      sorted: false,
      after: { unsorted: 27.85 },
    });
  });

  it('skips phases already within the threshold, unless TO 100 PERCENT', () => {
    const tidy: TableHealth = { ...sessions, unsorted: 3, visibleRows: 410_000_000 };
    expect(vacuumEffect(tidy, 'FULL', 95, false)).toMatchObject({ reclaimedRows: 0, sorted: false, after: { unsorted: 3 } });
    expect(vacuumEffect(tidy, 'FULL', 100, false)).toMatchObject({ reclaimedRows: 2_000_000, sorted: true, after: { unsorted: 0 } });
  });

  it('BOOST halves the time', () => {
    expect(vacuumEffect(sessions, 'FULL', 95, true).durationMicros).toBe(
      Math.round(vacuumEffect(sessions, 'FULL', 95, false).durationMicros / 2),
    );
  });
});
