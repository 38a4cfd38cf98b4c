import { ManualClock } from '../../../../src/clock';
import { systemCatalog } from '../../../../src/redshift/catalog';
import { DatabaseHost, SqlError, type QueryOutcome } from '../../../../src/sandbox/aws/data/host';

/**
 * Redshift's system views as the sandbox builds them from the catalog: only documented views and
 * columns, only on the kind of warehouse that has them, and each user sees the rows its page says.
 */
const CLUSTER = 'cluster/analytics-prod';
const NAMESPACE = 'namespace/lake';
const ADMIN = 'chatops_admin';

const host = new DatabaseHost({ clock: new ManualClock(Date.UTC(2025, 0, 15, 12, 0, 0)) });

beforeAll(async () => {
  await Promise.all([host.create(CLUSTER), host.create(NAMESPACE)]);
}, 90_000);

afterAll(async () => {
  await host.closeAll();
});

function run(key: string, user: string, sql: string): Promise<QueryOutcome> {
  return host.run(key, 'dev', user, sql);
}

async function rows(key: string, user: string, sql: string): Promise<unknown[][]> {
  return (await run(key, user, sql)).rows;
}

async function failure(key: string, user: string, sql: string): Promise<string> {
  try {
    await run(key, user, sql);
  } catch (error) {
    expect(error).toBeInstanceOf(SqlError);
    return (error as SqlError).message;
  }
  throw new Error(`expected ${sql} as ${user} on ${key} to fail`);
}

async function userId(key: string, name: string): Promise<number> {
  const [[id]] = await rows(key, ADMIN, `SELECT usesysid FROM pg_user WHERE usename = '${name}'`);
  return Number(id);
}

describe.each([
  ['cluster', CLUSTER],
  ['namespace', NAMESPACE],
])('the system views of a %s', (kind, key) => {
  const provisionedOnly = ['stv_sessions', 'svl_s3query_summary', 'stv_ml_model_info', 'svv_vacuum_progress'];

  it.each(provisionedOnly)('%s exists only on a cluster', async (view) => {
    for (const user of [ADMIN, 'alice']) {
      if (kind === 'cluster') {
        await expect(run(key, user, `SELECT * FROM ${view}`)).resolves.toBeDefined();
      } else {
        expect(await failure(key, user, `SELECT * FROM ${view}`)).toBe(`ERROR: relation "${view}" does not exist`);
      }
    }
  });

  it('has SYS_SERVERLESS_USAGE only on a namespace', async () => {
    if (kind === 'namespace') await expect(run(key, ADMIN, 'SELECT charged_seconds FROM sys_serverless_usage')).resolves.toBeDefined();
    else
      expect(await failure(key, ADMIN, 'SELECT * FROM sys_serverless_usage')).toBe('ERROR: relation "sys_serverless_usage" does not exist');
  });

  it('has exactly the documented columns, in order, for every view it serves', async () => {
    const target = kind === 'cluster' ? 'provisioned' : 'serverless';
    for (const entry of systemCatalog().ofKind('view', target)) {
      const outcome = await run(key, ADMIN, `SELECT * FROM ${entry.name} LIMIT 0`);
      expect([entry.name, outcome.columns.map((c) => c.name)]).toEqual([entry.name, entry.columns.map((c) => c.name)]);
    }
  });

  it('refuses an undocumented column as Redshift does', async () => {
    const view = kind === 'cluster' ? 'stv_ml_model_info' : 'svv_ml_model_info';
    expect(await failure(key, ADMIN, `SELECT train_cells FROM ${view}`)).toBe('ERROR: column "train_cells" does not exist');
    expect(await failure(key, ADMIN, 'SELECT created_at FROM svv_ml_model_info')).toBe('ERROR: column "created_at" does not exist');
  });

  it('keeps its backing data out of reach of regular users', async () => {
    expect(await failure(key, 'alice', 'SELECT * FROM redshift_internal.sys_query_history')).toMatch(
      /permission denied for schema redshift_internal/,
    );
  });

  it('shows a regular user only its own SYS_QUERY_HISTORY rows, and a superuser all', async () => {
    await run(key, 'alice', 'SELECT 1'); // closes the session: its statement is now history
    await run(key, 'bob', 'SELECT 2');
    const alice = await userId(key, 'alice');
    const theirs = await rows(key, 'alice', 'SELECT DISTINCT user_id FROM sys_query_history');
    expect(theirs).toEqual([[alice]]);
    const all = (await rows(key, ADMIN, 'SELECT DISTINCT user_id FROM sys_query_history')).map(([id]) => Number(id));
    expect(all).toEqual(expect.arrayContaining([alice, await userId(key, 'bob')]));
  });

  it('shows a regular user no SVV_TABLE_INFO rows, a superuser every table that has rows', async () => {
    expect(await rows(key, 'alice', 'SELECT * FROM svv_table_info')).toEqual([]);
    const tables = (await rows(key, ADMIN, `SELECT "schema" || '.' || "table" FROM svv_table_info`)).map(([name]) => name);
    expect(tables).toContain('pii.customers');
    await run(key, ADMIN, 'CREATE TABLE adhoc.nothing_yet (id int)');
    expect(await rows(key, ADMIN, `SELECT 1 FROM svv_table_info WHERE "table" = 'nothing_yet'`)).toEqual([]);
    await run(key, ADMIN, 'INSERT INTO adhoc.nothing_yet VALUES (1)');
    expect(await rows(key, ADMIN, `SELECT 1 FROM svv_table_info WHERE "table" = 'nothing_yet'`)).toEqual([[1]]);
  });

  it('shows a regular user only its own roles in SVV_USER_GRANTS, a superuser everyone', async () => {
    expect(await rows(key, 'alice', 'SELECT user_name, role_name FROM svv_user_grants')).toEqual([['alice', 'analytics_users']]);
    const everyone = (await rows(key, ADMIN, 'SELECT DISTINCT user_name FROM svv_user_grants ORDER BY 1')).map(([name]) => name);
    expect(everyone).toEqual(['alice', 'bob', 'carol']);
  });

  it('shows a regular user nothing of the superuser-only views', async () => {
    expect(await rows(key, 'alice', 'SELECT * FROM svv_role_grants')).toEqual([]);
    if (kind === 'namespace') expect(await rows(key, 'alice', 'SELECT * FROM sys_serverless_usage')).toEqual([]);
    if (kind === 'cluster') expect(await rows(key, 'alice', 'SELECT * FROM svv_vacuum_progress')).toEqual([]);
  });

  it('pads char(n) columns as Redshift does', async () => {
    const [[database]] = await rows(key, ADMIN, "SELECT database_name FROM sys_query_history WHERE database_name = 'dev' LIMIT 1");
    expect(database).toBe('dev'.padEnd(128));
    const [[sessionUser]] = await rows(key, ADMIN, 'SELECT user_id FROM sys_session_history LIMIT 1');
    expect(String(sessionUser)).toHaveLength(50);
  });
});

