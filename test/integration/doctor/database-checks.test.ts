import { ManualClock } from '../../../src/clock';
import { parseChatopsConfig } from '../../../src/config/chatops';
import type { Target } from '../../../src/config/targets';
import { databaseChecks } from '../../../src/doctor/database-checks';
import type { CheckResult } from '../../../src/doctor/types';
import { DataApiExecutor } from '../../../src/redshift/data-api';
import { statement } from '../../../src/redshift/sql';
import { SEED_SECRET_ARNS } from '../../../src/sandbox/aws/data/secrets';
import { startTestEmulator, type TestEmulator } from '../redshift/emulator';

/**
 * The database checks against the emulator's warehouses: as the seeded superuser (cluster and
 * workgroup), as plain users (bob and carol on the cluster, the caller's IAM identity on the
 * workgroup), with roles and groups that exist or not, and a target the Data API cannot reach.
 */
const TARGETS = `
  prod: { kind: provisioned, cluster: analytics-prod, database: dev, dbUser: chatops_admin }
  plain: { kind: provisioned, cluster: analytics-prod, database: dev, dbUser: bob }
  helper: { kind: provisioned, cluster: analytics-prod, database: dev, dbUser: carol }
  lake: { kind: serverless, workgroup: lake, namespace: lake, database: dev, secretArn: "${SEED_SECRET_ARNS.lake}" }
  lakeiam: { kind: serverless, workgroup: lake, namespace: lake, database: dev }
  gone: { kind: provisioned, cluster: analytics-gone, database: dev, dbUser: chatops_admin }
`;

/** chatops.yml with all the targets and `roles` (name → [mode, targets]). */
function configWith(roles: Record<string, [mode: 'role' | 'group', targets: string[]]>) {
  const lines = Object.entries(roles).map(
    ([name, [mode, targets]]) =>
      `    ${name}:\n      mode: ${mode}\n      targets: [${targets.join(', ')}]\n      approvers: { users: [U0APPROVER] }`,
  );
  return parseChatopsConfig(`targets:${TARGETS}channels: { approvals: C0APPROVALS, alerts: C0ALERTS, audit: C0AUDIT }
identity: { map: { U0ANALYST: alice } }
access:
  roles:
${lines.join('\n')}
schedules:
  - { name: access-expiry, task: access.expire, cron: "* * * * *" }
  - { name: jobs-advance, task: jobs.advance, cron: "* * * * *" }
`);
}

let emulator: TestEmulator;
let sql: DataApiExecutor;
const admin: Target = { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' };

beforeAll(async () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 3, 9, 0, 0));
  emulator = await startTestEmulator({ clock, timings: { statementMs: 0 } });
  sql = new DataApiExecutor({ clients: emulator.clients, clock, sleep: async (ms) => clock.advance(ms) });
  await sql.execute(admin, statement('CREATE GROUP doctor_auditors'));
}, 120_000);
afterAll(() => emulator.close());

function on(results: CheckResult[], target: string): CheckResult[] {
  return results.filter((result) => result.target === target);
}

function named(results: CheckResult[], target: string, name: string): CheckResult {
  const found = results.find((result) => result.target === target && result.name === name);
  if (!found) throw new Error(`no check "${name}" on ${target}: ${JSON.stringify(on(results, target).map((r) => r.name))}`);
  return found;
}

