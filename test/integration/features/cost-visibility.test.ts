import { startWarehouseBot, type WarehouseBot } from '../../support/warehouse-bot';

const ALERTS = 'C0ALERTS';

/** Everything a message says, text and blocks, as one string. */
const wordsOf = (message: { text?: unknown; blocks?: unknown }): string =>
  `${String(message.text ?? '')}\n${JSON.stringify(message.blocks ?? [])}`;

/** The same warehouses, the bot signed in as users who are not superusers: bob on the cluster, its own IAM identity on the workgroup. */
const regularYaml = `
targets:
  prod:
    kind: provisioned
    cluster: analytics-prod
    database: dev
    dbUser: bob
  lake:
    kind: serverless
    workgroup: lake
    namespace: lake
    database: dev
channels:
  approvals: C0APPROVALS
  alerts: C0ALERTS
  audit: C0AUDIT
cost:
  budgets:
    prod:
      dailyUsd: 1
      spectrumTBPerDay: 0.001
  idleHours: 1
`;

describe('cost with a bot identity that is not a superuser', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(regularYaml);
  });
  afterAll(async () => bot.stopAll());

  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  const report = async (text: string) => {
    const since = lastSeq();
    await bot.command(text);
    await bot.settle();
    const found = bot.responses(since);
    expect(found.length).toBeGreaterThan(0);
    return wordsOf(found[found.length - 1]);
  };

  test('on a cluster: hidden figures are "not counted" with the reason, never $0; its own model shows SHOW MODEL\'s estimate', async () => {
    const words = await report('cost prod month');
    expect(words).toContain(
      "Spectrum scans: _not counted_ — cannot see: the bot's database user bob is not a superuser, so SVL_S3QUERY_SUMMARY shows it only its own rows",
    );
    expect(words).toContain('Managed storage (GB-month, running or paused): _not counted_ — cannot see: the bot');
    expect(words).toContain('SVV_TABLE_INFO shows it nothing');
    expect(words).not.toMatch(/Spectrum scans: \*\$0\.00\*/);
    expect(words).toContain('Top users and queries not shown — cannot see:');
    expect(words).toContain("ML models: only the bot's own are listed");
    // bob owns the model: SHOW MODEL gives him its estimated cost.
    expect(words).toContain('`analytics.customer_churn` by `bob` (Model is Ready, created ');
    expect(words).toContain("≈ *$21.00* (SHOW MODEL's estimated cost)");
    // Other users' queries are hidden from bob, so nobody can say the model is unused.
    expect(words).not.toContain('DROP MODEL');
    expect(words).toContain('Idle-cluster alerts are off for prod: cannot see:');
  });

  test('on a workgroup as its own IAM identity: RPU-hours and storage are not counted, and the report still stands', async () => {
    const words = await report('cost lake today');
    expect(words).toContain('Serverless RPU-hours: _not counted_ — cannot see:');
    expect(words).toContain('SYS_SERVERLESS_USAGE shows it nothing');
    expect(words).toContain('Managed storage (GB-month, running or paused): _not counted_');
    expect(words).not.toMatch(/RPU-hours: \*\$0\.00\*/);
    expect(words).toContain('Top users and queries not shown — cannot see:');
  });

  test('budgets: the alert says what it cannot count; no Spectrum budget is judged and no idle alert fires', async () => {
    const run = bot.server.chatops.tasks['cost.budgets'];
    const schedule = bot.config.schedules.find((s) => s.task === 'cost.budgets');
    if (!run || !schedule) throw new Error('no cost.budgets task');
    await run({ schedule, occurrence: bot.clock.now() });
    await bot.settle();
    const posted = bot.slack.messages.inChannel(ALERTS).map((m) => wordsOf(m));
    const daily = posted.filter((text) => text.includes('*prod* has reached') && text.includes('daily budget'));
    expect(daily).toHaveLength(1);
    expect(daily[0]).toContain('Some figures are not counted (below), so the spend is at least this.');
    expect(daily[0]).toContain('Spectrum scans: _not counted_ — cannot see:');
    expect(posted.some((text) => text.includes('Spectrum scan budget'))).toBe(false);
    expect(posted.some((text) => text.includes('is running but nobody has queried it'))).toBe(false);
  });

  test('the digest says which figures it cannot see and shows no figures for a workgroup it sees nothing of', async () => {
    const run = bot.server.chatops.tasks['cost.digest'];
    const schedule = bot.config.schedules.find((s) => s.task === 'cost.digest' && s.period === 'day');
    if (!run || !schedule) throw new Error('no cost.digest task');
    const before = bot.slack.messages.inChannel(ALERTS).length;
    await run({ schedule, occurrence: bot.clock.now() });
    await bot.settle();
    const digest = bot.slack.messages
      .inChannel(ALERTS)
      .slice(before)
      .map((m) => wordsOf(m))
      .join('\n');
    expect(digest).toContain('_Spectrum scans not counted — cannot see:');
    expect(digest).toContain('*lake* (serverless)\\nnothing it bills could be counted');
  });
});
