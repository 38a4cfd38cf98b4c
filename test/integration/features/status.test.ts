import { slashCommand } from '../../../src/sandbox/slack';
import { startWarehouseBot, type WarehouseBot } from '../../support/warehouse-bot';

describe('/redshift status against the emulator', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot();
  });
  afterAll(async () => bot.stopAll());
  afterEach(() => bot.aws.faults.clear());

  test('answers at once, then reports every target: state, size, maintenance, retention, latest snapshots', async () => {
    const since = bot.slack.calls.length;
    expect(await bot.command('status')).toBe('Checking prod, lake…');
    await bot.settle();
    const [report] = bot.responses(since);
    const text = JSON.stringify(report);
    expect(report).toMatchObject({ response_type: 'ephemeral', text: 'Status: prod: available; lake: AVAILABLE' });
    for (const part of ['analytics-prod', '2 × ra3.xlplus', 'sun:18:00-sun:18:30', 'Next maintenance', '1 day', 'automated', '32 RPU base, 512 max', 'recovery-point']) {
      expect(text).toContain(part);
    }
  });

  test('one target named: only that one', async () => {
    const since = bot.slack.calls.length;
    expect(await bot.command('status lake')).toBe('Checking lake…');
    await bot.settle();
    expect(bot.responses(since)[0]).toMatchObject({ text: 'Status: lake: AVAILABLE' });
  });

  test('the report takes the place of the "Checking …" placeholder instead of adding a second message', async () => {
    const user = 'U0ANALYST';
    const responseUrl = bot.slack.newResponseUrl({ userId: user });
    const before = bot.slack.messages.ephemerals({ user }).length;
    // Shown before the job can answer, as Slack shows the ack when the listener returns.
    bot.slack.showAck(responseUrl, { text: 'Checking lake…', blocks: [] });
    const ack = await bot.requester.send(slashCommand({ text: 'status lake', userId: user, responseUrl }));
    expect(ack.json).toMatchObject({ text: 'Checking lake…' });
    await bot.settle();
    const shown = bot.slack.messages.ephemerals({ user }).slice(before);
    expect(shown.map((m) => m.text)).toEqual(['Status: lake: AVAILABLE']);
  });

  test('an AWS fault on one target is shown in words, and the other target still reports', async () => {
    bot.aws.faults.inject({ service: 'redshift', operation: 'DescribeClusters', fault: { kind: 'throttle' }, times: 5 });
    const since = bot.slack.calls.length;
    await bot.command('status');
    await bot.settle();
    const [report] = bot.responses(since);
    expect(report.text).toBe('Status: prod: unknown; lake: AVAILABLE');
    expect(JSON.stringify(report)).toContain('Throttling');
  });
});
