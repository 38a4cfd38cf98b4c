import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { executorKey } from '../../../src/approvals/workflow';
import type { AccessDetails } from '../../../src/features/access/details';
import { GRANT_KIND, grantIdFor, type GrantRecord } from '../../../src/features/access/grants';
import { JOB_KIND, jobIdFor } from '../../../src/jobs/queue';
import { statement } from '../../../src/redshift/sql';
import { blockActions, type StoredMessage } from '../../../src/sandbox/slack';
import type { AuditRecord } from '../../../src/store/store';
import { startWarehouseBot, withClusterUser, type WarehouseBot } from '../../support/warehouse-bot';
import { accessYaml } from '../../support/config';

/**
 * Access as Redshift really behaves: sessions are found and ended with what both target kinds have
 * (SYS_SESSION_HISTORY, PG_TERMINATE_BACKEND; STV_SESSIONS is provisioned-only), a failure after a
 * REVOKE that holds is said and never retried, and a bot identity that is not a superuser (it sees
 * only its own rows of SVV_USER_GRANTS) grants and revokes without guessing from what it cannot see.
 */
const APPROVALS = 'C0APPROVALS';
const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';
const MIN = 60_000;
const HOUR = 60 * MIN;

const yaml = `${withClusterUser('prodbot', 'chatops_bot')}${accessYaml(
  { pii_users: 'prod', analytics_authors: 'lake', finance_readers: 'prodbot' },
  'reasonRequired: false',
  'endSessionsOnRevoke: true',
)}`;

type TargetName = 'prod' | 'lake' | 'prodbot';

