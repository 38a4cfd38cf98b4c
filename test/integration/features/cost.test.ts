import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { ALERT_KIND, REPOST_AFTER_MS, type AlertRecord } from '../../../src/features/cost/alerts';
import { LIMIT_ACTION, PAUSE_ACTION, type AlertMessage } from '../../../src/features/cost/alert-text';
import { nodeUsd, serverlessUsd, spectrumBilledMb, spectrumUsd } from '../../../src/features/cost/model';
import { managedStorageUsd } from '../../../src/features/shared/storage-cost';
import { usd } from '../../../src/features/cost/format';
import type { TaskRun } from '../../../src/jobs/scheduler';
import { statement } from '../../../src/redshift/sql';
import { blockActions, type JsonObject, type StoredMessage } from '../../../src/sandbox/slack';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const ALERTS = 'C0ALERTS';
const APPROVALS = 'C0APPROVALS';
const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';
const HOUR = 3_600_000;

/** Budgets low enough that the seeded usage crosses them; prod idle after an hour without user queries. */
const costYaml = `${twoTargetsYaml}
cost:
  budgets:
    prod:
      dailyUsd: 1000
      monthlyUsd: 100000
    lake:
      dailyUsd: 10
  idleHours: 1
`;

/** Everything a message says, text and blocks, as one string. */
const wordsOf = (message: { text?: unknown; blocks?: unknown }): string =>
  `${String(message.text ?? '')}\n${JSON.stringify(message.blocks ?? [])}`;

