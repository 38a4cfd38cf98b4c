import type { App } from '@slack/bolt';
import type { types as blockKit } from '@slack/bolt';
import type { JsonMap } from '../../../src/sandbox/console/types';

/**
 * The Bolt app the console is tested against (console-interactions.test.ts): messages and modals
 * with external selects, and view submissions answered with each response_action.
 */

export const secret = 'console-interactions-secret';
const plain = (text: string): blockKit.PlainTextElement => ({ type: 'plain_text', text });
const option = (value: string, text: string): blockKit.PlainTextOption => ({ text: plain(text), value });
/** An option as Slack sends a picked one back. */
export const selected = (value: string, text: string) => ({ text: { type: 'plain_text', text, emoji: true }, value });

const CLUSTERS = [option('prod', 'prod (ra3.xlplus, 2 nodes)'), option('staging', 'staging (serverless)'), option('dev', 'dev (dc2.large)')];
const DATABASES: blockKit.OptionGroup[] = [
  { label: plain('prod'), options: [option('prod/analytics', 'analytics'), option('prod/billing', 'billing')] },
  { label: plain('staging'), options: [option('staging/analytics', 'analytics (staging)')] },
];

const PICK_MESSAGE: blockKit.KnownBlock[] = [
  {
    type: 'section',
    block_id: 'target',
    text: { type: 'mrkdwn', text: 'Which cluster?' },
    accessory: { type: 'external_select', action_id: 'cluster', placeholder: plain('Search clusters'), min_query_length: 2 },
  },
];

const WIZARD: blockKit.ModalView = {
  type: 'modal',
  callback_id: 'wizard',
  private_metadata: 'req-7',
  title: plain('Request access'),
  submit: plain('Next'),
  blocks: [
    { type: 'input', block_id: 'cluster', label: plain('Cluster'), element: { type: 'external_select', action_id: 'value', min_query_length: 1 } },
    // dispatch_action: picking a database also tells the app at once (block_actions), as well as on submit.
    { type: 'input', block_id: 'database', dispatch_action: true, label: plain('Database'), element: { type: 'external_select', action_id: 'value', min_query_length: 0 } },
    { type: 'input', block_id: 'reason', label: plain('Reason'), element: { type: 'plain_text_input', action_id: 'value' } },
  ],
};

const confirmView = (cluster: string): blockKit.ModalView => ({
  type: 'modal',
  callback_id: 'confirm',
  private_metadata: cluster,
  title: plain('Confirm'),
  submit: plain('Send'),
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: `Access to *${cluster}*` } },
    {
      type: 'input',
      block_id: 'next',
      label: plain('Then'),
      element: { type: 'static_select', action_id: 'value', options: [option('details', 'Add details'), option('send', 'Send now')] },
    },
  ],
});

const DETAILS: blockKit.ModalView = {
  type: 'modal',
  callback_id: 'details',
  title: plain('Details'),
  submit: plain('Save'),
  blocks: [{ type: 'input', block_id: 'ticket', label: plain('Ticket'), element: { type: 'plain_text_input', action_id: 'value' } }],
};

const SLOW: blockKit.ModalView = {
  type: 'modal',
  callback_id: 'slow',
  title: plain('Snapshot'),
  submit: plain('Create'),
  blocks: [{ type: 'input', block_id: 'name', label: plain('Name'), element: { type: 'plain_text_input', action_id: 'value' } }],
};

const progress = (title: string, text: string): blockKit.ModalView => ({
  type: 'modal',
  title: plain(title),
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
});

/** What the app received, as plain JSON (the payloads Bolt handed to the listeners). */
export interface Received {
  suggestions: JsonMap[];
  actions: JsonMap[];
  submissions: JsonMap[];
}

const asJson = (value: unknown): JsonMap => JSON.parse(JSON.stringify(value)) as JsonMap;

/** The listeners of the test app: a slash command that opens each surface, and what each interaction answers. */
export function wire(app: App, received: Received): void {
  app.command('/redshift', async ({ ack, body, client, respond }) => {
    await ack();
    if (body.text === 'pick') await client.chat.postMessage({ channel: body.channel_id, text: 'Which cluster?', blocks: PICK_MESSAGE });
    if (body.text === 'pick quietly') await respond({ response_type: 'ephemeral', text: 'Which cluster?', blocks: PICK_MESSAGE });
    if (body.text === 'wizard') await client.views.open({ trigger_id: body.trigger_id, view: WIZARD });
    if (body.text === 'slow') await client.views.open({ trigger_id: body.trigger_id, view: SLOW });
  });

  // Slack's two answer shapes: a flat `options` list, and `option_groups`.
  app.options<'block_suggestion'>({ type: 'block_suggestion', action_id: 'cluster' }, async ({ ack, body }) => {
    received.suggestions.push(asJson(body));
    await ack({ options: CLUSTERS.filter((candidate) => candidate.value?.includes(body.value) === true) });
  });
  app.options<'block_suggestion'>({ type: 'block_suggestion', block_id: 'cluster', action_id: 'value' }, async ({ ack, body }) => {
    received.suggestions.push(asJson(body));
    await ack({ options: CLUSTERS.filter((candidate) => candidate.value?.includes(body.value) === true) });
  });
  app.options<'block_suggestion'>({ type: 'block_suggestion', block_id: 'database', action_id: 'value' }, async ({ ack, body }) => {
    received.suggestions.push(asJson(body));
    await ack({ option_groups: DATABASES });
  });

  app.action({ type: 'block_actions', action_id: 'cluster' }, async ({ ack, body, action, respond }) => {
    received.actions.push(asJson(body));
    await ack();
    const picked = action.type === 'external_select' ? action.selected_option : undefined;
    await respond({ replace_original: true, text: `Cluster: ${picked?.text.text ?? 'none'} [${picked?.value ?? ''}]` });
  });

  app.action({ type: 'block_actions', block_id: 'database', action_id: 'value' }, async ({ ack, body }) => {
    received.actions.push(asJson(body));
    await ack();
  });

  app.view('wizard', async ({ ack, body, view }) => {
    received.submissions.push(asJson(body));
    const reason = view.state.values.reason?.value?.value ?? '';
    if (reason.trim() === '') {
      await ack({ response_action: 'errors', errors: { reason: 'Say why you need access.' } });
      return;
    }
    const cluster = view.state.values.cluster?.value?.selected_option?.value ?? 'none';
    await ack({ response_action: 'update', view: confirmView(cluster) });
  });
  app.view('confirm', async ({ ack, body, view }) => {
    received.submissions.push(asJson(body));
    const next = view.state.values.next?.value?.selected_option?.value;
    if (next === 'details') await ack({ response_action: 'push', view: DETAILS });
    else await ack({ response_action: 'clear' });
  });
  app.view('details', async ({ ack, body, view }) => {
    received.submissions.push(asJson(body));
    if (view.state.values.ticket?.value?.value === 'close all') await ack({ response_action: 'clear' });
    else await ack();
  });
  // A common pattern: answer at once with a "working" view, then views.update it by its id when done.
  app.view('slow', async ({ ack, body, client }) => {
    received.submissions.push(asJson(body));
    await ack({ response_action: 'update', view: progress('Snapshot', 'Creating…') });
    await client.views.update({ view_id: body.view.id, view: progress('Snapshot', 'Snapshot *nightly* created.') });
  });
}
