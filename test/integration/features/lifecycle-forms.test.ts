import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import {
  CONFIRM_ACTION,
  DELETE_MODAL,
  FINAL_BLOCK,
  NAME_BLOCK,
  RETENTION_BLOCK,
  SNAPSHOT_NAME_BLOCK,
  TAKE_FINAL,
  TARGET_MODAL,
  VALUE,
} from '../../../src/features/lifecycle/ids';
import { SANDBOX_CHANNELS, SANDBOX_USERS, viewSubmission, viewValue, type JsonObject } from '../../../src/sandbox/slack';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const { alerts: ALERTS, approvals: APPROVALS, general: GENERAL } = SANDBOX_CHANNELS;
const { analyst: ALICE, approver: BOB } = SANDBOX_USERS;

const yaml = `${twoTargetsYaml}policies:
  delete:
    approvers: { users: [U0APPROVER, U0APPROVER2] }
`;

/**
 * The lifecycle forms answer where the bot recorded they were opened (shared/form-origin): a channel
 * written into a form's metadata, a token the bot never gave, or another user's form is refused in the
 * form, and nothing is asked, looked at or posted.
 */
describe('lifecycle forms: where they answer is what the bot recorded', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
  }, 180_000);
  afterAll(async () => bot.stopAll());

  const ports = () => bot.server.chatops.ports;
  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  /** Every Slack call since `since` that posts or changes a message somewhere. */
  const postsSince = (since: number) =>
    bot.slack.calls.filter(
      (c) => c.seq > since && ['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'response_url'].includes(c.method),
    );
  const requests = async () => (await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.data);
  const audit = async (action: string) =>
    (await ports().store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items.filter((r) => r.action === action);
  /** `/redshift <text>` typed by Alice in #general, and the form it opens. */
  const openForm = async (text: string, callbackId: string): Promise<JsonObject> => {
    const since = lastSeq();
    await bot.command(text, ALICE);
    await bot.slack.waitFor('views.open', (call) => call.seq > since, 3_000);
    const view = bot.slack.views.latest() as JsonObject;
    expect(view.callback_id).toBe(callbackId);
    expect(String(view.private_metadata)).not.toContain(GENERAL);
    await bot.settle();
    return view;
  };
  const tampered = (view: JsonObject, fields: JsonObject) => [
    // A channel of the submitter's choosing, as the forms once carried it.
    [ALICE, JSON.stringify(fields)],
    // A token the bot never recorded.
    [ALICE, JSON.stringify({ ...fields, origin: 'f'.repeat(32) })],
    [ALICE, '"not an object"'],
    // Bob may ask for the same, but this form was opened by Alice.
    [BOB, String(view.private_metadata)],
  ];

  test('the delete form: tampered metadata is refused in the form and changes nothing; the form as built opens the request', async () => {
    const view = await openForm('delete prod', DELETE_MODAL);
    const generated = JSON.stringify(view.blocks).match(/"initial_value":"(chatops-prod-final-[0-9a-z-]+)"/)?.[1];
    expect(generated).toBeDefined();
    const values = {
      [NAME_BLOCK]: { [VALUE]: viewValue.plainText('analytics-prod') },
      [FINAL_BLOCK]: { [VALUE]: { type: 'radio_buttons', selected_option: { value: TAKE_FINAL } } },
      [SNAPSHOT_NAME_BLOCK]: { [VALUE]: viewValue.plainText(generated!) },
      [RETENTION_BLOCK]: { [VALUE]: viewValue.plainText('forever') },
    };
    const submit = (user: string, privateMetadata?: string) =>
      bot.requester.send(
        viewSubmission({
          userId: user,
          callbackId: DELETE_MODAL,
          view,
          values,
          ...(privateMetadata !== undefined ? { privateMetadata } : {}),
        }),
      );

    const since = lastSeq();
    const before = (await requests()).length;
    for (const [user, metadata] of tampered(view, { target: 'prod', channelId: ALERTS })) {
      const answer = await submit(user, metadata);
      expect(answer.json).toMatchObject({
        response_action: 'errors',
        errors: { [NAME_BLOCK]: expect.stringContaining('Nothing was changed') },
      });
    }
    await bot.settle();
    expect(postsSince(since)).toEqual([]);
    expect(await requests()).toHaveLength(before);
    expect((await audit('lifecycle.form.refused')).map((r) => [r.actor, r.target, r.input])).toEqual([
      [ALICE, 'prod', { form: 'delete', action: 'delete' }],
      [ALICE, 'prod', { form: 'delete', action: 'delete' }],
      [ALICE, '', { form: 'delete', action: 'delete' }],
      [BOB, 'prod', { form: 'delete', action: 'delete' }],
    ]);

    // The form as the bot built it, submitted by Alice: the request opens, and she is told in #general.
    const answer = await submit(ALICE);
    expect((answer.json as { response_action?: string } | undefined)?.response_action).toBeUndefined();
    await bot.settle();
    const opened = (await requests()).filter((r) => r.action === 'lifecycle.delete');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ requester: ALICE, target: 'prod', status: 'pending' });
    const posted = postsSince(since);
    expect(posted.filter((c) => c.method === 'chat.postEphemeral').map((c) => [c.body.channel, c.body.user])).toEqual([[GENERAL, ALICE]]);
    expect(posted.some((c) => c.method === 'chat.postMessage' && c.body.channel === APPROVALS)).toBe(true);
    expect(posted.filter((c) => c.body.channel === ALERTS)).toEqual([]);
  });

  test('the target form: tampered metadata is refused in the form and looks at nothing; the form as built answers Alice in #general', async () => {
    const view = await openForm('pause', TARGET_MODAL);
    const values = { target: { [VALUE]: viewValue.staticSelect('prod') } };
    const submit = (user: string, privateMetadata?: string) =>
      bot.requester.send(
        viewSubmission({
          userId: user,
          callbackId: TARGET_MODAL,
          view,
          values,
          ...(privateMetadata !== undefined ? { privateMetadata } : {}),
        }),
      );

    const since = lastSeq();
    const refusedBefore = (await audit('lifecycle.form.refused')).length;
    for (const [user, metadata] of tampered(view, { action: 'pause', channelId: ALERTS })) {
      const answer = await submit(user, metadata);
      expect(answer.json).toMatchObject({ response_action: 'errors', errors: { target: expect.stringContaining('Nothing was changed') } });
    }
    await bot.settle();
    expect(postsSince(since)).toEqual([]);
    expect(await audit('lifecycle.pause.preview')).toEqual([]);
    expect((await audit('lifecycle.form.refused')).slice(refusedBefore).map((r) => [r.actor, r.input])).toEqual([
      [ALICE, { form: 'target' }],
      [ALICE, { form: 'target', action: 'pause' }],
      [ALICE, { form: 'target' }],
      [BOB, { form: 'target', action: 'pause' }],
    ]);

    const answer = await submit(ALICE);
    expect((answer.json as { response_action?: string } | undefined)?.response_action).toBeUndefined();
    await bot.settle();
    expect(await audit('lifecycle.pause.preview')).toHaveLength(1);
    const told = postsSince(since);
    // "Looking at prod", then the preview with its Confirm button.
    expect(told.map((c) => [c.method, c.body.channel, c.body.user])).toEqual([
      ['chat.postEphemeral', GENERAL, ALICE],
      ['chat.postEphemeral', GENERAL, ALICE],
    ]);
    expect(String(told[0].body.text)).toContain('Looking at *prod*');
    expect(JSON.stringify(told[1].body.blocks)).toContain(CONFIRM_ACTION);
  });
});
