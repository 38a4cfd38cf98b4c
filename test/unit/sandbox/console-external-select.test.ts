import { blockSuggestion } from '../../../src/sandbox/console/block-suggestion';
import { blocksToHtml } from '../../../src/sandbox/console/render/blocks';
import type { Reader } from '../../../src/sandbox/console/render/reader';
import { viewToHtml } from '../../../src/sandbox/console/render/view';
import { viewStateValues } from '../../../src/sandbox/console/render/view-values';
import type { Directory, JsonMap } from '../../../src/sandbox/console/types';

/**
 * External selects (options from the app, through block_suggestion) as the console draws them, the
 * view.state.values it builds for them, and the block_suggestion payload it sends.
 */

const directory: Directory = { users: {}, usergroups: {}, channels: {} };
const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string, text: string) => ({ text: plain(text), value });
const reader: Reader = { directory, timeZone: 'UTC', now: 0 };
const message = (blocks: JsonMap[]) => blocksToHtml(blocks, { reader, surface: 'message', idPrefix: 'm1' });
const selected = (value: string, text: string) => ({ text: { type: 'plain_text', text, emoji: true }, value });

describe('an external select in a message', () => {
  test('is a search box that sends at once, asking from 3 typed characters as Slack does by default', () => {
    const html = message([
      {
        type: 'section',
        block_id: 'target',
        text: { type: 'mrkdwn', text: 'Which cluster?' },
        accessory: { type: 'external_select', action_id: 'cluster', placeholder: plain('Search clusters') },
      },
    ]);
    expect(html).toContain(
      '<input type="text" autocomplete="off" id="m1-0" data-action-id="cluster" data-block-id="target" data-type="external_select" data-dispatch="true"' +
        ' class="select external" list="m1-0-options" placeholder="Search clusters" aria-label="Which cluster?" data-min-query="3">' +
        '<datalist id="m1-0-options"></datalist>',
    );
    // A message's select is not a form field: using it is the action.
    expect(html).not.toContain('name=');
  });

  test('min_query_length is kept (0 asks on any input); each select in an actions block has its own list', () => {
    const html = message([
      {
        type: 'actions',
        block_id: 'pick',
        elements: [
          { type: 'external_select', action_id: 'cluster', min_query_length: 0 },
          { type: 'external_select', action_id: 'database', min_query_length: 5, placeholder: plain('<db> & schema') },
        ],
      },
    ]);
    expect(html).toContain('id="m1-0" data-action-id="cluster" data-block-id="pick"');
    expect(html).toContain('list="m1-0-options" placeholder="Type to search…" aria-label="Type to search…" data-min-query="0">');
    expect(html).toContain('id="m1-1" data-action-id="database" data-block-id="pick"');
    expect(html).toContain(
      'list="m1-1-options" placeholder="&lt;db&gt; &amp; schema" aria-label="&lt;db&gt; &amp; schema" data-min-query="5">',
    );
    expect(html.match(/<datalist id="m1-[01]-options"><\/datalist>/g)).toHaveLength(2);
  });

  test('the initial option shows as the value, and the list already knows its text', () => {
    const html = message([
      {
        type: 'actions',
        block_id: 'pick',
        elements: [{ type: 'external_select', action_id: 'cluster', initial_option: option('prod', 'prod (ra3 "xl")') }],
      },
    ]);
    expect(html).toContain(' value="prod" data-min-query="3">');
    expect(html).toContain('<datalist id="m1-0-options"><option value="prod" label="prod (ra3 &quot;xl&quot;)"></option></datalist>');
  });
});

