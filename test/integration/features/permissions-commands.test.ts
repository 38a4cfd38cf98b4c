import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { executorKey } from '../../../src/approvals/workflow';
import { JOB_KIND, jobIdFor } from '../../../src/jobs/queue';
import { statement } from '../../../src/redshift/sql';
import { blockActions } from '../../../src/sandbox/slack';
import { accessYaml, permissionsMatrix } from '../../support/config';
import { messageText } from '../../support/message-text';
import { startWarehouseBot, withClusterUser, type WarehouseBot } from '../../support/warehouse-bot';

const APPROVALS = 'C0APPROVALS';
const BOB = 'U0APPROVER';

const permissionsYaml = `permissions:\n${permissionsMatrix('prod')}${permissionsMatrix('prod_as_bob')}`;

/**
 * `grants check`, `who` and `grants baseline` end to end: the bot reads the emulator's privilege views
 * through the Data API and answers through the command's response URL. The drift is made with real
 * statements run on the warehouse, as a DBA would.
 */
describe('permissions as code: grants check, who, grants baseline', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    // prod_as_bob: the same cluster, the bot signed in as bob, a plain user.
    bot = await startWarehouseBot(
      `${withClusterUser('prod_as_bob', 'bob')}${accessYaml({ pii_users: 'prod' }, 'reasonRequired: false')}${permissionsYaml}`,
    );
  }, 120_000);
  afterAll(async () => bot.stopAll());

  const ports = () => bot.server.chatops.ports;
  const prod = () => ports().config.targets.prod;
  /** Runs SQL on prod as the bot's own (superuser) identity, or as another database user. */
  const run = async (sql: string, dbUser?: string) => {
    const target = prod();
    if (target.kind !== 'provisioned') throw new Error('prod is a cluster');
    await ports().sql.execute(dbUser ? { ...target, dbUser } : target, statement(sql));
  };
  /** `/redshift <text>`: the ack, and then everything the job answered, as text. */
  const ask = async (text: string) => {
    const since = bot.slack.calls.length;
    const ack = await bot.command(text);
    await bot.settle();
    return { ack, answer: bot.responses(since).map(messageText).join('\n') };
  };

  /** Bob clicks Approve on the request's message, and every job it starts runs. */
  const approve = async (request: ApprovalRequest) => {
    const message = bot.slack.messages.get(APPROVALS, request.approvalMessage!.ts)!;
    await bot.requester.send(
      blockActions({
        userId: BOB,
        actionId: 'approval_approve',
        value: request.id,
        message: { ...message, channel: APPROVALS },
        channelId: APPROVALS,
      }),
    );
    await bot.settle();
  };

  test('the seeded warehouse matches its baseline', async () => {
    const since = bot.slack.calls.length;
    const { ack, answer } = await ask('grants check prod');
    expect(ack).toContain('Comparing the permissions of *prod*');
    expect(answer).toContain('matches its `permissions` baseline');
    // The answer takes the place of the "Comparing…" ack.
    expect(bot.responses(since)[0]).toMatchObject({ replace_original: true });
  });

  test('a target without a baseline is told how to get one, and nothing runs', async () => {
    const jobs = (await ports().store.list(JOB_KIND, { limit: 1000 })).items.length;
    const { ack } = await ask('grants check lake');
    expect(ack).toContain('*lake* has no `permissions` block');
    expect(ack).toContain('/redshift grants baseline lake');
    expect((await ports().store.list(JOB_KIND, { limit: 1000 })).items.length).toBe(jobs);
  });

  test('a direct grant on pii, a late table and a standing pii_users member are each found, with their fix', async () => {
    // What a DBA in a hurry does: bob can now read pii.customers (SELECT needs USAGE on the schema too).
    await run('GRANT USAGE ON SCHEMA pii TO bob');
    await run('GRANT SELECT ON pii.customers TO bob');
    await run('CREATE TABLE analytics.late_orders (id int)', 'bob');
    await run('GRANT ROLE pii_users TO carol');
    const { answer } = await ask('grants check prod');
    // bob reaches pii directly: named with the table, and the REVOKE that ends it.
    expect(answer).toMatch(/bob/);
    expect(answer).toContain('pii.customers');
    expect(answer).toContain('REVOKE ALL ON ALL TABLES IN SCHEMA "pii" FROM "bob";');
    expect(answer).toContain('REVOKE ALL ON SCHEMA "pii" FROM "bob";');
    // The late table is unreadable for analytics_users until its SELECT is granted.
    expect(answer).toContain('late_orders');
    expect(answer).toContain('analytics_users');
    // carol holds the temporary-only role standing, and loses it.
    expect(answer).toContain('REVOKE ROLE "pii_users" FROM "carol";');
  });

  test('who pii lists bob as a direct grant; who pii.customers too', async () => {
    const { ack, answer } = await ask('who pii prod');
    expect(ack).toContain('Looking up who can read `pii` on *prod*');
    expect(answer).toContain('`bob`: direct grant');
    expect((await ask('who pii.customers prod')).answer).toContain('`bob`: direct grant');
  });

  test('a live temporary grant is not drift, and who marks it with its end', async () => {
    await run('REVOKE ROLE pii_users FROM carol');
    await bot.command('access request pii_users 1h ticket 7');
    await bot.settle();
    const requests = await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 });
    const request = requests.items.map((i) => i.data).find((r) => r.approvalMessage);
    expect(request).toBeDefined();
    await approve(request!);
    const executor = await ports().store.get<{ status: string }>(JOB_KIND, jobIdFor(executorKey(request!.id)));
    expect(executor?.data.status).toBe('succeeded');

    const { answer } = await ask('grants check prod');
    expect(answer).not.toContain('alice');
    expect((await ask('who pii prod')).answer).toMatch(/`alice`: through a role .*temporary, until 2026-11-25/);
  });

  test('as a plain user, the bot says its answer is not complete instead of passing it off as one', async () => {
    const { answer } = await ask('grants check prod_as_bob');
    expect(answer).toContain('Not a complete answer');
    expect((await ask('who pii prod_as_bob')).answer).toContain('Not a complete answer');
  });

  test('grants baseline prints a permissions block naming the roles and their levels', async () => {
    const { ack, answer } = await ask('grants baseline prod');
    expect(ack).toContain('Reading the permissions of *prod*');
    expect(answer).toContain('permissions:');
    expect(answer).toContain('analytics_users:');
    expect(answer).toContain('pii_users:');
    expect(answer).toContain('temporaryOnly: true');
  });

  test('grants apply: approvers see the exact statements; once approved they run, are verified, and bob can no longer read pii', async () => {
    const since = bot.slack.calls.length;
    const { ack, answer } = await ask('grants apply prod');
    expect(ack).toContain('Working out what it takes to bring *prod* back to its baseline');
    expect(answer).toContain('Asked approvers');
    const requests = await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 });
    const request = requests.items.map((i) => i.data).find((r) => r.action === 'permissions.apply');
    expect(request?.willRun).toEqual(
      expect.arrayContaining([
        'REVOKE ALL ON ALL TABLES IN SCHEMA "pii" FROM "bob";',
        'GRANT SELECT ON ALL TABLES IN SCHEMA "analytics" TO ROLE "analytics_users";',
      ]),
    );
    const posted = bot.slack.calls.slice(since).find((call) => call.method === 'chat.postMessage' && call.body.channel === APPROVALS);
    expect(JSON.stringify(posted?.body)).toContain('REVOKE ALL ON ALL TABLES IN SCHEMA');
    // Nothing ran before the approval.
    await expect(run('SELECT 1 FROM pii.customers LIMIT 1', 'bob')).resolves.toBeUndefined();

    await approve(request!);
    const thread = bot.slack.messages
      .thread(APPROVALS, request!.approvalMessage!.ts)
      .map((m) => m.text ?? '')
      .join('\n');
    expect(thread).toContain(':white_check_mark: Applied on *prod*');
    await expect(run('SELECT 1 FROM pii.customers LIMIT 1', 'bob')).rejects.toThrow(/permission denied/i);
    // Every statement is in the audit log with the request it belongs to.
    const audit = (await ports().store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items.filter(
      (r) => r.action === 'permissions.sql',
    );
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((r) => (r.input as { requestId?: string }).requestId === request!.id)).toBe(true);
    // The baseline holds again; alice's live temporary grant was left alone.
    expect((await ask('grants check prod')).answer).toContain('matches its `permissions` baseline');
    expect((await ask('who pii prod')).answer).toMatch(/`alice`: through a role .*temporary, until/);
  });

  test('grants apply as a plain user is refused: it cannot see what it would change', async () => {
    const { answer } = await ask('grants apply prod_as_bob');
    expect(answer).toContain('cannot apply the baseline of *prod_as_bob*');
    const requests = await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 });
    expect(requests.items.filter((i) => i.data.action === 'permissions.apply' && i.data.target === 'prod_as_bob')).toHaveLength(0);
  });

  test('hostile names never reach SQL: refused by the grammar, nothing runs', async () => {
    const jobs = (await ports().store.list(JOB_KIND, { limit: 1000 })).items.length;
    const { ack } = await ask('who "pii; DROP TABLE pii.customers" prod');
    expect(ack).toContain('is not a schema or table');
    expect((await ask('who pii.customers;drop prod')).ack).toContain('is not a schema or table');
    expect((await ports().store.list(JOB_KIND, { limit: 1000 })).items.length).toBe(jobs);
  });
});
