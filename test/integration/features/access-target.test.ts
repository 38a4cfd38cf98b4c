import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import type { AccessDetails } from '../../../src/features/access/details';
import { slashCommand } from '../../../src/sandbox/slack';
import { startTestBot, type TestBot } from '../../support/bot';
import { accessYaml } from '../../support/config';
import { twoTargetsYaml } from '../../support/warehouse-bot';

const ALICE = 'U0ANALYST';

// pii_users on both targets (a request must say where), analytics_users on prod only.
const yaml = `${twoTargetsYaml}${accessYaml({ pii_users: 'prod, lake', analytics_users: 'prod' })}`;

/** `access request <role> [target] …`: a target named on the command line, as chatops.yml names it. */
describe('access request with a target on the command line', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ configYaml: yaml });
  });
  afterAll(async () => bot.stop());

  const settle = () => bot.server.dispatcher.idle();
  const requests = async () =>
    (await bot.server.chatops.ports.store.list<ApprovalRequest<AccessDetails>>(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.data);
  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  const formsSince = (since: number) => bot.slack.calls.filter((call) => call.seq > since && call.method === 'views.open');
  /** The one form opened since `since`; it is opened after the ack, so it is waited for. */
  const formOpenedSince = async (since: number) => {
    const end = Date.now() + 5_000;
    while (formsSince(since).length === 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
    const forms = formsSince(since);
    expect(forms).toHaveLength(1);
    return forms[0].body.view;
  };
  /** Sends the command as Alice; the answer's text, the requests it opened and the forms it opened. */
  const ask = async (text: string) => {
    const before = new Set((await requests()).map((r) => r.id));
    const since = lastSeq();
    const response = await bot.requester.send(
      slashCommand({ text, userId: ALICE, responseUrl: bot.slack.newResponseUrl({ userId: ALICE }) }),
    );
    await settle();
    const answer = (response.json as { text?: string } | undefined)?.text ?? response.text;
    return { answer, opened: (await requests()).filter((r) => !before.has(r.id)), forms: formsSince(since) };
  };

  test('a role on several targets: the named one is asked for, with no form', async () => {
    const { answer, opened, forms } = await ask('access request pii_users lake 1h ticket 123');
    expect(forms).toHaveLength(0);
    expect(answer).toContain('Asking approvers');
    expect(answer).toContain('lake');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      target: 'lake',
      details: { role: 'pii_users', target: 'lake', durationMs: 3_600_000, reason: 'ticket 123' },
    });
  });

  test('left out for a role on several targets, the form asks as before, with nothing requested', async () => {
    const since = lastSeq();
    const { opened } = await ask('access request pii_users 1h ticket 124');
    expect(opened).toHaveLength(0);
    const view = (await formOpenedSince(since)) as { blocks: Array<{ block_id?: string; element?: { initial_option?: unknown } }> };
    expect(view.blocks.find((b) => b.block_id === 'target')?.element?.initial_option).toBeUndefined();
    expect(view.blocks.map((b) => b.block_id)).toContain('target');
  });

  test('a named target stays chosen in the form that asks for what is missing', async () => {
    const since = lastSeq();
    const { opened } = await ask('access request pii_users lake');
    expect(opened).toHaveLength(0);
    const view = (await formOpenedSince(since)) as {
      blocks: Array<{ block_id?: string; element?: { initial_option?: { value?: string } } }>;
    };
    expect(view.blocks.find((b) => b.block_id === 'target')?.element?.initial_option?.value).toBe('lake');
  });

  test('a role on one target needs none, and takes it when named', async () => {
    const bare = await ask('access request analytics_users 2h ticket 125');
    expect(bare.forms).toHaveLength(0);
    expect(bare.opened).toMatchObject([{ target: 'prod', details: { role: 'analytics_users', target: 'prod', reason: 'ticket 125' } }]);
    const named = await ask('access request analytics_users prod 1h ticket 126');
    expect(named.forms).toHaveLength(0);
    expect(named.opened).toMatchObject([
      { target: 'prod', details: { role: 'analytics_users', target: 'prod', durationMs: 3_600_000, reason: 'ticket 126' } },
    ]);
  });

  test('a target the role is not granted on is refused, naming where it is; nothing is requested or posted', async () => {
    const since = lastSeq();
    const { answer, opened, forms } = await ask('access request analytics_users lake 1h ticket 127');
    expect(answer).toBe(':warning: analytics_users is granted only on prod, not on lake: leave the target out. Nothing was requested.');
    expect(opened).toHaveLength(0);
    expect(forms).toHaveLength(0);
    expect(bot.slack.calls.filter((call) => call.seq > since && call.method === 'chat.postMessage')).toHaveLength(0);
  });
});