describe('access on Redshift as documented: both target kinds, follow-up failures, a bot that is not a superuser', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
  });
  afterAll(async () => bot?.stopAll());
  afterEach(() => bot.aws.faults.clear());

  const ports = () => bot.server.chatops.ports;
  const target = (name: TargetName) => bot.config.targets[name];
  const asAdmin = async (name: 'prod' | 'lake', sql: string, parameters?: Record<string, string>) =>
    (await ports().sql.execute(target(name), statement(sql, parameters), name === 'prod' ? { dbUser: 'chatops_admin' } : {})).rows;
  /** The user's sessions SYS_SESSION_HISTORY shows as active, read by a superuser. */
  const liveSessions = async (name: 'prod' | 'lake', user: string) =>
    (
      await asAdmin(
        name,
        "SELECT session_id FROM sys_session_history WHERE TRIM(status) = 'active' AND TRIM(user_id) = (SELECT user_id::varchar FROM svv_user_info WHERE user_name = :u)",
        { u: user },
      )
    ).map((row) => Number(row.session_id));
  const holds = async (name: 'prod' | 'lake', user: string, role: string) =>
    (await asAdmin(name, 'SELECT 1 AS held FROM svv_user_grants WHERE user_name = :u AND role_name = :r', { u: user, r: role })).length > 0;

  const tick = async (ms: number) => {
    await bot.tick(ms);
    const task = bot.server.chatops.tasks['access.expire'];
    if (!task) throw new Error('the app has no access.expire task');
    await task({
      schedule: bot.config.schedules.find((s) => s.task === 'access.expire') ?? bot.config.schedules[0],
      occurrence: bot.clock.now(),
    });
    await bot.settle();
  };
  const requests = async (): Promise<ApprovalRequest<AccessDetails>[]> =>
    (await ports().store.list<ApprovalRequest<AccessDetails>>(REQUEST_KIND, { limit: 1000 })).items.map((item) => item.data);
  const grant = async (id: string) => (await ports().store.get<GrantRecord>(GRANT_KIND, id))!;
  const audit = async (): Promise<AuditRecord[]> =>
    (await ports().store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items;
  const thread = (req: ApprovalRequest) => bot.slack.messages.thread(APPROVALS, req.approvalMessage!.ts).map((m) => m.text ?? '');
  /** Top-level posts in the approvals channel about a grant, other than approval requests. */
  const channelPosts = (grantId: string) =>
    bot.slack.messages
      .inChannel(APPROVALS)
      .filter((m) => !m.thread_ts && (m.text ?? '').includes(grantId) && !(m.text ?? '').includes(' asks to '));
  const ranAs = (user: string, pattern: RegExp) => bot.aws.data.statements.filter((s) => s.user === user && pattern.test(s.sql));
  const waitFor = async (check: () => Promise<boolean>, what: string) => {
    const end = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  /** alice asks for the role for an hour; bob approves; resolves once the grant job has finished. */
  const grantedFor = async (role: string): Promise<{ req: ApprovalRequest<AccessDetails>; grantId: string }> => {
    const before = new Set((await requests()).map((r) => r.id));
    await bot.command(`access request ${role} 1h`, ALICE);
    await bot.settle();
    const req = (await requests()).find((r) => !before.has(r.id))!;
    expect(req.details.role).toBe(role);
    const message: StoredMessage = bot.slack.messages.get(APPROVALS, req.approvalMessage!.ts)!;
    await bot.requester.send(
      blockActions({
        userId: BOB,
        actionId: 'approval_approve',
        value: req.id,
        message: { ...message, channel: APPROVALS },
        channelId: APPROVALS,
      }),
    );
    await waitFor(async () => {
      const job = await ports().store.get<{ status: string }>(JOB_KIND, jobIdFor(executorKey(req.id)));
      return job?.data.status === 'succeeded' || job?.data.status === 'failed';
    }, 'the grant job');
    await bot.settle();
    return { req, grantId: grantIdFor(req.id) };
  };
  const revokeBy = async (user: string, grantId: string) => {
    await bot.command(`access revoke ${grantId}`, user);
    await bot.settle();
  };

  test('cluster: a Data API session shows in SYS_SESSION_HISTORY; revoke ends the active ones through SYS_SESSION_HISTORY and PG_TERMINATE_BACKEND', async () => {
    const seeded = await liveSessions('prod', 'alice');
    expect(seeded).toHaveLength(2);
    const { req, grantId } = await grantedFor('pii_users');
    expect((await grant(grantId)).data).toMatchObject({ status: 'active', grantConfirmation: 'confirmed' });

    // A statement as alice is a session of hers: listed, and closed once the statement is done.
    const rowsBefore = (
      await asAdmin(
        'prod',
        "SELECT count(*) AS n FROM sys_session_history WHERE TRIM(user_id) = (SELECT user_id::varchar FROM svv_user_info WHERE user_name = 'alice')",
      )
    )[0].n;
    await ports().sql.execute(target('prod'), statement('SELECT count(*) AS n FROM pii.customers'), { dbUser: 'alice' });
    const own = await ports().sql.execute(
      target('prod'),
      statement('SELECT session_id, TRIM(status) AS status FROM sys_session_history ORDER BY start_time DESC, session_id DESC'),
      { dbUser: 'alice' },
    );
    expect(own.rows.length).toBe(Number(rowsBefore) + 2);
    expect(own.rows[0]).toMatchObject({ status: 'active' }); // the session reading the view
    expect(own.rows[1]).toMatchObject({ status: 'closed' }); // the statement before it
    expect(await liveSessions('prod', 'alice')).toEqual(seeded);

    await revokeBy(BOB, grantId);
    const g = await grant(grantId);
    expect(g.data).toMatchObject({ status: 'revoked', revokeConfirmation: 'confirmed', attempts: 1, sessions: { found: 2, ended: 2 } });
    expect(await liveSessions('prod', 'alice')).toEqual([]);
    expect(await holds('prod', 'alice', 'pii_users')).toBe(false);
    expect(thread(req).pop()).toContain('Open sessions were ended (2).');
    expect(ranAs('chatops_admin', /stv_sessions/i)).toEqual([]);
    expect(ranAs('chatops_admin', /^SELECT PG_TERMINATE_BACKEND/).map((s) => s.sql)).toHaveLength(2);
  });

  test('workgroup: a terminate that fails after the REVOKE held is recorded and said, and the grant is never retried', async () => {
    const seeded = await liveSessions('lake', 'alice');
    expect(seeded).toHaveLength(2);
    const { req, grantId } = await grantedFor('analytics_authors');
    expect(await holds('lake', 'alice', 'analytics_authors')).toBe(true);
    bot.aws.faults.inject({
      service: 'redshift-data',
      operation: 'ExecuteStatement',
      fault: { kind: 'internal' },
      times: 1,
      when: (input) => String(input.Sql ?? '').includes('PG_TERMINATE_BACKEND'),
    });

    await tick(HOUR + MIN);
    let g = await grant(grantId);
    expect(g.data).toMatchObject({ status: 'revoked', revokeCause: 'expired', revokeConfirmation: 'confirmed', attempts: 1 });
    expect(g.data.sessions).toMatchObject({ found: 2, ended: 1, error: expect.stringContaining(`session ${seeded[0]}`) });
    expect(g.dueAt).toBeUndefined();
    expect(await holds('lake', 'alice', 'analytics_authors')).toBe(false);
    expect(await liveSessions('lake', 'alice')).toEqual([seeded[0]]);

    const records = await audit();
    expect(records.filter((r) => r.action === 'access.revoke.failed' && (r.input as { grantId: string }).grantId === grantId)).toEqual([]);
    expect(
      records.find((r) => r.action === 'access.sessions.failed' && (r.input as { grantId: string }).grantId === grantId)?.result,
    ).toMatchObject({ found: 2, ended: 1 });
    expect(thread(req).pop()).toContain('Sessions of `alice` may still be open (1 of 2 ended)');
    expect(channelPosts(grantId).map((m) => m.text)).toEqual([expect.stringContaining('may still be open')]);
    expect(channelPosts(grantId)[0].text).toContain('The revoke itself holds and is not retried');
    const dm = bot.slack.messages.get(g.data.doneMessage!.channel, g.data.doneMessage!.ts)!;
    expect(dm.text).toContain('may still be open');

    // Hours later: nothing more was tried, nothing escalated.
    const revokes = ranAs('chatops_admin', /^REVOKE ROLE "analytics_authors"/).length;
    await tick(3 * HOUR);
    g = await grant(grantId);
    expect(g.data.attempts).toBe(1);
    expect(ranAs('chatops_admin', /^REVOKE ROLE "analytics_authors"/).length).toBe(revokes);
    expect(channelPosts(grantId)).toHaveLength(1);

    // The next revoke on the workgroup ends what is left, through the same views.
    const next = await grantedFor('analytics_authors');
    await revokeBy(ALICE, next.grantId);
    expect((await grant(next.grantId)).data).toMatchObject({ status: 'revoked', sessions: { found: 1, ended: 1 } });
    expect(await liveSessions('lake', 'alice')).toEqual([]);
    expect(ranAs('chatops_admin', /stv_sessions/i)).toEqual([]);
  });

  test('a bot identity that is not a superuser: granted and revoked with "cannot verify", never undone on a false negative, never looping', async () => {
    // GRANT ROLE … WITH ADMIN OPTION makes a user an administrator of the role: it may grant and revoke it (t_role_assignment).
    await asAdmin('prod', 'CREATE USER chatops_bot PASSWORD DISABLE');
    await asAdmin('prod', 'CREATE ROLE finance_readers');
    await asAdmin('prod', 'GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO ROLE finance_readers');
    await asAdmin('prod', 'GRANT ROLE finance_readers TO chatops_bot WITH ADMIN OPTION');
    expect(await asAdmin('prod', "SELECT superuser FROM svv_user_info WHERE user_name = 'chatops_bot'")).toEqual([{ superuser: false }]);
    const seeded = await liveSessions('prod', 'alice');

    const { req, grantId } = await grantedFor('finance_readers');
    let g = await grant(grantId);
    expect(g.data).toMatchObject({ status: 'active', grantConfirmation: 'cannot-verify' });
    expect(g.data.unverifiedReason).toContain(
      '`chatops_bot` is not a superuser, so SVV_USER_GRANTS shows it only the roles granted to itself',
    );
    expect(g.dueAt).toBe(g.data.endsAt);
    expect(await holds('prod', 'alice', 'finance_readers')).toBe(true);
    expect(ranAs('chatops_bot', /^GRANT ROLE "finance_readers" TO "alice"/)).toHaveLength(1);
    // The check that could only come back empty is not run, and nothing is undone.
    expect(ranAs('chatops_bot', /svv_user_grants/i)).toEqual([]);
    expect(ranAs('chatops_bot', /^REVOKE/)).toEqual([]);
    const note = thread(req).pop()!;
    expect(note).toContain(':white_check_mark: Granted `finance_readers` on *prodbot* for `alice`');
    expect(note).toContain("Granted; cannot verify: the bot's database user `chatops_bot` is not a superuser");
    expect(note).toContain("SELECT 1 FROM svv_user_grants WHERE user_name = 'alice' AND role_name = 'finance_readers'");
    const dm = bot.slack.messages.get(g.data.doneMessage!.channel, g.data.doneMessage!.ts)!;
    expect(dm.text).toContain('Granted; cannot verify');
    const list = await bot.command('access list', ALICE);
    await bot.settle();
    expect(JSON.stringify(bot.responses()) + list).toContain('active, unverified');

    // Asking again extends the grant: still not checkable, so not granted a second time nor undone.
    const extension = await grantedFor('finance_readers');
    expect(extension.req.details.grantId).toBe(grantId);
    g = await grant(grantId);
    expect(g.data).toMatchObject({ status: 'active', grantConfirmation: 'cannot-verify', requests: [req.id, extension.req.id] });
    expect(thread(extension.req).pop()).toContain(':white_check_mark: Extended `finance_readers` on *prodbot*');
    expect(thread(extension.req).pop()).toContain('Granted; cannot verify');
    expect(ranAs('chatops_bot', /^GRANT ROLE "finance_readers" TO "alice"/)).toHaveLength(1);
    expect(ranAs('chatops_bot', /^REVOKE/)).toEqual([]);

    await tick(HOUR + MIN);
    g = await grant(grantId);
    expect(g.data).toMatchObject({ status: 'revoked', revokeConfirmation: 'cannot-verify', attempts: 1 });
    expect(await holds('prod', 'alice', 'finance_readers')).toBe(false);
    // PG_TERMINATE_BACKEND ends only the caller's own sessions unless it is a superuser: not tried, said.
    expect(g.data.sessions).toEqual({
      found: 0,
      ended: 0,
      error: expect.stringContaining('SYS_SESSION_HISTORY shows it only its own sessions'),
    });
    expect(ranAs('chatops_bot', /PG_TERMINATE_BACKEND|sys_session_history/i)).toEqual([]);
    expect(await liveSessions('prod', 'alice')).toEqual(seeded);
    const ended = thread(req).pop()!;
    expect(ended).toContain('its time was up. Revoked; cannot verify');
    expect(ended).toContain('may still be open');
    expect(channelPosts(grantId)).toHaveLength(1);

    await tick(3 * HOUR);
    expect((await grant(grantId)).data.attempts).toBe(1);
    expect(ranAs('chatops_bot', /^REVOKE ROLE "finance_readers"/)).toHaveLength(1);
    expect(
      (await audit()).filter((r) => r.action === 'access.revoke.failed' && (r.input as { grantId: string }).grantId === grantId),
    ).toEqual([]);
  });
});
