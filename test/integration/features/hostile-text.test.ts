import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import type { RecordedCall } from '../../../src/sandbox/slack';
import { openRestoreForm, sourceOptions, submitRestoreForm, waitFor } from '../../support/restore-form';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';
import { accessYaml } from '../../support/config';

const ALICE = 'U0ANALYST';

const yaml = `${twoTargetsYaml}${accessYaml({ pii_users: 'prod' })}policies:
  restore:
    approvers: { users: [U0APPROVER] }
    approvalsRequired: 1
`;

/** Everything the bot sent Slack that Slack would render as mrkdwn: message text, blocks, response_url posts, modals. */
function rendered(calls: readonly RecordedCall[], since: number): string {
  return calls
    .filter((call) => call.seq > since && ['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'response_url', 'views.update'].includes(call.method))
    .map((call) => JSON.stringify({ text: call.body.text, blocks: call.body.blocks, view: call.body.view }))
    .join('\n');
}

describe('user text in messages is escaped for mrkdwn', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
  });
  afterAll(async () => bot.stopAll());

  const requests = async () =>
    (await bot.server.chatops.ports.store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.data);

  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<https://evil.example/x|click to approve>', '&lt;https://evil.example/x|click to approve&gt;'],
    ['a&b`<@U0APPROVER>', "a&amp;b'&lt;@u0approver&gt;"],
  ])('a typed new-table name %j shows as text in every message the restore posts', async (hostile, escaped) => {
    const since = bot.slack.calls.at(-1)?.seq ?? 0;
    const opened = (await requests()).length;
    const view = await openRestoreForm(bot, 'prod', ALICE);
    const source = sourceOptions(view)[0];
    expect(
      await submitRestoreForm(bot, view, { source, schema: 'analytics', table: 'sessions', newTable: hostile }, ALICE),
    ).toBeUndefined();
    await bot.settle();
    await waitFor(async () => (await requests()).length > opened, 'the restore request');
    await waitFor(() => rendered(bot.slack.calls, since).includes(':incoming_envelope:'), 'the confirmation');
    const text = rendered(bot.slack.calls, since);
    expect(text).toContain(escaped);
    expect(text).not.toContain(hostile);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil');
  });

  it('an access reason shows as text in the approval message and the requester’s copy', async () => {
    const since = bot.slack.calls.at(-1)?.seq ?? 0;
    const reason = 'ticket 5 <!channel> <https://evil.example|click to approve> & more';
    await bot.command(`access request pii_users 1h ${reason}`, ALICE);
    await bot.settle();
    await waitFor(() => rendered(bot.slack.calls, since).includes('&lt;!channel&gt;'), 'the approval message');
    const text = rendered(bot.slack.calls, since);
    expect(text).toContain('ticket 5 &lt;!channel&gt; &lt;https://evil.example|click to approve&gt; &amp; more');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil');
  });
});
