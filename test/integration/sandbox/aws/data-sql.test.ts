import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  type Field,
  type RedshiftDataClient,
  type SqlParameter,
} from '@aws-sdk/client-redshift-data';
import { ManualClock } from '../../../../src/clock';
import { dataApiHarness } from '../../../support/aws-data';

/**
 * The stories the bot tells through the Data API, end to end with the real SDK client:
 * just-in-time PII access (role and group modes), and VACUUM/ANALYZE with their effects on the
 * system views the reports read.
 */
const clock = new ManualClock(Date.UTC(2025, 5, 1, 8, 0, 0));
const { host, directory, service, serve, close } = dataApiHarness(clock);
let client: RedshiftDataClient;

beforeAll(async () => {
  await host.create('namespace/lake');
  directory.workgroups.set('lake', { key: 'namespace/lake', status: 'AVAILABLE' });
  directory.secrets.set('arn:admin', 'chatops_admin');
  directory.secrets.set('arn:alice', 'alice');
  directory.secrets.set('arn:bob', 'bob');
  client = await serve();
}, 60_000);

afterAll(() => close());

type Value = string | number | boolean | null;

interface Ran {
  status?: string;
  error?: string;
  rows: Value[][];
}

/** Runs SQL on the `lake` workgroup as the bot (chatops_admin) or as a user, each through their secret. */
async function sql(user: 'admin' | 'alice' | 'bob', text: string, parameters?: SqlParameter[]): Promise<Ran> {
  const { Id } = await client.send(
    new ExecuteStatementCommand({
      WorkgroupName: 'lake',
      Database: 'dev',
      Sql: text,
      Parameters: parameters,
      SecretArn: `arn:${user}`,
    }),
  );
  const described = await client.send(new DescribeStatementCommand({ Id }));
  if (!described.HasResultSet) return { status: described.Status, error: described.Error, rows: [] };
  const result = await client.send(new GetStatementResultCommand({ Id }));
  return { status: described.Status, rows: (result.Records ?? []).map((record) => record.map(valueOf)) };
}

function valueOf(field: Field): Value {
  if (field.isNull) return null;
  return field.stringValue ?? field.longValue ?? field.doubleValue ?? field.booleanValue ?? null;
}

