import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { OffsetClock, startConsole, type RunningConsole } from '../../../src/sandbox/console';
import { messageBodyToHtml } from '../../../src/sandbox/console/render/blocks';
import { viewStateValues } from '../../../src/sandbox/console/render/view-values';
import type { ConsoleState, ConsoleView, JsonMap, SubmitAnswer, SuggestAnswer, ViewValues } from '../../../src/sandbox/console/types';
import {
  SANDBOX_CHANNELS,
  SANDBOX_USERS,
  SlackRequester,
  startSlackStandIn,
  type RecordedCall,
  type SlackStandIn,
} from '../../../src/sandbox/slack';
import { secret, selected, wire, type Received } from './console-bolt-app';

/**
 * The console's HTTP API playing Slack towards a real Bolt app, over the Slack stand-in: typing in an
 * external select (block_suggestion, answered through the app's `app.options` ack), picking an
 * option (block_actions), and modal submissions answered with response_action errors, update, push
 * and clear, read back from the console's state the way the browser draws it.
 */

describe('the console against a real Bolt app: external selects and response_action', () => {
  let standIn: SlackStandIn;
  let app: App;
  let consoleApp: RunningConsole;
  const received: Received = { suggestions: [], actions: [], submissions: [] };

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    app = new App({
      token: 'xoxb-console',
      receiver: new HTTPReceiver({ signingSecret: secret, logLevel: LogLevel.ERROR }),
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
    });
    wire(app, received);
    const server = (await app.start(0)) as Server;
    const requester = new SlackRequester({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
      signingSecret: secret,
    });
    consoleApp = await startConsole({
      slack: standIn,
      requester,
      clock: new OffsetClock(),
      sqlTargets: [],
      dbUsers: [],
      runSql: () => Promise.resolve({ ok: false, error: 'no SQL in this test' }),
      advanceClock: () => Promise.resolve({ now: Date.now(), ran: [] }),
      port: 0,
    });
  }, 60_000);

  afterAll(async () => {
    await consoleApp?.close();
    await app?.stop();
    await standIn?.close();
  });

  beforeEach(() => {
    received.suggestions.length = 0;
    received.actions.length = 0;
    received.submissions.length = 0;
  });

  async function post<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${consoleApp.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${answer.error ?? ''}`);
    return answer;
  }
  const state = async (): Promise<ConsoleState> => (await fetch(`${consoleApp.url}/api/state`)).json() as Promise<ConsoleState>;
  const viewsOf = async (user: string): Promise<ConsoleView[]> => (await state()).views.filter((view) => view.user === user);

  /** A slash command typed at the console, then the bot's Web API call it leads to. */
  async function command(user: string, text: string, method: string): Promise<RecordedCall> {
    const after = lastSeq();
    await post('/api/command', { user, channel: SANDBOX_CHANNELS.general, text: `/redshift ${text}` });
    return standIn.waitFor(method, (call) => call.seq > after && call.response.ok === true);
  }
  /** The stand-in's latest call number, to wait for calls made after it. */
  const lastSeq = (): number => standIn.calls.reduce((latest, call) => Math.max(latest, call.seq), 0);

  /** The modal on top of the person's stack, as the browser would draw it. */
  async function topView(user: string): Promise<ConsoleView> {
    const views = await viewsOf(user);
    const top = views[views.length - 1];
    if (top === undefined) throw new Error(`no modal is open for ${user}`);
    return top;
  }

  /** view.state.values as the browser builds them from the form (and the options the search showed). */
  const valuesFor = (
    view: ConsoleView,
    entries: Record<string, string[]>,
    shown: Record<string, SuggestAnswer['options']> = {},
  ): ViewValues => viewStateValues(view.view, entries, shown);

  const submit = (user: string, viewId: string, values: ViewValues) => post<SubmitAnswer>('/api/submit', { user, viewId, values });

  describe('an external select in a message', () => {
    test('it shows as a search box; typing sends block_suggestion and lists the options the app acked', async () => {
      const user = SANDBOX_USERS.analyst;
      const posted = await command(user, 'pick', 'chat.postMessage');
      const ts = String(posted.response.ts);
      const message = (await state()).messages.find((candidate) => candidate.ts === ts);
      expect(message).toBeDefined();
      const html = messageBodyToHtml(message?.text ?? '', message?.blocks ?? [], {
        reader: { directory: { users: {}, usergroups: {}, channels: {} }, timeZone: 'UTC', now: Date.now() },
        surface: 'message',
        idPrefix: 'm',
      });
      expect(html).toContain('class="select external"');
      expect(html).toContain('data-action-id="cluster" data-block-id="target" data-type="external_select" data-dispatch="true"');
      expect(html).toContain('data-min-query="2"');

      const answer = await post<SuggestAnswer>('/api/suggest', {
        user,
        actionId: 'cluster',
        blockId: 'target',
        value: 'pro',
        channel: SANDBOX_CHANNELS.general,
        messageTs: ts,
      });
      expect(answer).toEqual({ options: [{ text: 'prod (ra3.xlplus, 2 nodes)', value: 'prod' }] });

      expect(received.suggestions).toHaveLength(1);
      const suggestion = received.suggestions[0];
      expect(suggestion).toMatchObject({
        type: 'block_suggestion',
        user: { id: user, name: 'alice', team_id: standIn.seed.teamId },
        team: { id: standIn.seed.teamId, domain: standIn.seed.teamDomain },
        api_app_id: standIn.seed.appId,
        action_id: 'cluster',
        block_id: 'target',
        value: 'pro',
        channel: { id: SANDBOX_CHANNELS.general },
        container: { type: 'message', message_ts: ts, channel_id: SANDBOX_CHANNELS.general, is_ephemeral: false },
      });
      expect(typeof suggestion.token).toBe('string');
      // A message's search carries no view.
      expect(suggestion.view).toBeUndefined();

      // Nothing matches: an empty list, not an error.
      expect(
        await post<SuggestAnswer>('/api/suggest', {
          user,
          actionId: 'cluster',
          blockId: 'target',
          value: 'zzz',
          channel: SANDBOX_CHANNELS.general,
          messageTs: ts,
        }),
      ).toEqual({ options: [] });
    });

    test('in an ephemeral message, the search says so (container.is_ephemeral)', async () => {
      const user = SANDBOX_USERS.analyst;
      const after = lastSeq();
      await post('/api/command', { user, channel: SANDBOX_CHANNELS.general, text: '/redshift pick quietly' });
      await standIn.waitFor('response_url', (call) => call.seq > after);
      const shown = (await state()).messages.find(
        (candidate) => candidate.onlyFor === user && candidate.author === standIn.seed.botUserId && candidate.blocks.length > 0,
      );
      expect(shown).toMatchObject({ channel: SANDBOX_CHANNELS.general, text: 'Which cluster?' });
      const ts = shown?.ts ?? '';

      const answer = await post<SuggestAnswer>('/api/suggest', {
        user,
        actionId: 'cluster',
        blockId: 'target',
        value: 'dev',
        channel: SANDBOX_CHANNELS.general,
        messageTs: ts,
      });
      expect(answer.options).toEqual([{ text: 'dev (dc2.large)', value: 'dev' }]);
      expect(received.suggestions[0]).toMatchObject({
        container: { type: 'message', message_ts: ts, channel_id: SANDBOX_CHANNELS.general, is_ephemeral: true },
      });

      // The pick says so too.
      await post('/api/action', {
        user,
        actionId: 'cluster',
        blockId: 'target',
        selectedOption: answer.options[0],
        channel: SANDBOX_CHANNELS.general,
        messageTs: ts,
        ephemeral: true,
      });
      expect(received.actions.at(-1)).toMatchObject({ container: { type: 'message', message_ts: ts, is_ephemeral: true } });
    });

    test('picking an option sends block_actions with selected_option, and the reply replaces the message', async () => {
      const user = SANDBOX_USERS.approver;
      const posted = await command(user, 'pick', 'chat.postMessage');
      const ts = String(posted.response.ts);
      const { options } = await post<SuggestAnswer>('/api/suggest', {
        user,
        actionId: 'cluster',
        blockId: 'target',
        value: 'sta',
        channel: SANDBOX_CHANNELS.general,
        messageTs: ts,
      });
      const [picked] = options;
      expect(picked).toEqual({ text: 'staging (serverless)', value: 'staging' });

      const before = lastSeq();
      await post('/api/action', {
        user,
        actionId: 'cluster',
        blockId: 'target',
        selectedOption: picked,
        channel: SANDBOX_CHANNELS.general,
        messageTs: ts,
      });
      expect(received.actions).toHaveLength(1);
      const body = received.actions[0];
      expect(body).toMatchObject({
        type: 'block_actions',
        user: { id: user },
        container: { type: 'message', message_ts: ts, channel_id: SANDBOX_CHANNELS.general },
        channel: { id: SANDBOX_CHANNELS.general },
        message: { ts, text: 'Which cluster?' },
      });
      expect(body.actions).toEqual([
        {
          type: 'external_select',
          action_id: 'cluster',
          block_id: 'target',
          selected_option: selected('staging', 'staging (serverless)'),
          action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
        },
      ]);
      expect(typeof body.response_url).toBe('string');

      await standIn.waitFor('response_url', (call) => call.seq > before);
      const shown = (await state()).messages.find((candidate) => candidate.ts === ts);
      expect(shown).toMatchObject({ text: 'Cluster: staging (serverless) [staging]', blocks: [], edited: true });
    });
  });

  describe('an external select in a modal, and what the submission answers', () => {
    test('the search carries the view; options and option_groups both list; the submission carries the picked options', async () => {
      const user = SANDBOX_USERS.admin;
      await command(user, 'wizard', 'views.open');
      const wizard = await topView(user);
      expect(wizard.view).toMatchObject({ callback_id: 'wizard', private_metadata: 'req-7' });

      const clusters = await post<SuggestAnswer>('/api/suggest', {
        user,
        actionId: 'value',
        blockId: 'cluster',
        value: 'd',
        viewId: wizard.id,
      });
      expect(clusters.options).toEqual([
        { text: 'prod (ra3.xlplus, 2 nodes)', value: 'prod' },
        { text: 'dev (dc2.large)', value: 'dev' },
      ]);
      expect(received.suggestions[0]).toMatchObject({
        type: 'block_suggestion',
        action_id: 'value',
        block_id: 'cluster',
        value: 'd',
        user: { id: user },
        container: { type: 'view', view_id: wizard.id },
        view: { id: wizard.id, callback_id: 'wizard', private_metadata: 'req-7', type: 'modal' },
      });
      expect(received.suggestions[0].channel).toBeUndefined();

      // option_groups: every group's options, in order (a search box has no room for group labels).
      const databases = await post<SuggestAnswer>('/api/suggest', {
        user,
        actionId: 'value',
        blockId: 'database',
        value: '',
        viewId: wizard.id,
      });
      expect(databases.options).toEqual([
        { text: 'analytics', value: 'prod/analytics' },
        { text: 'billing', value: 'prod/billing' },
        { text: 'analytics (staging)', value: 'staging/analytics' },
      ]);

      const shown = { 'cluster::value': clusters.options, 'database::value': databases.options };
      const picked = { 'cluster::value': ['prod'], 'database::value': ['prod/billing'] };

      // The dispatch_action pick: block_actions from the view, with the form as it stands, and no response_url.
      await post('/api/action', {
        user,
        actionId: 'value',
        blockId: 'database',
        selectedOption: { value: 'prod/billing', text: 'billing' },
        viewId: wizard.id,
        values: valuesFor(wizard, picked, shown),
      });
      expect(received.actions).toHaveLength(1);
      const action = received.actions[0];
      expect(action).toMatchObject({
        type: 'block_actions',
        user: { id: user },
        container: { type: 'view', view_id: wizard.id },
        view: { id: wizard.id, callback_id: 'wizard' },
      });
      expect(action.actions).toEqual([
        {
          type: 'external_select',
          action_id: 'value',
          block_id: 'database',
          selected_option: selected('prod/billing', 'billing'),
          action_ts: expect.any(String),
        },
      ]);
      expect(action.state).toEqual({
        values: {
          cluster: { value: { type: 'external_select', selected_option: selected('prod', 'prod (ra3.xlplus, 2 nodes)') } },
          database: { value: { type: 'external_select', selected_option: selected('prod/billing', 'billing') } },
          reason: { value: { type: 'plain_text_input', value: null } },
        },
      });
      expect(action.response_url).toBeUndefined();

      // response_action errors: the same modal stays open, the error names its field.
      const refused = await submit(user, wizard.id, valuesFor(wizard, { ...picked, 'reason::value': [''] }, shown));
      expect(refused).toEqual({ closed: false, errors: { reason: 'Say why you need access.' } });
      expect((await viewsOf(user)).map((view) => [view.id, view.view.callback_id])).toEqual([[wizard.id, 'wizard']]);

      const submitted = received.submissions[0];
      expect(submitted).toMatchObject({
        type: 'view_submission',
        user: { id: user },
        view: { id: wizard.id, callback_id: 'wizard', private_metadata: 'req-7' },
      });
      expect((submitted.view as JsonMap).state).toEqual({
        values: {
          cluster: { value: { type: 'external_select', selected_option: selected('prod', 'prod (ra3.xlplus, 2 nodes)') } },
          database: { value: { type: 'external_select', selected_option: selected('prod/billing', 'billing') } },
          reason: { value: { type: 'plain_text_input', value: null } },
        },
      });

      // An external select left empty is null, as in Slack.
      await submit(user, wizard.id, valuesFor(wizard, { 'reason::value': [''] }));
      expect(((received.submissions[1].view as JsonMap).state as JsonMap).values).toMatchObject({
        cluster: { value: { type: 'external_select', selected_option: null } },
      });
    });

    test('update replaces the open modal in place; push stacks one on top; its plain ack goes back; clear closes them all', async () => {
      const user = SANDBOX_USERS.approver2;
      await command(user, 'wizard', 'views.open');
      const wizard = await topView(user);
      const hashBefore = wizard.view.hash;

      // update: the same view id now shows the new content, with a new hash so the browser redraws it.
      const updated = await submit(user, wizard.id, valuesFor(wizard, { 'cluster::value': ['prod'], 'reason::value': ['incident 42'] }));
      expect(updated).toEqual({ closed: false });
      const views = await viewsOf(user);
      expect(views.map((view) => view.id)).toEqual([wizard.id]);
      const confirm = views[0];
      expect(confirm.view).toMatchObject({
        id: wizard.id,
        type: 'modal',
        callback_id: 'confirm',
        private_metadata: 'prod',
        title: { text: 'Confirm' },
      });
      expect(typeof confirm.view.hash).toBe('string');
      expect(confirm.view.hash).not.toEqual(hashBefore);
      expect(confirm.view.root_view_id).toBe(wizard.id);

      // push: a second modal on top of the first.
      const pushed = await submit(user, confirm.id, valuesFor(confirm, { 'next::value': ['details'] }));
      expect(pushed).toEqual({ closed: false });
      const stacked = await viewsOf(user);
      expect(stacked.map((view) => view.view.callback_id)).toEqual(['confirm', 'details']);
      const details = stacked[1];
      expect(details.id).not.toBe(wizard.id);
      expect(details.view).toMatchObject({
        id: details.id,
        title: { text: 'Details' },
        root_view_id: wizard.id,
        previous_view_id: wizard.id,
      });
      expect(typeof details.view.hash).toBe('string');

      // The pushed modal's submission tells the app where it sits in the stack, as Slack does.
      const closedTop = await submit(user, details.id, valuesFor(details, { 'ticket::value': ['INC-42'] }));
      expect(closedTop).toEqual({ closed: true });
      const detailsBody = received.submissions.find((body) => (body.view as JsonMap).callback_id === 'details');
      expect(detailsBody?.view).toMatchObject({
        id: details.id,
        root_view_id: wizard.id,
        previous_view_id: wizard.id,
        state: { values: { ticket: { value: { type: 'plain_text_input', value: 'INC-42' } } } },
      });
      // Back to the modal underneath, as it was.
      expect((await viewsOf(user)).map((view) => [view.id, view.view.callback_id])).toEqual([[wizard.id, 'confirm']]);

      // clear from the top of a stack of two: every modal of this person closes.
      await submit(user, wizard.id, valuesFor(confirm, { 'next::value': ['details'] }));
      const again = await viewsOf(user);
      expect(again.map((view) => view.view.callback_id)).toEqual(['confirm', 'details']);
      const cleared = await submit(user, again[1].id, valuesFor(again[1], { 'ticket::value': ['close all'] }));
      expect(cleared).toEqual({ closed: true });
      expect(await viewsOf(user)).toEqual([]);
    });

    test("after an update, the bot's views.update of that view id is what shows", async () => {
      const user = SANDBOX_USERS.analyst;
      await command(user, 'slow', 'views.open');
      const slow = await topView(user);
      const before = lastSeq();
      expect(await submit(user, slow.id, valuesFor(slow, { 'name::value': ['nightly'] }))).toEqual({ closed: false });
      const call = await standIn.waitFor('views.update', (candidate) => candidate.seq > before);
      expect(call.response.ok).toBe(true);
      const shown = await viewsOf(user);
      expect(shown.map((view) => view.id)).toEqual([slow.id]);
      expect(shown[0].view.blocks).toEqual([
        expect.objectContaining({ text: expect.objectContaining({ text: 'Snapshot *nightly* created.' }) }),
      ]);
      await post('/api/close', { user, viewId: slow.id });
      expect(await viewsOf(user)).toEqual([]);
    });
  });
});
