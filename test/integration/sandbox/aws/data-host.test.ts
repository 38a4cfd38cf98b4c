import { ManualClock } from '../../../../src/clock';
import { AwsFault } from '../../../../src/sandbox/aws/core';
import { BatchError, DatabaseHost, SqlError, type QueryOutcome } from '../../../../src/sandbox/aws/data/host';

/**
 * The PGlite warehouses behind the emulator: the standard seed, privileges that Postgres itself
 * enforces, the Redshift translation, VACUUM/ANALYZE effects, and snapshot images with table restore.
 */
const CLUSTER = 'cluster/analytics-prod';
const NAMESPACE = 'namespace/lake';
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

const clock = new ManualClock(NOW);
const host = new DatabaseHost({ clock });

beforeAll(async () => {
  await Promise.all([
    host.create(CLUSTER),
    host.create(NAMESPACE),
    host.create('cluster/empty', { seed: false, databases: ['dev', 'ops'] }),
  ]);
}, 60_000);

afterAll(async () => {
  await host.closeAll();
});

function run(user: string, sql: string, key = CLUSTER): Promise<QueryOutcome> {
  return host.run(key, 'dev', user, sql);
}

async function rows(user: string, sql: string, key = CLUSTER): Promise<unknown[][]> {
  return (await run(user, sql, key)).rows;
}

async function failure(user: string, sql: string, key = CLUSTER): Promise<string> {
  try {
    await run(user, sql, key);
  } catch (error) {
    expect(error).toBeInstanceOf(SqlError);
    return (error as SqlError).message;
  }
  throw new Error(`expected ${sql} as ${user} to fail`);
}