describe('an external select in a modal', () => {
  const view: JsonMap = {
    type: 'modal',
    title: plain('Request access'),
    submit: plain('Next'),
    blocks: [
      {
        type: 'input',
        block_id: 'cluster',
        label: plain('Cluster'),
        element: { type: 'external_select', action_id: 'value', min_query_length: 1 },
      },
      {
        type: 'input',
        block_id: 'database',
        dispatch_action: true,
        optional: true,
        label: plain('Database'),
        element: { type: 'external_select', action_id: 'value', initial_option: option('prod/analytics', 'analytics') },
      },
      {
        type: 'input',
        block_id: 'schemas',
        label: plain('Schemas'),
        element: { type: 'multi_external_select', action_id: 'value', initial_options: [option('public', 'public (default)')] },
      },
    ],
  };

  test('is a labelled form field named block::action; it sends at once only with dispatch_action; errors sit on it', () => {
    const html = viewToHtml('V1', view, reader, { cluster: 'Pick a cluster.' });
    expect(html).toContain(
      '<div class="block input has-error" data-block="cluster"><label class="input-label" for="view-V1-0">Cluster</label>' +
        '<input type="text" autocomplete="off" id="view-V1-0" data-action-id="value" data-block-id="cluster" data-type="external_select" name="cluster::value"' +
        ' class="select external" list="view-V1-0-options" placeholder="Type to search…" aria-label="Cluster" data-min-query="1"><datalist id="view-V1-0-options"></datalist>' +
        '<div class="field-error" id="view-V1-0-error" role="alert">Pick a cluster.</div></div>',
    );
    expect(html).toContain('data-block-id="database" data-type="external_select" data-dispatch="true" name="database::value"');
    expect(html).toContain('Database <span class="optional">(optional)</span>');
  });

  test("a submission carries the picked option with the text the app's search gave it, as Slack does", () => {
    const shown = {
      'cluster::value': [
        { text: 'prod (ra3.xlplus, 2 nodes)', value: 'prod' },
        { text: 'dev', value: 'dev' },
      ],
      'schemas::value': [{ text: 'billing (finance)', value: 'billing' }],
    };
    const values = viewStateValues(
      view,
      { 'cluster::value': ['prod'], 'database::value': ['prod/analytics'], 'schemas::value': ['public', 'billing'] },
      shown,
    );
    expect(values).toEqual({
      cluster: { value: { type: 'external_select', selected_option: selected('prod', 'prod (ra3.xlplus, 2 nodes)') } },
      // Left as it was drawn: the initial option, with its own text.
      database: { value: { type: 'external_select', selected_option: selected('prod/analytics', 'analytics') } },
      schemas: {
        value: {
          type: 'multi_external_select',
          selected_options: [selected('public', 'public (default)'), selected('billing', 'billing (finance)')],
        },
      },
    });
  });

  test('nothing picked is null (an empty list for a multi select); a value no search listed keeps the value as its text', () => {
    expect(viewStateValues(view, { 'cluster::value': [''], 'database::value': [''] })).toEqual({
      cluster: { value: { type: 'external_select', selected_option: null } },
      database: { value: { type: 'external_select', selected_option: null } },
      schemas: { value: { type: 'multi_external_select', selected_options: [] } },
    });
    expect(viewStateValues(view, { 'cluster::value': ['qa'] }).cluster).toEqual({
      value: { type: 'external_select', selected_option: selected('qa', 'qa') },
    });
  });
});

describe('the block_suggestion payload', () => {
  test('from a message: the container names the message and channel; form-encoded as payload=JSON', () => {
    const payload = blockSuggestion({
      userId: 'U0ANALYST',
      actionId: 'cluster',
      blockId: 'target',
      value: 'pro',
      channelId: 'C0GENERAL',
      messageTs: '1795000000.000100',
    });
    expect(payload.contentType).toBe('application/x-www-form-urlencoded');
    const body = new URLSearchParams(payload.body);
    expect([...body.keys()]).toEqual(['payload']);
    expect(JSON.parse(body.get('payload') ?? '')).toEqual(payload.data);
    expect(payload.data).toMatchObject({
      type: 'block_suggestion',
      user: { id: 'U0ANALYST', name: 'alice', team_id: 'T0CHATOPS' },
      team: { id: 'T0CHATOPS' },
      action_id: 'cluster',
      block_id: 'target',
      value: 'pro',
      channel: { id: 'C0GENERAL' },
      container: { type: 'message', message_ts: '1795000000.000100', channel_id: 'C0GENERAL', is_ephemeral: false },
    });
    expect(payload.data.view).toBeUndefined();
    expect(
      blockSuggestion({
        userId: 'U0ANALYST',
        actionId: 'a',
        blockId: 'b',
        value: '',
        channelId: 'C0GENERAL',
        messageTs: '1.2',
        ephemeral: true,
      }).data.container,
    ).toMatchObject({ is_ephemeral: true });
  });

  test('from a modal: the container names the view, which comes along; no channel', () => {
    const view = { id: 'V00000001', type: 'modal', callback_id: 'wizard', blocks: [] };
    const { data } = blockSuggestion({ userId: 'U0ADMIN', actionId: 'value', blockId: 'cluster', value: 'd', view });
    expect(data).toMatchObject({ container: { type: 'view', view_id: 'V00000001' }, view });
    expect(data.channel).toBeUndefined();
  });
});
