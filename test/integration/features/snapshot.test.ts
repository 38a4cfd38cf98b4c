import { CreateClusterSnapshotCommand, PauseClusterCommand } from '@aws-sdk/client-redshift';
import { blockActions, viewSubmission, type JsonObject } from '../../../src/sandbox/slack';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const GENERAL = 'C0GENERAL';

describe('manual snapshots against the emulator', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot();
  });
  afterAll(async () => bot.stopAll());
  afterEach(() => bot.aws.faults.clear());

  const nameIn = (text: string) => /`(chatops-[a-z0-9-]+)`/.exec(text)?.[1] ?? '';
  const threadOf = (name: string) => {
    const parent = bot.slack.messages.inChannel(GENERAL).find((message) => (message.text ?? '').includes(name));
    return { parent, replies: parent ? bot.slack.messages.thread(GENERAL, parent.ts).filter((m) => m.ts !== parent.ts) : [] };
  };

  test('provisioned: answers at once with the name, then reports in the thread when available', async () => {
    const answer = await bot.command('snapshot create prod 7');
    const name = nameIn(answer);
    expect(answer).toContain('kept 7 days');
    expect(name).toMatch(/^chatops-prod-20261125-100000-[0-9a-f]{4}$/);
    await bot.settle();
    expect(threadOf(name).parent?.text).toContain('Status: *creating*');

    await bot.tick(30_000);
    expect(threadOf(name).replies).toHaveLength(0);
    await bot.tick(30_000);
    const { parent, replies } = threadOf(name);
    expect(replies.map((reply) => reply.text)).toEqual([expect.stringMatching(new RegExp(`Snapshot \`${name}\` is available: .*MB, took`))]);
    expect(parent?.text).toContain('*available*');

    const audit = await bot.server.store.listAudit({ from: 0, to: Date.parse('2030-01-01') });
    expect(audit.items.map((record) => [record.action, record.target])).toEqual(
      expect.arrayContaining([
        ['snapshot.create', 'prod'],
        ['snapshot.available', 'prod'],
      ]),
    );
  });

  test('serverless: the same, through CreateSnapshot on the namespace', async () => {
    const name = nameIn(await bot.command('snapshot create lake forever'));
    await bot.settle();
    await bot.tick(60_000);
    expect(threadOf(name).replies.map((reply) => reply.text)).toEqual([expect.stringContaining('is available')]);
    const listed = await bot.clients.serverless().send(new (await import('@aws-sdk/client-redshift-serverless')).GetSnapshotCommand({ snapshotName: name }));
    expect(listed.snapshot?.namespaceName).toBe('lake');
  });

  test('a snapshot that fails is reported as failed in the thread', async () => {
    bot.aws.redshift.failNextSnapshot();
    const name = nameIn(await bot.command('snapshot create prod'));
    await bot.settle();
    await bot.tick(60_000);
    expect(threadOf(name).replies.map((reply) => reply.text)).toEqual([expect.stringContaining(`Snapshot \`${name}\` failed`)]);
    expect(threadOf(name).parent?.text).toContain('*failed*');
  });

  test('an AWS fault ends as a clear message and an audit record; nothing is watched', async () => {
    bot.aws.faults.inject({ service: 'redshift', operation: 'CreateClusterSnapshot', fault: { kind: 'named', code: 'ClusterSnapshotQuotaExceeded', message: 'The request would result in the user exceeding the allowed number of cluster snapshots.' } });
    const since = bot.slack.calls.length;
    const name = nameIn(await bot.command('snapshot create prod'));
    await bot.settle();
    const [answer] = bot.responses(since);
    expect(answer.text).toContain(`Snapshot \`${name}\` of *prod* was not started`);
    expect(answer.text).toContain('ClusterSnapshotQuotaExceeded');
    expect(threadOf(name).parent).toBeUndefined();
    const audit = await bot.server.store.listAudit({ from: 0, to: Date.parse('2030-01-01') });
    expect(audit.items.filter((record) => record.action === 'snapshot.create').pop()?.result).toMatchObject({ fault: 'ClusterSnapshotQuotaExceeded' });
  });

  test('bad retention is refused before anything runs', async () => {
    const since = bot.slack.calls.length;
    const messages = bot.slack.messages.inChannel(GENERAL).length;
    const answer = await bot.command('snapshot create prod 4000');
    expect(answer).toContain('`4000` is not a number of days; use 1–3653 or `forever`');
    await bot.settle();
    expect(bot.responses(since)).toEqual([]);
    expect(bot.slack.messages.inChannel(GENERAL)).toHaveLength(messages);
  });

  test('with several targets and none named, a modal asks; its errors show on the fields', async () => {
    const since = bot.slack.calls.length;
    await bot.command('snapshot create');
    // The command is acked first and the modal opened right after, so it may still be on its way.
    const opened = await bot.slack.waitFor('views.open', (call) => call.seq > since, 5_000);
    const view = (opened?.body.view ?? {}) as JsonObject;
    expect(view.callback_id).toBe('snapshot_create');
    const submit = (retention: string) =>
      bot.requester.send(
        viewSubmission({
          userId: 'U0ANALYST',
          callbackId: 'snapshot_create',
          privateMetadata: String(view.private_metadata),
          values: {
            target: { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'lake' }, value: 'lake' } } },
            retention: { value: { type: 'plain_text_input', value: retention } },
          },
        }),
      );
    const refused = await submit('abc');
    expect(refused.json).toMatchObject({ response_action: 'errors', errors: { retention: expect.stringContaining('is not a number of days') } });
    const accepted = await submit('3');
    expect(accepted.status).toBe(200);
    await bot.settle();
    expect(bot.slack.messages.ephemerals({ user: 'U0ANALYST' }).pop()?.text).toContain('Creating snapshot');
  });

  test('a paused cluster: AWS refuses, the user reads why', async () => {
    const since = bot.slack.calls.length;
    await bot.clients.redshift().send(new PauseClusterCommand({ ClusterIdentifier: 'analytics-prod' }));
    await bot.command('snapshot create prod');
    await bot.settle();
    expect(bot.responses(since).pop()?.text).toContain('InvalidClusterState');
  });
});