describe('the standard seed', () => {
  it('has the users, schemas, roles and memberships of DESIGN.md', async () => {
    expect(await rows('chatops_admin', `SELECT usename, usesuper FROM pg_user WHERE usename <> 'postgres' ORDER BY 1`)).toEqual([
      ['alice', false],
      ['bob', false],
      ['carol', false],
      ['chatops_admin', true],
    ]);
    expect(await rows('chatops_admin', 'SELECT user_name, role_name FROM svv_user_grants ORDER BY 1, 2')).toEqual([
      ['alice', 'analytics_users'],
      ['bob', 'analytics_authors'],
      ['carol', 'analytics_users'],
    ]);
    const schemas = `SELECT DISTINCT namespace_name FROM SVV_SCHEMA_PRIVILEGES WHERE namespace_name <> 'public' ORDER BY 1`;
    expect(await rows('chatops_admin', schemas)).toEqual([['adhoc'], ['analytics'], ['pii'], ['raw_data']]);
    // A regular user sees only the identities it has access to (itself, its roles, PUBLIC): not pii_users'.
    expect(await rows('alice', schemas)).toEqual([['adhoc'], ['analytics'], ['raw_data']]);
    expect(await rows('alice', `SELECT privilege_type FROM svv_schema_privileges WHERE namespace_name = 'public' ORDER BY 1`)).toEqual([
      ['CREATE'],
      ['USAGE'],
    ]);
    const [[customers]] = await rows('chatops_admin', 'SELECT count(*) FROM pii.customers');
    expect(Number(customers)).toBeGreaterThanOrEqual(50);
  });

  it('holds exactly the permission table of REDSHIFT.md', async () => {
    const grants = await rows(
      'chatops_admin',
      `SELECT identity_name, namespace_name, string_agg(privilege_type, ',' ORDER BY privilege_type)
       FROM svv_schema_privileges WHERE namespace_name <> 'public' GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(grants).toEqual([
      ['analytics_authors', 'adhoc', 'CREATE,USAGE'],
      ['analytics_authors', 'analytics', 'CREATE,USAGE'],
      ['analytics_authors', 'raw_data', 'USAGE'],
      ['analytics_users', 'adhoc', 'CREATE,USAGE'],
      ['analytics_users', 'analytics', 'USAGE'],
      ['analytics_users', 'raw_data', 'USAGE'],
      ['pii_users', 'pii', 'USAGE'],
    ]);
    // Default privileges: a table created later by the admin is readable by analytics_users at once.
    await run('chatops_admin', 'CREATE TABLE analytics.later (id int)');
    expect(await rows('alice', 'SELECT count(*) FROM analytics.later')).toEqual([['0']]);
    expect(await failure('alice', 'INSERT INTO analytics.later VALUES (1)')).toBe('ERROR: permission denied for table later');
    await run('bob', 'INSERT INTO analytics.later VALUES (1)');
    await run('carol', 'CREATE TABLE adhoc.carol_scratch AS SELECT 1 AS x');
    expect(await failure('bob', 'SELECT * FROM pii.customers')).toBe('ERROR: permission denied for schema pii');
  });

  it('seeds table statistics that make the VACUUM report non-trivial', async () => {
    const tables = await rows(
      'chatops_admin',
      `SELECT "schema" || '.' || "table", size, unsorted, stats_off FROM svv_table_info WHERE table_id IN (SELECT table_id FROM redshift_internal.table_stats) ORDER BY size DESC`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(5);
    const [biggest] = tables;
    expect(biggest[0]).toBe('raw_data.user_session_channel');
    expect(Number(biggest[1])).toBeGreaterThan(700 * 1024); // 1 MB blocks: above 700 GB
    expect(tables.some(([, , unsorted]) => Number(unsorted) > 5)).toBe(true);
    expect(tables.some(([, , , statsOff]) => Number(statsOff) > 10)).toBe(true);
    expect(tables.some(([, , unsorted, statsOff]) => Number(unsorted) < 5 && Number(statsOff) < 10)).toBe(true);
  });

  it('seeds usage relative to the clock: Spectrum on the cluster, RPU minutes on the namespace', async () => {
    const [[queries, oldest, newest]] = await rows(
      'chatops_admin',
      'SELECT count(*), min(starttime), max(starttime) FROM svl_s3query_summary',
    );
    expect(Number(queries)).toBeGreaterThan(100);
    expect(String(newest) <= '2025-01-15 12:00:00').toBe(true);
    expect(String(oldest) >= '2024-12-14').toBe(true);
    const [[external]] = await rows('chatops_admin', `SELECT count(*) FROM sys_external_query_detail WHERE source_type = 'S3'`);
    expect(external).toBe(queries);

    const [[minutes, first, charged, idle]] = await rows(
      'chatops_admin',
      `SELECT count(*), min(start_time), sum(charged_seconds), count(*) FILTER (WHERE charged_seconds = 0) FROM SYS_SERVERLESS_USAGE`,
      NAMESPACE,
    );
    expect(minutes).toBe(String(7 * 24 * 60));
    expect(first).toBe('2025-01-08 12:00:00');
    expect(Number(charged)).toBeGreaterThan(0);
    expect(Number(idle) / Number(minutes)).toBeGreaterThan(0.6); // mostly idle
    expect(await failure('chatops_admin', 'SELECT * FROM sys_serverless_usage')).toBe(
      'ERROR: relation "sys_serverless_usage" does not exist',
    );
  });

  it('has sessions, recent queries, a trained model and GETDATE() on the emulator clock', async () => {
    const sessions = await rows('chatops_admin', `SELECT process, trim(user_name) FROM stv_sessions WHERE trim(user_name) = 'carol'`);
    expect(sessions).toHaveLength(1);
    expect(Number((await rows('chatops_admin', 'SELECT count(*) FROM sys_query_history'))[0][0])).toBeGreaterThan(20);
    // SVV_ML_MODEL_INFO shows a regular user only its own models: the model is bob's.
    expect(await rows('bob', 'SELECT TRIM(schema_name), TRIM(model_name), TRIM(model_state) FROM svv_ml_model_info')).toEqual([
      ['analytics', 'customer_churn', 'Model is Ready'],
    ]);
    expect(await rows('alice', 'SELECT model_name FROM svv_ml_model_info')).toEqual([]);
    // Each warehouse keeps its own models: the workgroup has carol's, not the cluster's.
    expect(await rows('chatops_admin', 'SELECT TRIM(user_name), TRIM(model_name) FROM svv_ml_model_info', NAMESPACE)).toEqual([
      ['carol', 'session_duration'],
    ]);
    expect(await rows('alice', 'SELECT GETDATE(), DATEADD(day, -7, GETDATE())')).toEqual([['2025-01-15 12:00:00', '2025-01-08 12:00:00']]);
  });

  it('answers CURRENT_DATABASE() with the Redshift database the statement runs in', async () => {
    expect(await run('alice', 'SELECT current_database()')).toMatchObject({ columns: [{ name: 'current_database' }], rows: [['dev']] });
    expect(await host.run('cluster/empty', 'ops', 'chatops_admin', 'SELECT current_database()')).toMatchObject({ rows: [['ops']] });
  });

  it('leaves an unseeded warehouse with only the system layer and the bot user', async () => {
    expect(await rows('chatops_admin', `SELECT usename FROM pg_user WHERE usename <> 'postgres'`, 'cluster/empty')).toEqual([
      ['chatops_admin'],
    ]);
    expect(await host.run('cluster/empty', 'ops', 'chatops_admin', 'SELECT count(*) FROM svv_table_info')).toMatchObject({ rows: [['0']] });
  });
});

describe('privileges are real', () => {
  it('denies, grants, allows and revokes pii access for alice', async () => {
    expect(await failure('alice', 'SELECT * FROM pii.customers')).toBe('ERROR: permission denied for schema pii');
    await run('chatops_admin', 'GRANT ROLE pii_users TO "alice"');
    expect(await rows('chatops_admin', `SELECT role_name FROM SVV_USER_GRANTS WHERE user_name = 'alice' ORDER BY 1`)).toEqual([
      ['analytics_users'],
      ['pii_users'],
    ]);
    const allowed = await run('alice', 'SELECT id, email FROM pii.customers ORDER BY id LIMIT 2');
    expect(allowed.rows).toEqual([
      [1, 'ada.lovelace1@example.com'],
      [2, 'grace.mccarthy2@example.com'],
    ]);
    expect(allowed.columns.map((c) => c.typeName)).toEqual(['int4', 'varchar']);
    await run('chatops_admin', 'REVOKE ROLE pii_users FROM "alice"');
    expect(await failure('alice', 'SELECT * FROM pii.customers')).toBe('ERROR: permission denied for schema pii');
  });

  it('lets a plain user neither grant roles nor step out of her role', async () => {
    expect(await failure('alice', 'GRANT ROLE pii_users TO "alice"')).toBe('ERROR: permission denied to grant role "pii_users"');
    for (const sql of [
      'SET ROLE chatops_admin',
      'RESET ROLE',
      'SET SESSION AUTHORIZATION chatops_admin',
      `SELECT set_config('role', 'postgres', false)`,
    ]) {
      expect(await failure('alice', sql)).toBe('ERROR: permission denied to change the session user or role');
    }
    // Dynamic SQL can hide the change from the statement check; the role check afterwards catches it.
    await run(
      'alice',
      `CREATE FUNCTION adhoc.escape() RETURNS text LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'SET ' || 'RO' || 'LE postgres'; RETURN current_user; END $$`,
    );
    expect(await failure('alice', 'SELECT adhoc.escape()')).toBe('ERROR: permission denied to change the session user or role');
    expect(await rows('alice', 'SELECT current_user')).toEqual([['alice']]);
  });

  it('grants roles to roles', async () => {
    await run('chatops_admin', 'CREATE ROLE support_readers');
    await run('chatops_admin', 'GRANT ROLE pii_users TO ROLE support_readers');
    expect(await rows('chatops_admin', `SELECT role_name, granted_role_name FROM svv_role_grants`)).toEqual([
      ['support_readers', 'pii_users'],
    ]);
    await run('chatops_admin', 'GRANT ROLE support_readers TO "carol"');
    expect(await rows('carol', 'SELECT count(*) > 0 FROM pii.customers')).toEqual([[true]]);
    await run('chatops_admin', 'REVOKE ROLE support_readers FROM "carol"');
  });

  it('supports the group path: CREATE GROUP, ALTER GROUP ADD/DROP USER, PG_GROUP', async () => {
    await run('chatops_admin', 'CREATE GROUP pii_readers');
    await run('chatops_admin', 'GRANT USAGE ON SCHEMA pii TO GROUP pii_readers');
    await run('chatops_admin', 'GRANT SELECT ON ALL TABLES IN SCHEMA pii TO GROUP pii_readers');
    expect(await failure('bob', 'ALTER GROUP pii_readers ADD USER bob')).toBe('ERROR: permission denied to grant role "pii_readers"');
    await run('chatops_admin', 'ALTER GROUP pii_readers ADD USER bob, carol');
    const group = await rows(
      'chatops_admin',
      `SELECT u.usename FROM pg_group g JOIN pg_user u ON u.usesysid = ANY(g.grolist) WHERE g.groname = 'pii_readers' ORDER BY 1`,
    );
    expect(group).toEqual([['bob'], ['carol']]);
    expect(await rows('chatops_admin', `SELECT identity_type FROM svv_schema_privileges WHERE identity_name = 'pii_readers'`)).toEqual([
      ['group'],
    ]);
    expect(await rows('bob', 'SELECT count(*) > 0 FROM pii.customers')).toEqual([[true]]);
    await run('chatops_admin', 'ALTER GROUP pii_readers DROP USER bob');
    expect(await failure('bob', 'SELECT * FROM pii.customers')).toBe('ERROR: permission denied for schema pii');
    // A group is not a role: SVV_USER_GRANTS does not list it.
    expect(await rows('chatops_admin', `SELECT count(*) FROM svv_user_grants WHERE role_name = 'pii_readers'`)).toEqual([['0']]);
  });

  it("ends sessions with PG_TERMINATE_BACKEND: one's own or, as superuser, anyone's", async () => {
    const [[pid]] = await rows('chatops_admin', `SELECT process FROM stv_sessions WHERE trim(user_name) = 'bob'`);
    expect(await failure('carol', `SELECT PG_TERMINATE_BACKEND(${Number(pid)})`)).toBe('ERROR: permission denied to terminate process');
    expect(await rows('chatops_admin', `SELECT PG_TERMINATE_BACKEND(${Number(pid)})`)).toEqual([[1]]);
    expect(await rows('chatops_admin', `SELECT count(*) FROM stv_sessions WHERE trim(user_name) = 'bob'`)).toEqual([['0']]);
  });

  it('binds parameters as values', async () => {
    const hostile = `'; DROP TABLE pii.customers; --`;
    const outcome = await host.run(
      CLUSTER,
      'dev',
      'chatops_admin',
      'SELECT count(*) FROM pii.customers WHERE email = :email OR full_name = :email',
      [{ name: 'email', value: hostile }],
    );
    expect(outcome.rows).toEqual([['0']]);
    expect(await rows('chatops_admin', `SELECT to_regclass('pii.customers') IS NOT NULL`)).toEqual([[true]]);
  });

  it('fails for a database or user the warehouse does not have', async () => {
    await expect(host.run(CLUSTER, 'prod', 'alice', 'SELECT 1')).rejects.toThrow('FATAL: database "prod" does not exist');
    await expect(host.run(CLUSTER, 'dev', 'mallory', 'SELECT 1')).rejects.toThrow('FATAL: user "mallory" does not exist');
    await expect(host.run('cluster/nope', 'dev', 'alice', 'SELECT 1')).rejects.toThrow('No database for cluster/nope');
  });
});

describe('VACUUM and ANALYZE', () => {
  const info = `SELECT unsorted, tbl_rows, estimated_visible_rows, size, stats_off FROM svv_table_info WHERE "schema" = 'analytics' AND "table" = 'sessions'`;
  const history = `SELECT count(*) FROM sys_vacuum_history WHERE table_name = 'sessions'`;

  it('does nothing, successfully, for a user without privilege on the table', async () => {
    const before = await rows('chatops_admin', info);
    const outcome = await run('alice', 'VACUUM analytics.sessions');
    expect(outcome.command).toBe('VACUUM');
    expect(await rows('chatops_admin', info)).toEqual(before);
    expect(await rows('chatops_admin', history)).toEqual([['0']]);
  });

  it('sorts and reclaims for the owner or a superuser, and records the history', async () => {
    clock.advance(60_000);
    await run('chatops_admin', 'VACUUM FULL analytics.sessions TO 95 PERCENT');
    expect(await rows('chatops_admin', info)).toEqual([['0.00', '389500000', '389500000', expect.any(String), '4.10']]);
    const [[status, reclaimedRows, reclaimedBlocks, duration, start]] = await rows(
      'chatops_admin',
      `SELECT status, reclaimed_rows, reclaimed_blocks, duration, start_time FROM SYS_VACUUM_HISTORY
       WHERE table_name = 'sessions' AND status = 'Complete'`,
    );
    expect(status).toBe('Complete');
    expect(reclaimedRows).toBe('22500000');
    expect(Number(reclaimedBlocks)).toBeGreaterThan(0);
    expect(Number(duration)).toBeGreaterThan(0);
    expect(start).toBe('2025-01-15 12:01:00');
  });

  it('cannot run inside a transaction block', async () => {
    const batch = host.runBatch(CLUSTER, 'dev', 'chatops_admin', ['SELECT 1', 'VACUUM analytics.daily_revenue']);
    await expect(batch).rejects.toBeInstanceOf(BatchError);
    await expect(batch).rejects.toMatchObject({ index: 1, message: 'ERROR: VACUUM cannot run inside a transaction block' });
    expect(await failure('chatops_admin', 'VACUUM analytics.nope')).toBe('ERROR: relation "analytics.nope" does not exist');
  });

  it('ANALYZE brings stats_off to 0 for the owner only', async () => {
    const statsOff = `SELECT stats_off FROM svv_table_info WHERE "table" = 'daily_revenue'`;
    await run('carol', 'ANALYZE analytics.daily_revenue');
    expect(await rows('chatops_admin', statsOff)).toEqual([['38.00']]);
    await run('chatops_admin', 'ANALYZE analytics.daily_revenue PREDICATE COLUMNS');
    expect(await rows('chatops_admin', statsOff)).toEqual([['0.00']]);
  });
});

describe('batches', () => {
  it('run in one transaction: a failure rolls everything back', async () => {
    const batch = host.runBatch(CLUSTER, 'dev', 'chatops_admin', [
      'CREATE TABLE adhoc.batch_t (id int)',
      'INSERT INTO adhoc.batch_t VALUES (1)',
      'SELECT * FROM nope',
    ]);
    await expect(batch).rejects.toMatchObject({ index: 2, message: 'ERROR: relation "nope" does not exist' });
    expect(await host.tableExists(CLUSTER, 'dev', 'adhoc', 'batch_t')).toBe(false);
    const outcomes = await host.runBatch(CLUSTER, 'dev', 'chatops_admin', [
      'CREATE TABLE adhoc.batch_t (id int)',
      'INSERT INTO adhoc.batch_t VALUES (1), (2)',
      'SELECT * FROM adhoc.batch_t',
    ]);
    expect(outcomes.map((o) => o.rowCount)).toEqual([0, 2, 2]);
    expect(await host.tableExists(CLUSTER, 'dev', 'adhoc', 'batch_t')).toBe(true);
  });
});

describe('images and table restore', () => {
  it('restores the rows a table had when the image was taken, into a new table', async () => {
    await run('chatops_admin', 'CREATE TABLE pii.contacts AS SELECT id, email FROM pii.customers WHERE id <= 40');
    clock.advance(1000);
    const image = await host.image(CLUSTER);
    expect(image).toMatchObject({ key: CLUSTER, takenAt: clock.now() });
    expect(image.data.size).toBeGreaterThan(1_000_000);
    await run('chatops_admin', 'DELETE FROM pii.contacts WHERE id > 5');

    const result = await host.restoreTable(CLUSTER, image, {
      sourceDatabase: 'dev',
      sourceSchema: 'pii',
      sourceTable: 'contacts',
      targetDatabase: 'dev',
      targetSchema: 'pii',
      newTable: 'contacts_restored',
    });
    expect(result).toEqual({ rows: 40, megabytes: 1 });
    expect(await rows('chatops_admin', 'SELECT count(*) FROM pii.contacts')).toEqual([['5']]);
    expect(await rows('chatops_admin', 'SELECT count(*), max(id) FROM pii.contacts_restored')).toEqual([['40', 40]]);
    // A table restore applies none of the source table's grants: only its owner may read it.
    expect(
      await rows(
        'chatops_admin',
        `SELECT identity_name, privilege_type FROM svv_relation_privileges WHERE relation_name = 'contacts_restored'`,
      ),
    ).toEqual([]);
    expect(await failure('alice', 'SELECT * FROM pii.contacts_restored')).toBe('ERROR: permission denied for schema pii');
  }, 30_000);

  it('never overwrites a table, and says when the source is not in the image', async () => {
    const image = await host.image(CLUSTER);
    const spec = {
      sourceDatabase: 'dev',
      sourceSchema: 'pii',
      sourceTable: 'customers',
      targetDatabase: 'dev',
      targetSchema: 'pii',
      newTable: 'customers',
    };
    await expect(host.restoreTable(CLUSTER, image, spec)).rejects.toMatchObject({ code: 'InvalidTableRestoreArgument' });
    await expect(host.restoreTable(CLUSTER, image, { ...spec, sourceTable: 'ghost', newTable: 'ghost2' })).rejects.toThrow(
      'Table pii.ghost does not exist in database dev of the snapshot.',
    );
    await expect(host.restoreTable(CLUSTER, image, { ...spec, newTable: 'x', targetDatabase: 'prod' })).rejects.toBeInstanceOf(AwsFault);
  }, 30_000);

  it('shares one dump between images of an unchanged warehouse, and dumps again once a statement ran', async () => {
    const first = await host.image(CLUSTER);
    clock.advance(1000);
    const second = await host.image(CLUSTER);
    expect(second.data).toBe(first.data);
    expect(second.takenAt).toBe(first.takenAt + 1000);
    await run('chatops_admin', 'CREATE TABLE adhoc.after_images (id int)');
    const third = await host.image(CLUSTER);
    expect(third.data).not.toBe(first.data);
    await host.create('cluster/later', { image: third });
    expect(await rows('chatops_admin', 'SELECT count(*) FROM adhoc.after_images', 'cluster/later')).toEqual([['0']]);
    await host.drop('cluster/later');
  }, 30_000);

  it('creates a whole warehouse from an image, and drops it', async () => {
    const image = await host.image(CLUSTER);
    await host.create('cluster/copy', { image });
    expect(await rows('chatops_admin', 'SELECT count(*) FROM pii.contacts_restored', 'cluster/copy')).toEqual([['40']]);
    await host.drop('cluster/copy');
    expect(host.has('cluster/copy')).toBe(false);
  }, 30_000);
});
