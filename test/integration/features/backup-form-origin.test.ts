import { CreateClusterSnapshotCommand } from '@aws-sdk/client-redshift';
import { ASK_MODAL } from '../../../src/features/backup/backup-ask';
import { RESTORE_KIND, type RestoreRecord } from '../../../src/features/backup/restore-details';
import { RESTORE_MODAL, RESTORE_TARGET_ACTION } from '../../../src/features/backup/restore-form';
import { CREATE_MODAL } from '../../../src/features/backup/snapshot-create-form';
import { blockActions, viewSubmission, viewValue, type JsonObject } from '../../../src/sandbox/slack';
import { operationLog, sourceOptions, waitFor } from '../../support/restore-form';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const GENERAL = 'C0GENERAL';
const AUDIT = 'C0AUDIT';
const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';
const FORGED_TOKEN = 'f'.repeat(32);

const yaml = `${twoTargetsYaml}
policies:
  restore:
    approvalsRequired: 0
`;

/**
 * The restore, snapshot and missing-argument forms answer (and announce publicly) only where the bot
 * recorded the form was opened: metadata naming another channel, a forged token or another user's form
 * is refused in the form, posts nothing anywhere and runs nothing.
 */
describe('backup forms cannot say where the bot posts', () => {
  let bot: WarehouseBot;
  const { calls, onRequest } = operationLog();
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml, { onRequest });
  });
  afterAll(async () => bot.stopAll());

  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  /** Every Slack call since `since` that posts or changes a message somewhere. */
  const postsSince = (since: number) =>
    bot.slack.calls.filter(
      (c) => c.seq > since && ['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'response_url'].includes(c.method),
    );
  /** Metadata a forged or foreign submission carries: a channel, a token the bot never gave, junk, or the real form from another user. */
  const forgeries = (form: JsonObject, extra: JsonObject) =>
    [
      [ALICE, JSON.stringify({ ...extra, channelId: AUDIT })],
      [ALICE, JSON.stringify({ ...extra, origin: FORGED_TOKEN, channelId: AUDIT })],
      [ALICE, '"not an object"'],
      [BOB, String(form.private_metadata)],
    ] as const;
  const openedView = async (text: string, user = ALICE) => {
    const since = lastSeq();
    expect(await bot.command(text, user)).toBe('');
    await waitFor(() => bot.slack.calls.some((c) => c.seq > since && c.method === 'views.open'), `the form of ${text}`);
    await bot.settle();
    return bot.slack.views.latest() as JsonObject;
  };

  test('the restore form: a forged origin announces nothing and restores nothing; the real one, redrawn for its target, restores and announces where it was opened', async () => {
    await bot.clients
      .redshift()
      .send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'analytics-prod', SnapshotIdentifier: 'before-cleanup' }));
    await bot.tick(45_000);
    // No target named: the picker, then the form redrawn for prod keeps the origin.
    const picker = await openedView('restore');
    expect(String(picker.private_metadata)).not.toContain(GENERAL);
    await bot.requester.send(
      blockActions({ userId: ALICE, actionId: RESTORE_TARGET_ACTION, selectedOption: { value: 'prod' }, view: picker }),
    );
    await waitFor(() => JSON.stringify(bot.slack.views.get(String(picker.id))).includes('"block_id":"source"'), 'the form for prod');
    await bot.settle();
    const form = bot.slack.views.get(String(picker.id)) as JsonObject;
    expect(sourceOptions(form)).toContain('snapshot:before-cleanup');
    expect(JSON.parse(String(form.private_metadata))).toEqual({
      origin: JSON.parse(String(picker.private_metadata)).origin,
      target: 'prod',
    });
    const values = {
      source: { value: viewValue.staticSelect('snapshot:before-cleanup') },
      database: { value: viewValue.plainText('dev') },
      schema: { value: viewValue.plainText('analytics') },
      table: { value: viewValue.plainText('daily_revenue') },
      new_table: { value: viewValue.plainText(null) },
      target_schema: { value: viewValue.plainText(null) },
    };
    const submit = (user: string, privateMetadata?: string) =>
      bot.requester.send(
        viewSubmission({
          userId: user,
          callbackId: RESTORE_MODAL,
          view: form,
          values,
          ...(privateMetadata !== undefined ? { privateMetadata } : {}),
        }),
      );

    const since = lastSeq();
    const operations = calls.length;
    for (const [user, metadata] of forgeries(form, { target: 'prod' })) {
      const answer = await submit(user, metadata);
      expect(answer.json).toMatchObject({ response_action: 'errors', errors: { source: expect.stringContaining('Nothing was changed') } });
    }
    await bot.settle();
    expect(postsSince(since)).toEqual([]);
    expect(calls.slice(operations).filter((op) => op.startsWith('RestoreTableFrom'))).toEqual([]);
    expect((await bot.server.chatops.ports.store.list<RestoreRecord>(RESTORE_KIND, { limit: 100 })).items).toEqual([]);

    const answer = await submit(ALICE);
    // Accepted: acked with the "checking" view; the live checks and the rest follow in jobs.
    expect(answer.json).toMatchObject({
      response_action: 'update',
      view: { callback_id: RESTORE_MODAL, private_metadata: form.private_metadata },
    });
    await waitFor(() => calls.slice(operations).some((op) => op.startsWith('RestoreTableFrom')), 'the restore');
    await bot.settle();
    const parents = postsSince(since)
      .filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts === undefined)
      .map((c) => [c.body.channel, String(c.body.text)]);
    expect(parents).toEqual([[GENERAL, expect.stringContaining(`<@${ALICE}> is restoring`)]]);
    expect(postsSince(since).every((c) => c.method === 'response_url' || c.body.channel === GENERAL)).toBe(true);
  });

  test('the snapshot create form: a forged origin starts no snapshot and posts nothing; the real one announces where it was opened', async () => {
    const form = await openedView('snapshot create');
    expect(form.callback_id).toBe(CREATE_MODAL);
    expect(String(form.private_metadata)).not.toContain(GENERAL);
    const values = {
      target: { value: viewValue.staticSelect('prod') },
      retention: { value: viewValue.plainText('3') },
    };
    const submit = (user: string, privateMetadata?: string) =>
      bot.requester.send(
        viewSubmission({
          userId: user,
          callbackId: CREATE_MODAL,
          view: form,
          values,
          ...(privateMetadata !== undefined ? { privateMetadata } : {}),
        }),
      );

    const since = lastSeq();
    const operations = calls.length;
    for (const [user, metadata] of forgeries(form, {})) {
      const answer = await submit(user, metadata);
      expect(answer.json).toMatchObject({ response_action: 'errors', errors: { target: expect.stringContaining('Nothing was changed') } });
    }
    await bot.settle();
    expect(postsSince(since)).toEqual([]);
    expect(calls.slice(operations)).toEqual([]);

    await submit(ALICE);
    await waitFor(() => postsSince(since).some((c) => c.method === 'chat.postMessage'), 'the announcement');
    await bot.settle();
    expect(calls.slice(operations)).toContain('CreateClusterSnapshot');
    const posted = postsSince(since).map((c) => [c.method, c.body.channel, String(c.body.text)]);
    expect(posted).toEqual(
      expect.arrayContaining([
        ['chat.postEphemeral', GENERAL, expect.stringContaining('Creating snapshot')],
        ['chat.postMessage', GENERAL, expect.stringContaining(`<@${ALICE}> started snapshot`)],
      ]),
    );
    expect(posted.every(([, channel]) => channel === GENERAL)).toBe(true);
  });

  test('the missing-argument form: a forged origin runs nothing and posts nothing; the real one answers where it was opened', async () => {
    const form = await openedView('snapshot delete');
    expect(form.callback_id).toBe(ASK_MODAL);
    expect(String(form.private_metadata)).not.toContain(GENERAL);
    const values = { value: { value: viewValue.plainText('no-such-snapshot') } };
    const submit = (user: string, privateMetadata?: string) =>
      bot.requester.send(
        viewSubmission({
          userId: user,
          callbackId: ASK_MODAL,
          view: form,
          values,
          ...(privateMetadata !== undefined ? { privateMetadata } : {}),
        }),
      );
    const real = JSON.parse(String(form.private_metadata)) as JsonObject;
    const command = { words: real.words, rest: real.rest, field: real.field };

    const since = lastSeq();
    const operations = calls.length;
    for (const [user, metadata] of forgeries(form, command)) {
      const answer = await submit(user, metadata);
      expect(answer.json).toMatchObject({
        response_action: 'errors',
        errors: { value: expect.stringMatching(/Nothing was changed|broken/) },
      });
    }
    await bot.settle();
    expect(postsSince(since)).toEqual([]);
    expect(calls.slice(operations)).toEqual([]);

    await submit(ALICE);
    await waitFor(() => postsSince(since).length > 0, 'the answer');
    await bot.settle();
    const told = postsSince(since);
    expect(told.map((c) => [c.method, c.body.channel, c.body.user])).toEqual(told.map(() => ['chat.postEphemeral', GENERAL, ALICE]));
    expect(told.some((c) => String(c.body.text).includes('no-such-snapshot'))).toBe(true);
  });
});