describe('cost reports, budget alerts and the billing digest against the emulator', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(costYaml);
  });
  afterAll(async () => bot.stopAll());

  const ports = () => bot.server.chatops.ports;
  const rows = async (name: 'prod' | 'lake', sql: string) => (await ports().sql.execute(bot.config.targets[name], statement(sql))).rows;
  const task = async (name: 'cost.budgets' | 'cost.digest', period?: 'day' | 'week') => {
    const run = bot.server.chatops.tasks[name];
    if (!run) throw new Error(`no ${name} task`);
    const schedule = bot.config.schedules.find((s) => s.task === name && (period === undefined || s.period === period));
    if (!schedule) throw new Error(`no ${name} schedule`);
    const taskRun: TaskRun = { schedule, occurrence: bot.clock.now() };
    await run(taskRun);
    await bot.settle();
  };
  const alerts = (): StoredMessage[] => bot.slack.messages.inChannel(ALERTS).filter((m) => !m.thread_ts);
  const dataCalls = () => bot.aws.data.statements.length;
  const lastResponse = (since: number): JsonObject => {
    const found = bot.responses(since);
    expect(found.length).toBeGreaterThan(0);
    return found[found.length - 1];
  };
  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  const click = (user: string, message: StoredMessage, actionId: string) => {
    const element = (message.blocks ?? [])
      .flatMap((block) => (block as { elements?: Array<{ action_id?: string; value?: string }> }).elements ?? [])
      .find((e) => e.action_id === actionId);
    if (!element) throw new Error(`no ${actionId} button in the message`);
    return bot.requester.send(
      blockActions({ userId: user, actionId, value: element.value, message: { ...message, channel: ALERTS }, channelId: ALERTS }),
    );
  };
  const waitFor = async (check: () => boolean | Promise<boolean>, what: string, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  test('`cost prod month`: nodes, managed storage and Spectrum by component, top scanners, the ML model from SVV_ML_MODEL_INFO and SHOW MODEL, budget and projection', async () => {
    const since = lastSeq();
    const before = dataCalls();
    const ack = await bot.command('cost prod month');
    expect(ack).toMatch(/Adding up this month's cost of prod/);
    await bot.settle();
    const statements = dataCalls() - before;
    const words = wordsOf(lastResponse(since));
    // The report takes the place of the "Adding up…" ack.
    expect(lastResponse(since)).toMatchObject({ replace_original: true });

    // The Spectrum figure, worked out here from the raw rows with the pure model: per query, rounded up, 10 MB minimum, failed free.
    const now = bot.clock.now();
    const raw = await rows(
      'prod',
      `SELECT query, sum(s3_scanned_bytes) AS bytes, max(aborted) AS aborted FROM svl_s3query_summary WHERE starttime >= '2026-11-01' AND starttime < '2026-11-25 10:00:00' GROUP BY query`,
    );
    expect(raw.length).toBeGreaterThan(100);
    const billedMb = raw.reduce((sum, row) => sum + spectrumBilledMb(Number(row.bytes), Number(row.aborted) > 0), 0);
    const spectrum = spectrumUsd(billedMb, 5);
    expect(words).toContain(`Spectrum scans: *${usd(spectrum)}*`);
    // First seen running now, so running all month: 24 days 10 hours × 2 × ra3.xlplus.
    const hours = (now - Date.parse('2026-11-01T00:00:00Z')) / HOUR;
    expect(words).toContain(`Nodes (node-hours while running): *${usd(nodeUsd('ra3.xlplus', 2, hours, { 'ra3.xlplus': 1.086 }) ?? 0)}*`);
    // RA3 managed storage bills every hour of the month, by what SVV_TABLE_INFO says the cluster stores.
    const [stored] = await rows('prod', 'SELECT sum(size) AS mb FROM svv_table_info');
    expect(words).toContain(`Managed storage (GB-month, running or paused): *${usd(managedStorageUsd(Number(stored.mb), hours, 0.024))}*`);
    expect(words).toContain('Top users by Spectrum scans');
    expect(words).toContain('Top queries by Spectrum scans');
    expect(words).toMatch(/`(bob|carol|alice)`/);
    // The model is bob's: SHOW MODEL gives its estimated cost to its owner only, and the report says so.
    expect(words).toContain('`analytics.customer_churn` by `bob` (Model is Ready, created ');
    expect(words).toContain("cost not known — SHOW MODEL shows the estimated cost only to the model's owner (bob)");
    expect(words).toContain('DROP MODEL analytics.customer_churn');
    expect(words).toMatch(/monthly budget \(2026-11\): \$[0-9,.]+ of \$100,000/);
    expect(words).toMatch(/projected month end \*\$[0-9,]+/);
    expect(words).toContain('Not counted: data transfer, concurrency scaling');
    expect(words).not.toContain('not counted —');
    // Few statements, aggregated in SQL: identity + daily + stored size + top users + top queries + models + one SHOW MODEL + last used.
    expect(statements).toBe(8);
  });

  test('`cost lake today`: RPU-hours and managed storage from SYS_SERVERLESS_USAGE, top users by RPU time', async () => {
    const since = lastSeq();
    await bot.command('cost lake today');
    await bot.settle();
    const words = wordsOf(lastResponse(since));
    const [sum] = await rows(
      'lake',
      `SELECT coalesce(sum(charged_seconds), 0) AS s, avg(data_storage) AS mb FROM sys_serverless_usage WHERE start_time >= '2026-11-25' AND start_time < '2026-11-25 10:00:00'`,
    );
    expect(words).toContain(`Serverless RPU-hours: *${usd(serverlessUsd(Number(sum.s), 0.375))}*`);
    expect(words).toContain(`Managed storage (GB-month, running or paused): *${usd(managedStorageUsd(Number(sum.mb), 10, 0.024))}*`);
    expect(words).toContain('Top users by RPU time');
    expect(words).toContain('daily budget (2026-11-25)');
    // The workgroup keeps its own model, carol's; prod's churn model is prod's alone.
    expect(words).toContain('`analytics.session_duration` by `carol` (Model is Ready, created ');
    expect(words).toContain("cost not known — SHOW MODEL shows the estimated cost only to the model's owner (carol)");
    expect(words).not.toContain('customer_churn');
    expect(words).toContain('Spectrum scans are RPU time here');
  });

  test('finished days are kept by the bot: the month stays whole after the warehouse forgets them (SYS_SERVERLESS_USAGE keeps 7 days)', async () => {
    const serverlessLine = (words: string) => /Serverless RPU-hours: \*\$[0-9,.]+\* \([0-9.]+ RPU-hours\)/.exec(words)?.[0];
    let since = lastSeq();
    await bot.command('cost lake month');
    await bot.settle();
    const before = serverlessLine(wordsOf(lastResponse(since)));
    expect(before).toBeDefined();
    await ports().sql.execute(
      bot.config.targets.lake,
      statement(`DELETE FROM redshift_internal.sys_serverless_usage WHERE start_time < '2026-11-25'`),
    );
    const [left] = await rows('lake', `SELECT count(*) AS n FROM sys_serverless_usage WHERE start_time < '2026-11-25'`);
    expect(Number(left.n)).toBe(0);
    since = lastSeq();
    await bot.command('cost lake month');
    await bot.settle();
    expect(serverlessLine(wordsOf(lastResponse(since)))).toBe(before);
  });

  test('budgets: each threshold alerts once per period, across repeated, late and concurrent ticks; the usage-limit button goes through approval', async () => {
    await task('cost.budgets');
    const posted = alerts();
    // lake's $10 a day is passed: one alert, at 100 %, with 50 and 80 folded into it; prod idle for over an hour.
    const lake = posted.filter((m) => wordsOf(m).includes('*lake* has reached'));
    expect(lake).toHaveLength(1);
    expect(wordsOf(lake[0])).toContain('the 100 % alert');
    expect(wordsOf(lake[0])).toContain('Cap at 26 RPU-hours daily');
    const idle = posted.filter((m) => wordsOf(m).includes('*prod* is running but nobody has queried it'));
    expect(idle).toHaveLength(1);
    const claims = (await ports().store.list<AlertRecord>(ALERT_KIND, { limit: 100 })).items;
    expect(claims.filter((c) => c.id.startsWith('lake:dailyUsd:2026-11-25:')).map((c) => [c.id, c.data.status])).toEqual([
      ['lake:dailyUsd:2026-11-25:100', 'posted'],
      ['lake:dailyUsd:2026-11-25:50', 'folded'],
      ['lake:dailyUsd:2026-11-25:80', 'folded'],
    ]);

    // Repeated, concurrent and later ticks the same day: nothing new.
    await Promise.all([task('cost.budgets'), task('cost.budgets')]);
    bot.clock.advance(3 * HOUR);
    await task('cost.budgets');
    expect(alerts()).toHaveLength(posted.length);

    // The usage-limit button: alice asks, bob approves, the limit is created once on the workgroup.
    await click(ALICE, lake[0], LIMIT_ACTION);
    await waitFor(
      async () =>
        (await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 100 })).items.some((r) => r.data.action === 'cost.usageLimit'),
      'the approval request',
    );
    await bot.settle();
    const request = (await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 100 })).items.find(
      (r) => r.data.action === 'cost.usageLimit',
    )!.data;
    expect(request.willRun[0]).toBe(
      'CreateUsageLimit resourceArn=<workgroup lake> usageType=serverless-compute amount=26 period=daily breachAction=emit-metric',
    );
    // A second click by the same person asks nothing new.
    await click(ALICE, lake[0], LIMIT_ACTION);
    await bot.settle();
    expect(
      (await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 100 })).items.filter((r) => r.data.action === 'cost.usageLimit'),
    ).toHaveLength(1);
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
    await waitFor(async () => (await ports().billing.listUsageLimits('lake')).length > 0, 'the usage limit');
    await bot.settle();
    const limits = await ports().billing.listUsageLimits('lake');
    expect(limits).toEqual([expect.objectContaining({ amountRpuHours: 26, period: 'daily', breachAction: 'emit-metric' })]);
    const thread = bot.slack.messages
      .thread(APPROVALS, request.approvalMessage!.ts)
      .map((m) => m.text)
      .join('\n');
    expect(thread).toContain('is now on *lake*: 26 RPU-hours daily');

    // The next day, inside the late-tick grace: yesterday's alerts are not posted again; today's may be, once.
    bot.clock.set(Date.parse('2026-11-26T02:00:00Z'));
    await task('cost.budgets');
    await task('cost.budgets');
    const lakeAlerts = alerts().filter((m) => wordsOf(m).includes('*lake* has reached'));
    expect(lakeAlerts.filter((m) => wordsOf(m).includes('for 2026-11-25'))).toHaveLength(1);
    expect(lakeAlerts.filter((m) => wordsOf(m).includes('for 2026-11-26')).length).toBeLessThanOrEqual(1);
  });

  test('a claimed alert whose post never happened is posted by a later tick, once', async () => {
    const now = bot.clock.now();
    const message: AlertMessage = {
      text: 'lake: a lost alert',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a lost alert' } }],
    };
    await ports().store.create<AlertRecord>(
      ALERT_KIND,
      'lake:monthlyUsd:2026-11:50',
      { target: 'lake', status: 'posting', claimedAt: now, message },
      { dueAt: now + REPOST_AFTER_MS },
    );
    await task('cost.budgets');
    expect(alerts().filter((m) => m.text === 'lake: a lost alert')).toHaveLength(0);
    bot.clock.advance(REPOST_AFTER_MS);
    await task('cost.budgets');
    await task('cost.budgets');
    expect(alerts().filter((m) => m.text === 'lake: a lost alert')).toHaveLength(1);
    expect((await ports().store.get<AlertRecord>(ALERT_KIND, 'lake:monthlyUsd:2026-11:50'))?.data.status).toBe('posted');
  });

  test("the idle alert's Pause button runs the lifecycle preview for whoever clicks", async () => {
    const idle = alerts().find((m) => wordsOf(m).includes('*prod* is running but nobody has queried it'))!;
    const before = bot.slack.messages.ephemerals({ user: ALICE }).length;
    await click(ALICE, idle, PAUSE_ACTION);
    await waitFor(() => bot.slack.messages.ephemerals({ user: ALICE }).length >= before + 2, 'the preview');
    await bot.settle();
    const said = bot.slack.messages
      .ephemerals({ user: ALICE })
      .slice(before)
      .map((m) => wordsOf(m))
      .join('\n');
    expect(said).toContain('Looking at *prod* before you pause it');
    expect(said).toContain('lifecycle_confirm');
  });

  test('the billing digest: yesterday, week and month to date with changes, and a 30-day sparkline per target', async () => {
    bot.clock.set(Date.parse('2026-11-27T09:00:00Z'));
    const before = alerts().length;
    await task('cost.digest', 'day');
    const digest = alerts().slice(before);
    expect(digest).toHaveLength(1);
    const words = wordsOf(digest[0]);
    expect(words).toContain('Billing digest');
    expect(words).toMatch(/Yesterday \*\$[0-9,.]+\* \(([+−][0-9]+ %|±0 %|new)\)/);
    expect(words).toContain('Week to date');
    expect(words).toContain('Month to date');
    expect(words).toMatch(/30 days: `[▁▂▃▄▅▆▇█]{30}`/);
    expect(words).toContain('*prod* (provisioned)');
    expect(words).toContain('*lake* (serverless)');
  });

  test('with costExplorer enabled, the report shows the actual bill (GetCostAndUsage, once) beside the estimate', async () => {
    bot.aws.costExplorer.bill = () => 50;
    const before = bot.aws.costExplorer.requests.length;
    // The same config object the app holds; turned on for this test only.
    bot.config.cost.costExplorer.enabled = true;
    try {
      const since = lastSeq();
      await bot.command('cost week');
      await bot.settle();
      const words = wordsOf(lastResponse(since));
      // 2026-11-27 is a Friday: Monday to today is five days of $50, today's still estimated.
      expect(words).toContain('AWS bill for Amazon Redshift, whole account (Cost Explorer): this week *$250.00* (still estimated by AWS)');
      expect(words).toMatch(/Estimated here for the same span: \*\$[0-9,.]+\* across prod, lake/);
      expect(bot.aws.costExplorer.requests.length - before).toBe(1);
    } finally {
      bot.config.cost.costExplorer.enabled = false;
    }
  });

  test('a report reads the same few rows whatever the history: the top lists are cut in SQL', async () => {
    const now = bot.clock.now();
    const from = Date.parse('2026-11-01T00:00:00Z');
    const { topUsage } = await import('../../../src/features/cost/usage');
    const top = await topUsage(ports(), bot.config.targets.prod, from, now);
    expect(top.users.length).toBeLessThanOrEqual(5);
    expect(top.queries).toHaveLength(5);
    const costs = top.queries.map((q) => q.billedMb ?? 0);
    expect([...costs].sort((a, b) => b - a)).toEqual(costs);
  });

  // Last: bob's and alice's statements here are user queries, which end prod's idleness.
  test('SHOW MODEL answers in Key/Value rows; the estimated cost, IAM role and bucket only to the owner', async () => {
    const shown = await rows('prod', 'SHOW MODEL analytics.customer_churn');
    const keys = shown.map((row) => String(row.key));
    expect(keys.slice(0, 5)).toEqual(['Model Name', 'Schema Name', 'Owner', 'Creation Time', 'Model State']);
    expect(shown.find((row) => row.key === 'Model State')?.value).toBe('READY');
    expect(shown.find((row) => row.key === 'Function Name')?.value).toBe('predict_customer_churn');
    expect(keys).not.toContain('Estimated Cost');
    expect(keys).not.toContain('IAM Role');
    const owner = await bot.aws.databases.run('cluster/analytics-prod', 'dev', 'bob', 'SHOW MODEL analytics.customer_churn');
    expect(owner.rows).toContainEqual(['Estimated Cost', '21.00']);
    await expect(bot.aws.databases.run('cluster/analytics-prod', 'dev', 'alice', 'SHOW MODEL analytics.customer_churn')).rejects.toThrow(
      /permission denied for model/,
    );
    await expect(rows('lake', 'SHOW MODEL analytics.no_such_model')).rejects.toThrow(/does not exist/);
  });
});