describe('snapshot policy', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(`${twoTargetsYaml}\npolicies:\n  snapshot:\n    allowed: { users: [U0ADMIN] }\n`);
  });
  afterAll(async () => bot.stopAll());

  test('someone the policy does not allow is refused, audited, and nothing runs', async () => {
    const answer = await bot.command('snapshot create prod', 'U0ANALYST');
    expect(answer).toContain('You are not allowed to take snapshots');
    expect(answer).toContain('<@U0ADMIN>');
    const audit = await bot.server.store.listAudit({ from: 0, to: Date.parse('2030-01-01') });
    expect(audit.items.map((record) => record.action)).toEqual(['snapshot.refused']);
    expect(await bot.command('snapshot create prod', 'U0ADMIN')).toContain('Creating snapshot');
  });
});

describe('snapshot list', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot();
  });
  afterAll(async () => bot.stopAll());

  test('newest first, paged with a More button', async () => {
    for (let i = 0; i < 11; i++) {
      await bot.clients.redshift().send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'analytics-prod', SnapshotIdentifier: `manual-${i}` }));
      bot.clock.advance(60_000);
    }
    const since = bot.slack.calls.length;
    expect(await bot.command('snapshot list prod')).toBe('Listing snapshots of prod…');
    await bot.settle();
    const [first] = bot.responses(since);
    const text = JSON.stringify(first);
    expect(text.indexOf('manual-10')).toBeLessThan(text.indexOf('manual-9'));
    expect(text).toContain('snapshot_list_more');
  });

  test('More pages on; a forged More value is ignored without an error', async () => {
    const since = bot.slack.calls.length;
    await bot.command('snapshot list prod');
    await bot.settle();
    const blocks = bot.responses(since)[0].blocks as JsonObject[];
    const more = (blocks.find((block) => block.type === 'actions')?.elements as JsonObject[])[0];
    const click = (value: string) =>
      bot.requester.send(
        blockActions({ userId: 'U0ANALYST', actionId: 'snapshot_list_more', value, responseUrl: bot.slack.newResponseUrl({ userId: 'U0ANALYST' }) }),
      );
    const errors = jest.spyOn(console, 'error');
    const beforeForged = bot.slack.calls.length;
    for (const forged of ['/*prod', '{"target":"constructor","page":2}', '{"target":"prod","page":0}', '{"target":"prod","page":2,"x":1}', 'null']) {
      expect((await click(forged)).status).toBe(200);
    }
    await bot.settle();
    expect(bot.responses(beforeForged)).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    const beforeMore = bot.slack.calls.length;
    await click(String(more.value));
    await bot.settle();
    expect(JSON.stringify(bot.responses(beforeMore))).toContain('manual-0');
  });
});
