import { actionsBlockId, RUN_ACTION, SNOOZE_ACTION } from '../../../src/features/vacuum/blocks';
import { statement } from '../../../src/redshift/sql';
import { blockActions, type JsonObject, type StoredMessage } from '../../../src/sandbox/slack';
import type { AuditRecord } from '../../../src/store/store';
import { startWarehouseBot, twoTargetsYaml, withClusterUser, type WarehouseBot } from '../../support/warehouse-bot';

const GENERAL = 'C0GENERAL';
const ALERTS = 'C0ALERTS';
const APPROVALS = 'C0APPROVALS';
const MIN = 60_000;

/** prod as the brief has it; prodalice is the same cluster reached as alice, who owns none of its tables. */
const vacuumYaml = withClusterUser('prodalice', 'alice');

type Bot = WarehouseBot;

const audit = async (bot: Bot): Promise<AuditRecord[]> =>
  (await bot.server.store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items;
const rows = async (bot: Bot, sql: string, parameters?: Record<string, string>) =>
  (await bot.server.chatops.ports.sql.execute(bot.config.targets.prod, statement(sql, parameters))).rows;
const stats = async (bot: Bot, schema: string, table: string) =>
  (
    await rows(
      bot,
      'SELECT unsorted, stats_off, tbl_rows, estimated_visible_rows FROM svv_table_info WHERE "schema" = :s AND "table" = :t',
      { s: schema, t: table },
    )
  )[0];
const vacuums = (bot: Bot) => bot.aws.data.statements.filter((s) => /^(VACUUM|ANALYZE)\b/.test(s.sql)).map((s) => s.sql);
/** The thread a run posted in #general, found by its table, parent first. */
const thread = (bot: Bot, table: string): string[] => {
  const parent = bot.slack.messages
    .inChannel(GENERAL)
    .find((m) => (m.text ?? '').includes(`\`${table}\``) && (m.text ?? '').startsWith(':broom:'));
  return parent
    ? [
        parent.text ?? '',
        ...bot.slack.messages
          .thread(GENERAL, parent.ts)
          .filter((m) => m.ts !== parent.ts)
          .map((m) => m.text ?? ''),
      ]
    : [];
};
const lastResponse = (bot: Bot, since: number): JsonObject | undefined => bot.responses(since).pop();
const lastSeq = (bot: Bot) => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
const sectionTexts = (blocks: unknown): string[] =>
  ((blocks ?? []) as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');

/** Clicks a table's button in a message, signed as Slack would, and waits for what it started. */
async function click(
  bot: Bot,
  message: StoredMessage,
  channel: string,
  user: string,
  actionId: string,
  target: string,
  table: string,
): Promise<void> {
  const [schema, name] = table.split('.');
  const blockId = actionsBlockId(target, schema, name);
  const since = lastSeq(bot);
  await bot.requester.send(
    blockActions({
      userId: user,
      actionId,
      blockId,
      value: JSON.stringify({ t: target, s: schema, n: name }),
      message: { ...message, channel },
      channelId: channel,
      responseUrl: bot.slack.newResponseUrl({ channel, messageTs: message.ts, userId: user }),
    }),
  );
  await answered(bot, since);
}

/** Listeners go on after their ack: every click ends with a word to the clicker; wait for it, then for the jobs it started. */
async function answered(bot: Bot, since: number): Promise<string> {
  const call = await bot.slack.waitFor('response_url', (c) => c.seq > since && c.body.replace_original === false);
  await bot.settle();
  return String(call.body.text ?? '');
}

describe('VACUUM and ANALYZE against the emulator', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startWarehouseBot(vacuumYaml);
  });
  afterAll(async () => bot.stopAll());
  afterEach(() => bot.aws.faults.clear());

  test('vacuum check lists what the seeded statistics call for, best first, with the reason for each', async () => {
    const since = lastSeq(bot);
    expect(await bot.command('vacuum check prod')).toContain('Reading table statistics of *prod*');
    await bot.settle();
    const texts = sectionTexts(lastResponse(bot, since)?.blocks);
    expect(texts[0]).toContain('*prod*: 5 tables need attention');
    // The one answer takes the place of the "Reading table statistics…" ack.
    expect(lastResponse(bot, since)).toMatchObject({ replace_original: true });
    const tables = texts.slice(1).map((t) => /^\*([a-z_.]+)\*/.exec(t)?.[1]);
    expect(tables).toEqual([
      'analytics.sessions',
      'raw_data.user_session_channel',
      'adhoc.campaign_scratch',
      'analytics.daily_revenue',
      'pii.customers',
    ]);
    expect(texts[1]).toContain('`VACUUM … TO 95 PERCENT`');
    expect(texts[1]).toContain('27.85 % of rows unsorted (threshold 5 %)');
    expect(texts[2]).toContain('`VACUUM SORT ONLY … TO 95 PERCENT`');
    expect(texts[3]).toContain('then `ANALYZE`');
    expect(texts[4]).toMatch(/→ `ANALYZE`\n• statistics 38 % off/);
    expect(JSON.stringify(lastResponse(bot, since)?.blocks)).toContain(RUN_ACTION);
    expect(vacuums(bot)).toEqual([]);
  });

  test('vacuum run: the VACUUM the table needs, reported in a thread with figures before and after', async () => {
    const before = await stats(bot, 'analytics', 'sessions');
    expect(before).toMatchObject({ unsorted: '27.85' });
    expect(await bot.command('vacuum run prod analytics.sessions')).toContain('Looking at `analytics.sessions` on *prod*');
    await bot.settle();
    expect(vacuums(bot)).toEqual(['VACUUM FULL "analytics"."sessions" TO 95 PERCENT']);
    const posted = thread(bot, 'analytics.sessions');
    expect(posted[0]).toContain('VACUUM of `analytics.sessions` on *prod*, asked by <@U0ANALYST>: *done*');
    expect(posted[0]).toContain('27.85 % of rows unsorted');
    expect(posted[1]).toMatch(/VACUUM FULL finished in \d+ s: 22,500,000 rows and \d[\d,]* MB reclaimed/);
    expect(posted[2]).toContain('is done.\nUnsorted 27.85 % → 0 %');
    expect(await stats(bot, 'analytics', 'sessions')).toMatchObject({ unsorted: '0.00' });
    const records = await audit(bot);
    expect(records.find((r) => r.action === 'vacuum.statement')?.result).toMatchObject({
      statementId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(records.find((r) => r.action === 'vacuum.finished')).toMatchObject({
      target: 'prod',
      input: { table: 'analytics.sessions', steps: ['vacuum'], requestedBy: 'U0ANALYST' },
    });
  });

  test('stale statistics alone: ANALYZE runs instead', async () => {
    await bot.command('vacuum run prod analytics.daily_revenue');
    await bot.settle();
    expect(vacuums(bot).pop()).toBe('ANALYZE "analytics"."daily_revenue"');
    expect(thread(bot, 'analytics.daily_revenue').pop()).toContain('stats off 38 % → 0 %');
  });

  test('one VACUUM per cluster: a second run waits its turn, a repeat joins the first, and the queue moves on by itself', async () => {
    bot.aws.faults.inject({
      service: 'redshift-data',
      operation: 'ExecuteStatement',
      fault: { kind: 'slow', ms: 10 * MIN },
      when: (input) => String(input.Sql).startsWith('VACUUM'),
    });
    const count = vacuums(bot).length;
    await bot.command('vacuum run prod adhoc.campaign_scratch');
    await bot.settle();
    expect(thread(bot, 'adhoc.campaign_scratch')[0]).toContain('<@U0ANALYST> started VACUUM + ANALYZE of `adhoc.campaign_scratch`');

    let since = lastSeq(bot);
    await bot.command('vacuum run prodalice raw_data.user_session_channel');
    await bot.settle();
    expect(lastResponse(bot, since)?.text).toMatch(
      /Queued VACUUM of `raw_data.user_session_channel` on \*prodalice\*: .* VACUUM \+ ANALYZE of `adhoc.campaign_scratch` on \*prod\*, started by <@U0ANALYST> is running/,
    );
    since = lastSeq(bot);
    await bot.command('vacuum run prod adhoc.campaign_scratch', 'U0APPROVER');
    await bot.settle();
    expect(lastResponse(bot, since)?.text).toContain('is already running (asked by <@U0ANALYST>); nothing more was started');
    expect(vacuums(bot).length).toBe(count + 1);

    await bot.tick(5 * MIN);
    expect(vacuums(bot).length).toBe(count + 1);
    // SVV_VACUUM_PROGRESS is looked at while it runs. The emulator applies a statement's SQL when its
    // latency ends, so the view still shows the last VACUUM of another table: nothing is posted for it.
    expect(bot.aws.data.statements.some((st) => st.sql.includes('FROM svv_vacuum_progress'))).toBe(true);
    expect(thread(bot, 'adhoc.campaign_scratch').some((line) => line.includes('SVV_VACUUM_PROGRESS: '))).toBe(false);
    await bot.tick(6 * MIN);
    expect(vacuums(bot).slice(count)).toEqual([
      'VACUUM FULL "adhoc"."campaign_scratch" TO 95 PERCENT',
      'ANALYZE "adhoc"."campaign_scratch"',
      'VACUUM FULL "raw_data"."user_session_channel" TO 95 PERCENT',
    ]);
    expect(thread(bot, 'adhoc.campaign_scratch').pop()).toContain('is done.');
    // alice is no superuser: SVV_TABLE_INFO shows her nothing, so a plain VACUUM was asked for; she owns
    // nothing, so Redshift skipped the table without an error, and SYS_VACUUM_HISTORY shows her only
    // her own rows: the bot cannot tell a skip from a VACUUM it cannot see, and says so.
    const alice = thread(bot, 'raw_data.user_session_channel');
    expect(alice[0]).toContain("the bot's identity cannot see this table's health");
    expect(alice.join('\n')).toContain('I cannot verify that it vacuumed `raw_data.user_session_channel`');
    expect(alice.pop()).toContain('ran to its end, but what it did could not be verified');
    expect(await stats(bot, 'raw_data', 'user_session_channel')).toMatchObject({ unsorted: '12.40' });
  });

  test('hostile names are refused before SQL, or looked up as values and never run', async () => {
    const count = bot.aws.data.statements.length;
    expect(await bot.command('vacuum run prod analytics.x;drop')).toContain('is not a table');
    expect(await bot.command('vacuum run prod analytics')).toContain('schema.table');
    expect(bot.aws.data.statements.length).toBe(count);

    // A forged button: the names pass as one quoted identifier at most, and no such table exists.
    let since = lastSeq(bot);
    const forged = JSON.stringify({ t: 'prod', s: 'analytics', n: 'x"; DROP TABLE pii.customers; --' });
    await bot.requester.send(
      blockActions({
        userId: 'U0ANALYST',
        actionId: RUN_ACTION,
        value: forged,
        channelId: GENERAL,
        responseUrl: bot.slack.newResponseUrl({ userId: 'U0ANALYST' }),
      }),
    );
    await answered(bot, since);
    expect(lastResponse(bot, since)?.text).toContain('There is no table `analytics.x"; drop table pii.customers; --` on *prod*');
    expect(
      bot.aws.data.statements
        .slice(count)
        .map((s) => s.sql)
        .join('\n'),
    ).not.toMatch(/DROP/i);
    expect(await rows(bot, 'SELECT count(*) AS n FROM pii.customers')).toEqual([{ n: expect.anything() }]);
    since = lastSeq(bot);
    await bot.requester.send(
      blockActions({
        userId: 'U0ANALYST',
        actionId: RUN_ACTION,
        value: JSON.stringify({ t: 'nope', s: 'a', n: 'b' }),
        channelId: GENERAL,
        responseUrl: bot.slack.newResponseUrl({ userId: 'U0ANALYST' }),
      }),
    );
    expect(await answered(bot, since)).toContain('no longer names a table I know');
  });

  test('the weekly reminder: outside the maintenance window, with Run and Snooze; held back during it', async () => {
    const task = bot.server.chatops.tasks['vacuum.reminder'];
    if (!task) throw new Error('the app has no vacuum.reminder task');
    const schedule = { ...bot.config.schedules.find((s) => s.task === 'vacuum.reminder')!, targets: ['prod'] };
    await task({ schedule, occurrence: bot.clock.now() });
    const reminder = bot.slack.messages.latest(ALERTS)!;
    expect(reminder.text).toContain('Weekly table health for prod');
    const listed = sectionTexts(reminder.blocks)
      .map((t) => /^\*([a-z_.]+)\*/.exec(t)?.[1])
      .filter(Boolean);
    expect(listed).toEqual(['raw_data.user_session_channel', 'pii.customers']);

    // Snooze: gone from the message's buttons and from later checks, for 7 days.
    await click(bot, reminder, ALERTS, 'U0APPROVER', SNOOZE_ACTION, 'prod', 'pii.customers');
    const after = bot.slack.messages.latest(ALERTS)!;
    expect(JSON.stringify(after.blocks)).toContain('Snoozed by <@U0APPROVER> until');
    expect(bot.slack.messages.ephemerals({ user: 'U0APPROVER' }).pop()?.text).toContain(
      '`pii.customers` on *prod* is left out of checks and reminders until',
    );
    const since = lastSeq(bot);
    await bot.command('vacuum check prod');
    await bot.settle();
    expect(JSON.stringify(lastResponse(bot, since)?.blocks)).not.toContain('pii.customers');

    // Run from the reminder: the policy is checked on the click, and the thread goes to the alerts channel.
    const count = vacuums(bot).length;
    await click(bot, after, ALERTS, 'U0APPROVER', RUN_ACTION, 'prod', 'raw_data.user_session_channel');
    expect(vacuums(bot).slice(count)).toEqual(['VACUUM SORT ONLY "raw_data"."user_session_channel" TO 95 PERCENT']);
    expect(
      bot.slack.messages
        .inChannel(ALERTS)
        .some((m) =>
          (m.text ?? '').includes('VACUUM SORT ONLY of `raw_data.user_session_channel` on *prod*, asked by <@U0APPROVER>: *done*'),
        ),
    ).toBe(true);

    // Sunday 18:10 UTC is inside analytics-prod's window (sun:18:00-sun:18:30): the reminder waits for its end.
    const posted = bot.slack.messages.inChannel(ALERTS).length;
    bot.clock.set(Date.parse('2026-11-29T18:10:00Z'));
    await task({ schedule: { ...schedule, targets: ['prod', 'lake'] }, occurrence: bot.clock.now() });
    const lake = bot.slack.messages.latest(ALERTS)!;
    expect(bot.slack.messages.inChannel(ALERTS).length).toBe(posted + 1);
    expect(lake.text).toContain('Weekly table health for lake');
    expect((await audit(bot)).some((r) => r.action === 'vacuum.reminder.deferred' && r.target === 'prod')).toBe(true);
    await bot.tick(19 * MIN);
    expect(bot.slack.messages.inChannel(ALERTS).length).toBe(posted + 1);
    await bot.tick(20 * MIN);
    // Everything on prod was vacuumed or snoozed by now: the reminder says so in one line.
    expect(bot.slack.messages.latest(ALERTS)?.text).toBe('Weekly table health for prod: no table needs VACUUM or ANALYZE.');
  });
});

describe('VACUUM behind an approval', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startWarehouseBot(`${twoTargetsYaml}
policies:
  vacuum:
    allowed: { users: [U0ANALYST] }
    approvers: { users: [U0APPROVER] }
    approvalsRequired: 1
`);
  });
  afterAll(async () => bot.stopAll());

  test('who may ask is checked; the approver’s click runs the VACUUM shown in the request, once', async () => {
    expect(await bot.command('vacuum run prod analytics.sessions', 'U0ADMIN')).toContain('You are not allowed to run VACUUM or ANALYZE');
    expect(await bot.command('vacuum run prod analytics.sessions')).toContain('asks for 1 approval(s)');
    await bot.settle();
    const message = bot.slack.messages.latest(APPROVALS)!;
    expect(JSON.stringify(message.blocks)).toContain('VACUUM FULL \\"analytics\\".\\"sessions\\" TO 95 PERCENT');
    expect(vacuums(bot)).toEqual([]);
    const requestId = JSON.stringify(message.blocks).match(/r-[0-9a-f]{10}/)![0];
    await Promise.all(
      Array.from({ length: 5 }, () =>
        bot.requester.send(
          blockActions({
            userId: 'U0APPROVER',
            actionId: 'approval_approve',
            value: requestId,
            message: { ...message, channel: APPROVALS },
            channelId: APPROVALS,
          }),
        ),
      ),
    );
    await bot.settle();
    await bot.settle();
    expect(vacuums(bot)).toEqual(['VACUUM FULL "analytics"."sessions" TO 95 PERCENT']);
    expect((await audit(bot)).find((r) => r.action === 'vacuum.finished')?.input).toMatchObject({ approvedBy: ['U0APPROVER'] });
  });
});