describe('just-in-time PII access', () => {
  it('role mode: denied, granted, allowed, revoked, denied again', async () => {
    const query = 'SELECT id, country FROM pii.customers WHERE id = :id';
    const id = [{ name: 'id', value: '3' }];
    expect(await sql('alice', query, id)).toEqual({ status: 'FAILED', error: 'ERROR: permission denied for schema pii', rows: [] });

    expect((await sql('admin', 'GRANT ROLE pii_users TO "alice"')).status).toBe('FINISHED');
    expect(
      (await sql('admin', `SELECT role_name FROM SVV_USER_GRANTS WHERE user_name = :user ORDER BY 1`, [{ name: 'user', value: 'alice' }]))
        .rows,
    ).toEqual([['analytics_users'], ['pii_users']]);
    expect(await sql('alice', query, id)).toEqual({ status: 'FINISHED', rows: [[3, 'GB']] });

    expect((await sql('admin', 'REVOKE ROLE pii_users FROM "alice"')).status).toBe('FINISHED');
    expect((await sql('alice', query, id)).error).toBe('ERROR: permission denied for schema pii');
    expect((await sql('admin', `SELECT count(*) FROM svv_user_grants WHERE user_name = 'alice' AND role_name = 'pii_users'`)).rows).toEqual(
      [[0]],
    );

    const grants = service.statements.filter((s) => /^GRANT ROLE/.test(s.sql));
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ key: 'namespace/lake', database: 'dev', user: 'chatops_admin', status: 'FINISHED' });
  });

  it('group mode: ALTER GROUP ADD USER shows in PG_GROUP and opens the schema; DROP USER closes it', async () => {
    await sql('admin', 'CREATE GROUP pii_readers');
    await sql('admin', 'GRANT USAGE ON SCHEMA pii TO GROUP pii_readers');
    await sql('admin', 'GRANT SELECT ON ALL TABLES IN SCHEMA pii TO GROUP pii_readers');
    expect((await sql('bob', 'ALTER GROUP pii_readers ADD USER bob')).error).toBe('ERROR: permission denied to grant role "pii_readers"');

    await sql('admin', 'ALTER GROUP pii_readers ADD USER bob');
    const members = `SELECT u.usename FROM PG_GROUP g, PG_USER u WHERE g.groname = 'pii_readers' AND u.usesysid = ANY(g.grolist)`;
    expect((await sql('admin', members)).rows).toEqual([['bob']]);
    expect((await sql('bob', 'SELECT count(*) FROM pii.customers')).rows).toEqual([[150]]);
    expect(
      (await sql('admin', `SELECT identity_type, privilege_type FROM svv_schema_privileges WHERE identity_name = 'pii_readers'`)).rows,
    ).toEqual([['group', 'USAGE']]);

    await sql('admin', 'ALTER GROUP pii_readers DROP USER bob');
    expect((await sql('admin', members)).rows).toEqual([]);
    expect((await sql('bob', 'SELECT count(*) FROM pii.customers')).error).toBe('ERROR: permission denied for schema pii');
  });

  it('ends the live sessions of a user whose access was revoked', async () => {
    // A workgroup has no STV views: its live sessions are SYS_SESSION_HISTORY's active ones.
    expect((await sql('admin', 'SELECT process FROM stv_sessions')).error).toBe('ERROR: relation "stv_sessions" does not exist');
    const active = `SELECT session_id FROM sys_session_history
      WHERE TRIM(user_id) = (SELECT CAST(user_id AS varchar) FROM svv_user_info WHERE user_name = 'alice') AND TRIM(status) = 'active'
      ORDER BY session_id`;
    const sessions = await sql('admin', active);
    expect(sessions.rows).toHaveLength(2);
    for (const [pid] of sessions.rows) {
      expect((await sql('admin', 'SELECT PG_TERMINATE_BACKEND(:pid)', [{ name: 'pid', value: String(pid) }])).rows).toEqual([[1]]);
    }
    expect((await sql('admin', active)).rows).toEqual([]);
  });
});

describe('VACUUM and ANALYZE through the Data API', () => {
  const health = `SELECT unsorted, stats_off, tbl_rows, estimated_visible_rows FROM SVV_TABLE_INFO WHERE "schema" = 'adhoc' AND "table" = 'campaign_scratch'`;
  // One VACUUM leaves a row per activity (SYS_VACUUM_HISTORY's documented status values); the last is Complete.
  const history = `SELECT TRIM(status), reclaimed_rows, TRIM(vacuum_type) FROM SYS_VACUUM_HISTORY
    WHERE table_name = 'campaign_scratch' ORDER BY record_time DESC, status = 'Complete' DESC LIMIT 1`;

  it('a user without privilege "succeeds" doing nothing', async () => {
    const before = await sql('admin', health);
    expect(before.rows).toEqual([['64.00', '100.00', '2250000', '1810000']]);
    expect((await sql('alice', 'VACUUM adhoc.campaign_scratch')).status).toBe('FINISHED');
    expect((await sql('alice', 'ANALYZE adhoc.campaign_scratch')).status).toBe('FINISHED');
    expect(await sql('admin', health)).toEqual(before);
    expect((await sql('admin', history)).rows).toEqual([]);
  });

  it('the bot vacuums and analyzes: unsorted and stale stats go to 0, deleted rows are reclaimed, history is written', async () => {
    expect((await sql('admin', 'VACUUM FULL adhoc.campaign_scratch TO 95 PERCENT')).status).toBe('FINISHED');
    expect((await sql('admin', 'ANALYZE adhoc.campaign_scratch')).status).toBe('FINISHED');
    expect((await sql('admin', health)).rows).toEqual([['0.00', '0.00', '1810000', '1810000']]);
    expect((await sql('admin', history)).rows).toEqual([['Complete', 440000, 'Full']]);
    const [[usage]] = (await sql('admin', 'SELECT count(*) FROM sys_serverless_usage WHERE start_time >= DATEADD(day, -1, GETDATE())'))
      .rows;
    expect(usage).toBe(24 * 60);
  });
});
