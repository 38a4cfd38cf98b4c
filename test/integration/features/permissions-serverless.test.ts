import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { observeScope } from '../../../src/features/permissions/baseline';
import { drift } from '../../../src/features/permissions/drift';
import { observe } from '../../../src/features/permissions/observe';
import { baselineFor } from '../../../src/features/permissions/targets';
import { ACCESS_ACTION } from '../../../src/features/access/details';
import { JOB_KIND } from '../../../src/jobs/queue';
import { accessYaml, permissionsMatrix } from '../../support/config';
import { messageText } from '../../support/message-text';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const APPROVER = 'U0APPROVER';
const ALERTS = 'C0ALERTS';
/** The Serverless namespace behind target lake, as the emulator keys it. */
const LAKE = 'namespace/lake';

/** lake_iam: the same workgroup with no secret, so the bot is its own IAM identity there: a plain database user. */
const configYaml =
  twoTargetsYaml.replace(
    'channels:',
    `  lake_iam:
    kind: serverless
    workgroup: lake
    namespace: lake
    database: dev
channels:`,
  ) +
  accessYaml({ pii_users: 'lake' }, 'reasonRequired: false') +
  `permissions:\n${permissionsMatrix('lake')}${permissionsMatrix('lake_iam')}`;

/**
 * Permissions as code on a Redshift Serverless target, end to end against the emulator: the same
 * proof as on the provisioned cluster (permissions-commands.test.ts), and a plain-user identity on
 * Serverless that says what it cannot see rather than report "no drift".
 */
