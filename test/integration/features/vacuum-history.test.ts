import { statement } from '../../../src/redshift/sql';
import { startWarehouseBot, withClusterUser, type WarehouseBot } from '../../support/warehouse-bot';

const GENERAL = 'C0GENERAL';

/** prodalice reaches the same cluster as alice, a regular user; statistics count as stale above 1 %. */
const yaml = `${withClusterUser('prodalice', 'alice')}
vacuum:
  statsOffPct: 1
`;

const rows = async (bot: WarehouseBot, target: string, sql: string, parameters?: Record<string, string>) =>
  (await bot.server.chatops.ports.sql.execute(bot.config.targets[target], statement(sql, parameters))).rows;
const lastSeq = (bot: WarehouseBot) => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
const thread = (bot: WarehouseBot, table: string): string[] => {
  const parent = bot.slack.messages
    .inChannel(GENERAL)
    .find((m) => (m.text ?? '').includes(`\`${table}\``) && (m.text ?? '').startsWith(':broom:'));
  return parent ? bot.slack.messages.thread(GENERAL, parent.ts).map((m) => m.text ?? '') : [];
};

describe('VACUUM and ANALYZE history, as Redshift records it and as the bot can see it', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
  });
  afterAll(async () => bot.stopAll());

  test('a VACUUM leaves its activity rows with the documented values; the bot reads the final one', async () => {
    await bot.command('vacuum run prod analytics.sessions');
    await bot.settle();
    const history = await rows(
      bot,
      'prod',
      `SELECT TRIM(status) AS status, TRIM(vacuum_type) AS vacuum_type, end_time IS NOT NULL AS ended, reclaimed_rows
       FROM sys_vacuum_history WHERE table_name = 'sessions' ORDER BY record_time, status`,
    );
    expect(history.map((r) => r.status)).toEqual(['Initialize', 'Sort', 'Merge', 'Delete', 'Complete']);
    expect(new Set(history.map((r) => r.vacuum_type))).toEqual(new Set(['Full']));
    expect(history.map((r) => r.ended)).toEqual([false, false, false, false, true]);
    expect(thread(bot, 'analytics.sessions').join('\n')).toMatch(/VACUUM FULL finished in \d+ s: 22,500,000 rows and [\d,]+ MB reclaimed/);
    // "Vacuumed recently" now applies: the last Complete VACUUM is the one just run.
    const health = await rows(
      bot,
      'prod',
      `SELECT h.last_vacuum FROM svv_table_info t LEFT JOIN (SELECT table_id, MAX(end_time) AS last_vacuum FROM sys_vacuum_history
       WHERE LOWER(TRIM(status)) = 'complete' GROUP BY table_id) h ON h.table_id = t.table_id WHERE t."table" = 'sessions'`,
    );
    expect(String(health[0]?.last_vacuum)).toMatch(/^2026-11-25 10:0/);
    // The seeded automatic VACUUMs use the same values: no 'Finished' anywhere.
    const statuses = await rows(bot, 'prod', 'SELECT DISTINCT TRIM(status) AS status FROM sys_vacuum_history ORDER BY 1');
    expect(statuses.map((r) => r.status)).toEqual(['Complete', 'Delete', 'Initialize', 'Merge', 'Sort']);
  });

  test('ANALYZE under analyze_threshold_percent is skipped, and the bot says so instead of blaming privileges', async () => {
    await bot.command('vacuum run prod analytics.channel_summary');
    await bot.settle();
    expect(bot.aws.data.statements.map((s) => s.sql)).toContain('ANALYZE "analytics"."channel_summary"');
    const posted = thread(bot, 'analytics.channel_summary').join('\n');
    expect(posted).toContain(
      'ANALYZE skipped `analytics.channel_summary`: 0 of 6 rows changed since its last ANALYZE (0 %), under analyze_threshold_percent (10 %). This is not a missing privilege; to analyze it anyway, run `SET analyze_threshold_percent TO 0; ANALYZE "analytics"."channel_summary";` in one session.',
    );
    expect(posted).toContain('is done.');
    expect(posted).not.toContain('must own');
    const history = await rows(
      bot,
      'prod',
      `SELECT TRIM(status) AS status, modified_rows, analyze_threshold_percent FROM sys_analyze_history WHERE TRIM(table_name) = 'channel_summary'`,
    );
    expect(history).toEqual([{ status: 'Skipped', modified_rows: 0, analyze_threshold_percent: 10 }]);
  });

  test('a regular user sees no table health and no ANALYZE history: the bot says it cannot see, never "nothing to do"', async () => {
    expect(await rows(bot, 'prodalice', 'SELECT count(*) AS n FROM sys_analyze_history')).toEqual([{ n: 0 }]);
    const since = lastSeq(bot);
    await bot.command('vacuum check prodalice');
    await bot.settle();
    const answer = JSON.stringify(bot.responses(since).pop());
    expect(answer).toContain('I cannot see table health');
    expect(answer).toContain('alice is not a superuser');
    expect(answer).not.toContain('no table needs');

    await bot.command('vacuum run prodalice analytics.daily_revenue');
    await bot.settle();
    const posted = thread(bot, 'analytics.daily_revenue').join('\n');
    expect(posted).toContain('I cannot verify that it vacuumed `analytics.daily_revenue`');
    expect(posted).not.toContain('finished without vacuuming anything');
  });
});