describe('SYSLOG ACCESS UNRESTRICTED', () => {
  afterAll(async () => {
    await run(CLUSTER, ADMIN, 'ALTER USER alice SYSLOG ACCESS RESTRICTED');
  });

  it('shows a regular user every row of the own-rows views, nothing more of the superuser ones', async () => {
    await run(CLUSTER, 'bob', 'SELECT 3');
    expect(await failure(CLUSTER, 'alice', 'ALTER USER alice SYSLOG ACCESS UNRESTRICTED')).toMatch(/permission denied/);
    await run(CLUSTER, ADMIN, 'ALTER USER alice WITH SYSLOG ACCESS UNRESTRICTED');
    expect(await rows(CLUSTER, 'alice', "SELECT TRIM(syslog_access) FROM svv_user_info WHERE user_name = 'alice'")).toEqual([
      ['UNRESTRICTED'],
    ]);
    const seen = (await rows(CLUSTER, 'alice', 'SELECT DISTINCT user_id FROM sys_query_history')).map(([id]) => Number(id));
    expect(seen).toContain(await userId(CLUSTER, 'bob'));
    expect(await rows(CLUSTER, 'alice', 'SELECT * FROM svv_table_info')).toEqual([]);
    // SVV_USER_GRANTS' page names ACCESS SYSTEM TABLE, not SYSLOG ACCESS, as what shows other users' roles.
    expect(await rows(CLUSTER, 'alice', 'SELECT user_name FROM svv_user_grants')).toEqual([['alice']]);
    await run(CLUSTER, ADMIN, 'ALTER USER alice SYSLOG ACCESS RESTRICTED');
    expect(await rows(CLUSTER, 'alice', 'SELECT DISTINCT user_id FROM sys_query_history')).toEqual([[await userId(CLUSTER, 'alice')]]);
  });
});