describe('permissions as code on Serverless', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(configYaml);
  }, 120_000);
  afterAll(async () => bot.stopAll());

  const ports = () => bot.server.chatops.ports;
  /** Runs SQL on the lake namespace as a database user (a DBA at work, or bob trying to read). */
  const run = (sql: string, dbUser = 'chatops_admin') => bot.aws.databases.run(LAKE, 'dev', dbUser, sql);
  const ask = async (text: string) => {
    const since = bot.slack.calls.length;
    const ack = await bot.command(text);
    await bot.settle();
    return { ack, answer: bot.responses(since).map(messageText).join('\n') };
  };
  /** What the bot said in the approval request's thread (the run's outcome). */
  const approvalThread = (request: ApprovalRequest) =>
    bot.slack.messages
      .thread('C0APPROVALS', request.approvalMessage!.ts)
      .map((m) => m.text ?? '')
      .join('\n');
  const carolsColumns = () => run("SELECT TRIM(column_name) FROM svv_column_privileges WHERE identity_name = 'carol'");
  // The request just asked for: the pending one (the store lists by key, not by when a request was made).
  const requestFor = async (action: string, target: string) => {
    const pending = (await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items
      .map((i) => i.data)
      .filter((r) => r.action === action && r.target === target && r.status === 'pending');
    expect(pending.length).toBeLessThanOrEqual(1);
    return pending[0];
  };
  const sqlAudit = async () =>
    (await ports().store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items.filter(
      (r) => r.action === 'permissions.sql' && r.target === 'lake',
    );

  test("chatops.example.yml's permissions block matches the seeded sandbox on both targets, cluster and Serverless", async () => {
    const example = parseChatopsConfig(readFileSync(join(__dirname, '../../../chatops.example.yml'), 'utf8'));
    for (const name of ['prod', 'lake']) {
      const baseline = baselineFor(example, name)!;
      expect(baseline.roles.map((r) => r.name)).toEqual(['analytics_authors', 'analytics_users', 'pii_users']);
      const observed = await observe(ports().sql, { name, target: example.targets[name]! }, observeScope(baseline));
      expect({ name, result: drift(baseline, observed, []) }).toEqual({ name, result: { findings: [], notes: [], complete: true } });
    }
  });

  test('the seeded namespace matches the example matrix', async () => {
    expect((await ask('grants check lake')).answer).toContain('*lake* matches its `permissions` baseline in chatops.yml.');
  });

  test('grants baseline round-trips: the printed block, read back as chatops.yml, has no drift against the namespace', async () => {
    const { answer } = await ask('grants baseline lake');
    const block = /```\n?([\s\S]*?)```/.exec(answer)?.[1];
    expect(block).toContain('permissions:');
    const config = parseChatopsConfig(configYaml.replace(/permissions:[\s\S]*$/, block!));
    const baseline = baselineFor(config, 'lake')!;
    expect(baseline.roles.map((r) => [r.name, r.temporaryOnly])).toEqual([
      ['analytics_authors', false],
      ['analytics_users', false],
      ['pii_users', true],
    ]);
    const observed = await observe(ports().sql, { name: 'lake', target: config.targets.lake! }, observeScope(baseline));
    expect(drift(baseline, observed, [])).toEqual({ findings: [], notes: [], complete: true });
  });

  test('a direct grant on pii, a late table, a standing pii_users member and a column grant: each found with its fix, who loses what', async () => {
    await run('GRANT USAGE ON SCHEMA pii TO bob');
    await run('GRANT SELECT ON pii.customers TO bob');
    await expect(run('SELECT id FROM pii.customers LIMIT 1', 'bob')).resolves.toBeDefined();
    // bob is not a table creator: no default privileges cover his table.
    await run('CREATE TABLE analytics.late_orders (id int)', 'bob');
    await run('GRANT ROLE pii_users TO carol');
    // A column-level grant: carol reads one pii column through it.
    await run('GRANT SELECT (email) ON pii.customers TO carol');
    const { answer } = await ask('grants check lake');
    for (const shown of [
      // bob reaches pii directly, named with the table, and the REVOKE that ends it.
      'pii.customers',
      'REVOKE ALL ON ALL TABLES IN SCHEMA "pii" FROM "bob";',
      // The late table analytics_users cannot read, and the GRANT that fixes it.
      'late_orders',
      'GRANT SELECT ON ALL TABLES IN SCHEMA "analytics" TO ROLE "analytics_users";',
      // carol's standing membership of the temporary-only role: who loses what, and the REVOKE.
      'REVOKE ROLE "pii_users" FROM "carol";',
      'carol loses role pii_users, and with it select on pii',
      // The column grant, by its columns, with its REVOKE.
      'user carol holds SELECT on column email of pii.customers (a column-level grant)',
      'REVOKE SELECT ("email") ON TABLE "pii"."customers" FROM "carol";',
    ])
      expect(answer).toContain(shown);
    const who = (await ask('who pii lake')).answer;
    expect(who).toContain('`bob`: direct grant');
    expect(who).toContain('`carol`: direct grant — carol → SELECT on column email of pii.customers (column-level)');
  });

  test('a live temporary grant on Serverless is not drift, and who shows its end', async () => {
    await run('REVOKE ROLE pii_users FROM carol');
    expect((await ask('access request pii_users 1h ticket 7')).answer).toContain('1 approval needed');
    const request = await requestFor(ACCESS_ACTION, 'lake');
    expect(request?.approvalMessage).toBeDefined();
    await bot.approve(request!, APPROVER);
    await bot.settle();
    const { answer } = await ask('grants check lake');
    expect(answer).not.toContain('alice');
    expect((await ask('who pii lake')).answer).toMatch(/`alice`: through a role .*temporary, until 2026-11-25/);
  });

  test('grants apply, approved once, runs each statement once, audited, and bob can no longer read pii', async () => {
    await ask('grants apply lake');
    const request = await requestFor('permissions.apply', 'lake');
    expect(request?.willRun).toEqual(
      expect.arrayContaining([
        'REVOKE ALL ON ALL TABLES IN SCHEMA "pii" FROM "bob";',
        'REVOKE SELECT ("email") ON TABLE "pii"."customers" FROM "carol";',
      ]),
    );
    // Approvers read who loses what before anything runs.
    const message = bot.slack.messages.get('C0APPROVALS', request!.approvalMessage!.ts);
    expect(JSON.stringify(message)).toContain('bob loses USAGE on schema pii and SELECT on pii.customers');
    expect(await sqlAudit()).toHaveLength(0);
    expect((await carolsColumns()).rows).toEqual([['email']]);
    await bot.approve(request!, APPROVER);
    await bot.settle();
    const audited = await sqlAudit();
    expect(audited.length).toBe(request!.willRun!.length);
    expect(audited.every((r) => (r.input as { requestId?: string }).requestId === request!.id)).toBe(true);
    await expect(run('SELECT id FROM pii.customers LIMIT 1', 'bob')).rejects.toThrow(/permission denied/i);
    // carol's column grant is gone (without USAGE on pii she could not use it anyway: the view says so directly).
    expect((await carolsColumns()).rows).toEqual([]);
    const said = approvalThread(request!);
    expect(said).toContain('the privilege views now match the baseline for what was approved');
    expect((await ask('grants check lake')).answer).toContain('matches its `permissions` baseline');

    // A second click on the same request runs nothing more.
    await bot.approve(request!, APPROVER);
    await bot.settle();
    expect(await sqlAudit()).toHaveLength(audited.length);
  });

  test('grants apply stops at a statement that fails, says what ran, and reports what is still different', async () => {
    await run('GRANT USAGE ON SCHEMA pii TO bob');
    await run('GRANT ROLE pii_users TO carol');
    await ask('grants apply lake');
    const request = await requestFor('permissions.apply', 'lake');
    expect(request?.willRun).toEqual(['REVOKE ALL ON SCHEMA "pii" FROM "bob";', 'REVOKE ROLE "pii_users" FROM "carol";']);
    bot.aws.context.faults.inject({
      service: 'redshift-data',
      operation: 'ExecuteStatement',
      fault: { kind: 'named', code: 'ValidationException', message: 'refused for the test' },
      when: (input) => String(input.Sql).includes('FROM "carol"'),
    });
    await bot.approve(request!, APPROVER);
    await bot.settle();
    bot.aws.context.faults.clear();
    const thread = approvalThread(request!);
    expect(thread).toContain(':warning: Applied on *lake* in part: 1 statement ran.');
    expect(thread).toContain('Stopped at `REVOKE ROLE "pii_users" FROM "carol";`');
    expect(thread).toMatch(/Still different after the run: carol holds role pii_users standing/);
    const audited = (await sqlAudit()).filter((r) => (r.input as { requestId?: string }).requestId === request!.id);
    expect(audited.map((r) => [(r.input as { sql: string }).sql, 'error' in (r.result as object)])).toEqual([
      ['REVOKE ALL ON SCHEMA "pii" FROM "bob"', false],
      ['REVOKE ROLE "pii_users" FROM "carol"', true],
    ]);
    await run('REVOKE ROLE pii_users FROM carol');
  });

  test('as a plain IAM identity on Serverless, check and who say they are not complete, and apply is refused', async () => {
    await run('GRANT USAGE ON SCHEMA pii TO alice');
    const check = (await ask('grants check lake_iam')).answer;
    expect(check).toContain('Not a complete answer');
    expect(check).toContain('is not a superuser');
    expect(check).not.toMatch(/matches its `permissions` baseline in chatops\.yml\./);
    // It cannot see the roles' grants: they are unknown, not missing, so no GRANT is proposed for them.
    expect(check).not.toContain('GRANT USAGE ON SCHEMA "analytics" TO ROLE "analytics_users"');
    expect(check).toMatch(/\d+ declared privileges or memberships the bot could not find are not reported as missing/);
    expect((await ask('who pii lake_iam')).answer).toContain('Not a complete answer');
    expect((await ask('grants apply lake_iam')).answer).toContain('cannot apply the baseline of *lake_iam*');
    expect(await requestFor('permissions.apply', 'lake_iam')).toBeUndefined();
    await run('REVOKE USAGE ON SCHEMA pii FROM alice');
  });

  test('the drift task as a plain identity posts what it cannot see, once, never a silent "no drift"', async () => {
    const task = bot.server.chatops.tasks['permissions.drift'];
    const schedule = bot.config.schedules.find((s) => s.task === 'permissions.drift');
    if (!task || !schedule) throw new Error('no permissions.drift task');
    const posted = () => bot.slack.messages.inChannel(ALERTS).map((m) => JSON.stringify(m.blocks ?? m.text));
    const before = posted().length;
    await task({ schedule: { ...schedule, targets: ['lake_iam'] }, occurrence: bot.clock.now() });
    expect(posted()).toHaveLength(before + 1);
    expect(posted().at(-1)).toContain('lake_iam');
    expect(posted().at(-1)).toContain('Not a complete answer');
    expect(posted().at(-1)).toContain('as far as the bot can see');
    await task({ schedule: { ...schedule, targets: ['lake_iam'] }, occurrence: bot.clock.now() });
    expect(posted()).toHaveLength(before + 1);
  });

  test('hostile names in who are refused by the grammar; nothing runs', async () => {
    const jobs = (await ports().store.list(JOB_KIND, { limit: 1000 })).items.length;
    expect((await ask('who "pii; DROP TABLE pii.customers" lake')).ack).toContain('is not a schema or table');
    expect((await ports().store.list(JOB_KIND, { limit: 1000 })).items.length).toBe(jobs);
    await expect(run('SELECT count(*) FROM pii.customers')).resolves.toBeDefined();
  });
});