describe('databaseChecks', () => {
  it('passes a superuser setup on a cluster and a workgroup, roles and groups included', async () => {
    const config = configWith({ pii_users: ['role', ['prod', 'lake']], doctor_auditors: ['group', ['prod']] });
    const results = (await databaseChecks(sql, config)).filter((r) => r.target === 'prod' || r.target === 'lake');
    expect(results.filter((r) => r.status !== 'ok')).toEqual([]);
    expect(named(results, 'prod', 'Data API runs as chatops_admin').detail).toContain('dbUser chatops_admin');
    expect(named(results, 'lake', 'Data API runs as chatops_admin').detail).toContain('secret');
    for (const target of ['prod', 'lake']) {
      expect(named(results, target, 'database user chatops_admin is a superuser').status).toBe('ok');
      expect(named(results, target, 'role pii_users exists').status).toBe('ok');
      expect(named(results, target, 'bot can grant role pii_users').detail).toBe('a superuser may grant any role');
    }
    expect(named(results, 'prod', 'group doctor_auditors exists').status).toBe('ok');
    expect(named(results, 'prod', 'bot can add users to group doctor_auditors').status).toBe('ok');
  });

  it('names ALTER USER for a non-superuser dbUser, required when access verifies grants on it', async () => {
    const results = await databaseChecks(sql, configWith({ pii_users: ['role', ['plain']] }));
    const superuser = named(results, 'plain', 'database user bob is a superuser');
    expect(superuser).toMatchObject({ status: 'missing', fix: 'ALTER USER "bob" CREATEUSER', optional: false });
    expect(superuser.detail).toContain('access (verifying a grant): cannot see all of SVV_USER_GRANTS');
    expect(superuser.detail).toContain('cost: cannot see all of SYS_QUERY_HISTORY, SVL_S3QUERY_SUMMARY, SVV_TABLE_INFO');
    expect(named(results, 'plain', 'database user bob has SYSLOG ACCESS UNRESTRICTED')).toMatchObject({
      status: 'missing',
      fix: 'ALTER USER "bob" SYSLOG ACCESS UNRESTRICTED',
      optional: true,
    });
    expect(named(results, 'plain', 'bot can grant role pii_users')).toMatchObject({
      status: 'missing',
      fix: 'GRANT ROLE "pii_users" TO "bob" WITH ADMIN OPTION',
    });
  });

  it('marks the superuser check optional where nothing configured needs one', async () => {
    const results = await databaseChecks(sql, configWith({ pii_users: ['role', ['prod']] }));
    const superuser = named(results, 'plain', 'database user bob is a superuser');
    expect(superuser).toMatchObject({ status: 'missing', fix: 'ALTER USER "bob" CREATEUSER', optional: true });
    expect(superuser.detail).not.toContain('SVV_USER_GRANTS');
  });

  it('names CREATE ROLE and CREATE GROUP for what does not exist', async () => {
    const results = await databaseChecks(sql, configWith({ doctor_missing: ['role', ['prod']], doctor_nogroup: ['group', ['prod']] }));
    expect(named(results, 'prod', 'role doctor_missing exists')).toMatchObject({ status: 'missing', fix: 'CREATE ROLE "doctor_missing"' });
    expect(named(results, 'prod', 'group doctor_nogroup exists')).toMatchObject({
      status: 'missing',
      fix: 'CREATE GROUP "doctor_nogroup"',
    });
    // A superuser may grant it once it exists.
    expect(named(results, 'prod', 'bot can grant role doctor_missing').status).toBe('ok');
  });

  it('names WITH ADMIN OPTION for a role the bot cannot grant, and passes once it holds it', async () => {
    const config = configWith({ analytics_users: ['role', ['helper']], doctor_auditors: ['group', ['helper']] });
    const before = await databaseChecks(sql, config);
    expect(named(before, 'helper', 'role analytics_users exists').status).toBe('ok');
    expect(named(before, 'helper', 'bot can grant role analytics_users')).toMatchObject({
      status: 'missing',
      fix: 'GRANT ROLE "analytics_users" TO "carol" WITH ADMIN OPTION',
    });
    // Group mode has no administrators: only a superuser may alter a group.
    expect(named(before, 'helper', 'bot can add users to group doctor_auditors')).toMatchObject({
      status: 'missing',
      fix: 'ALTER USER "carol" CREATEUSER',
    });

    await sql.execute(admin, statement('GRANT ROLE analytics_users TO carol WITH ADMIN OPTION'));
    await sql.execute(admin, statement('ALTER USER carol SYSLOG ACCESS UNRESTRICTED'));
    const after = await databaseChecks(sql, config);
    expect(named(after, 'helper', 'bot can grant role analytics_users')).toMatchObject({
      status: 'ok',
      detail: 'carol holds it WITH ADMIN OPTION',
    });
    expect(named(after, 'helper', 'database user carol has SYSLOG ACCESS UNRESTRICTED').status).toBe('ok');
  });

  it("names the workgroup's IAM identity as stored, with the caveat for making it a superuser", async () => {
    const iam = String(
      (
        await sql.execute(
          { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' },
          statement('SELECT current_user AS me'),
        )
      ).rows[0].me,
    );
    const results = await databaseChecks(sql, configWith({ pii_users: ['role', ['lakeiam']] }));
    expect(named(results, 'lakeiam', `Data API runs as ${iam}`).detail).toContain('IAM identity');
    const superuser = named(results, 'lakeiam', `database user ${iam} is a superuser`);
    expect(superuser.status).toBe('missing');
    expect(superuser.fix).toContain(`ALTER USER "${iam}" CREATEUSER`);
    expect(superuser.fix).toContain('secretArn');
    // Serverless has no SVL views: the Spectrum summary is not among what it cannot see.
    expect(superuser.detail).toContain('SYS_SERVERLESS_USAGE');
    expect(superuser.detail).not.toContain('SVL_S3QUERY_SUMMARY');
    expect(named(results, 'lakeiam', 'bot can grant role pii_users').fix).toBe(`GRANT ROLE "pii_users" TO "${iam}" WITH ADMIN OPTION`);
  });

  it('reports a target the Data API cannot reach as not verified, with what AWS said', async () => {
    const results = on(await databaseChecks(sql, configWith({ pii_users: ['role', ['gone']] })), 'gone');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ name: 'Data API reaches the warehouse', status: 'not-verified' });
    expect(results[0].detail).toMatch(/analytics-gone|ClusterNotFound|not found/i);
  });
});
