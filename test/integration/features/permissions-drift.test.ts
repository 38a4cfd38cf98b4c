import { statement } from '../../../src/redshift/sql';
import { DRIFT_KIND } from '../../../src/features/permissions/drift-task';
import { permissionsMatrix } from '../../support/config';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const ALERTS = 'C0ALERTS';

/**
 * The weekly `permissions.drift` task: new differences go to the alerts channel once; a difference
 * already posted is not posted again until it goes away and comes back; two runs at once post once.
 */
describe('permissions.drift: new differences, each posted once', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(`${twoTargetsYaml}permissions:\n${permissionsMatrix('prod')}`);
  }, 120_000);
  afterAll(async () => bot.stopAll());

  const ports = () => bot.server.chatops.ports;
  const run = async (sql: string) => {
    const target = ports().config.targets.prod;
    await ports().sql.execute(target, statement(sql));
  };
  const drift = async (times = 1) => {
    const task = bot.server.chatops.tasks['permissions.drift'];
    const schedule = bot.config.schedules.find((s) => s.task === 'permissions.drift');
    if (!task || !schedule) throw new Error('no permissions.drift task');
    await Promise.all(Array.from({ length: times }, () => task({ schedule, occurrence: bot.clock.now() })));
  };
  const alerts = () => bot.slack.messages.inChannel(ALERTS).map((m) => JSON.stringify(m.blocks ?? m.text));

  test('the default schedules run it weekly', () => {
    expect(bot.config.schedules.find((s) => s.task === 'permissions.drift')?.cron).toBe('0 7 * * 1');
  });

  test('a warehouse that matches posts nothing; a new grant is posted once, naming who and what', async () => {
    await drift();
    expect(alerts()).toHaveLength(0);
    await run('GRANT USAGE ON SCHEMA pii TO bob');
    await drift(2);
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]).toContain('new difference');
    expect(alerts()[0]).toContain('bob');
    await drift();
    expect(alerts()).toHaveLength(1);
  });

  test('only what is new is posted; a difference that went away and came back is new again', async () => {
    await run('GRANT ROLE pii_users TO carol');
    await drift();
    expect(alerts()).toHaveLength(2);
    expect(alerts()[1]).toContain('carol');
    expect(alerts()[1]).not.toContain('bob');
    await run('REVOKE ROLE pii_users FROM carol');
    await drift();
    expect(alerts()).toHaveLength(2);
    await run('GRANT ROLE pii_users TO carol');
    await drift();
    expect(alerts()).toHaveLength(3);
    expect(alerts()[2]).toContain('carol');
    const seen = await ports().store.get<{ keys: string[] }>(DRIFT_KIND, 'prod');
    expect(seen?.data.keys).toHaveLength(2);
  });

  test('a post Slack refuses is posted by the next run', async () => {
    await run('GRANT USAGE ON SCHEMA pii TO alice');
    bot.slack.failNext('chat.postMessage', 'channel_not_found');
    await drift();
    expect(alerts().filter((a) => a.includes('alice'))).toHaveLength(0);
    await drift();
    expect(alerts().filter((a) => a.includes('alice'))).toHaveLength(1);
  });
});
