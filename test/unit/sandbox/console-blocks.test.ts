import { blocksToHtml, messageBodyToHtml } from '../../../src/sandbox/console/render/blocks';
import { clockLabel, clockTime, conversationToHtml, durationLabel, visibleMessages } from '../../../src/sandbox/console/render/conversation';
import type { Reader } from '../../../src/sandbox/console/render/reader';
import { sqlAnswerToHtml } from '../../../src/sandbox/console/render/sql-result';
import { confirmToHtml, viewToHtml } from '../../../src/sandbox/console/render/view';
import { viewStateValues } from '../../../src/sandbox/console/render/view-values';
import type { ConsoleMessage, ConsoleState, Directory, JsonMap } from '../../../src/sandbox/console/types';

const directory: Directory = { users: { U0ANALYST: 'alice', U0BOT: 'redshift-chatops' }, usergroups: {}, channels: {} };
const reader: Reader = { directory, timeZone: 'UTC', now: 0 };
const message = (blocks: JsonMap[]) => blocksToHtml(blocks, { reader, surface: 'message', idPrefix: 'm1' });
const plain = (text: string) => ({ type: 'plain_text', text });
const md = (text: string) => ({ type: 'mrkdwn', text });
const expectAll = (html: string, parts: readonly string[]) => parts.forEach((part) => expect(html).toContain(part));

describe('Block Kit as the console shows it', () => {
  test('header, section with fields, context and divider', () => {
    const html = message([
      { type: 'header', text: plain('Status') },
      { type: 'section', text: md('*prod* is available'), fields: [md('*Nodes*\n2'), md('*Type*\nra3.xlplus')] },
      { type: 'context', elements: [md('updated by <@U0ANALYST>'), plain('plain <b>')] },
      { type: 'divider' },
    ]);
    expectAll(html, [
      '<h3 class="block header">Status</h3>',
      '<strong>prod</strong> is available',
      '<div class="fields"><div class="field"><strong>Nodes</strong><br>2</div><div class="field"><strong>Type</strong><br>ra3.xlplus</div></div>',
      '<span class="mention mention-user">@alice</span>',
      'plain &lt;b&gt;',
      '<hr class="block divider">',
    ]);
  });

  test('buttons keep their action, value, style and confirm for the app to send', () => {
    const confirm = {
      title: plain('Pause this cluster?'),
      text: md('Queries *end*'),
      confirm: plain('Pause'),
      deny: plain('Cancel'),
      style: 'danger',
    };
    const html = message([
      {
        type: 'actions',
        block_id: 'decide',
        elements: [
          { type: 'button', action_id: 'approve', text: plain('Approve'), style: 'primary', value: 'r-1' },
          { type: 'button', action_id: 'pause', text: plain('Pause prod'), style: 'danger', value: '{"a":"pause"}', confirm },
          { type: 'button', action_id: 'docs', text: plain('Docs'), url: 'https://example.com' },
        ],
      },
    ]);
    expect(html).toContain('class="btn btn-primary"');
    expect(html).toContain(
      'data-action-id="approve" data-block-id="decide" data-type="button" data-dispatch="true" class="btn btn-primary" data-value="r-1"',
    );
    expect(html).toContain('class="btn btn-danger" data-value="{&quot;a&quot;:&quot;pause&quot;}" data-confirm="{&quot;title&quot;');
    expect(html).toContain('<a class="btn" href="https://example.com" target="_blank" rel="noopener noreferrer">Docs</a>');
  });

  test('a static select in a message sends at once; option groups and the initial option show', () => {
    const html = message([
      {
        type: 'section',
        block_id: 'pick',
        text: md('Defer maintenance'),
        accessory: {
          type: 'static_select',
          action_id: 'defer',
          placeholder: plain('Days'),
          option_groups: [
            {
              label: plain('Soon'),
              options: [
                { text: plain('1 day'), value: '1' },
                { text: plain('7 days'), value: '7' },
              ],
            },
          ],
          initial_option: { text: plain('7 days'), value: '7' },
        },
      },
    ]);
    expect(html).toContain('data-dispatch="true"');
    expect(html).toContain('aria-label="Defer maintenance"');
    expect(html).toContain('<option value="7" selected>7 days</option>');
    expect(html).not.toContain('name=');
  });

  test('a message without blocks shows its text as mrkdwn', () => {
    expect(messageBodyToHtml('*hi*', [], { reader, surface: 'message', idPrefix: 'm' })).toBe(
      '<div class="block text"><strong>hi</strong></div>',
    );
  });

  test('unknown blocks say what they are instead of vanishing', () => {
    expect(message([{ type: 'video' }])).toContain('[video block]');
  });
});

describe('modals', () => {
  const view: JsonMap = {
    type: 'modal',
    title: plain('Request access'),
    submit: plain('Ask approvers'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: 'target',
        label: plain('Where'),
        element: { type: 'static_select', action_id: 'value', options: [{ text: plain('prod'), value: 'prod' }] },
      },
      {
        type: 'input',
        block_id: 'reason',
        optional: true,
        label: plain('Why'),
        hint: plain('A ticket helps.'),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true },
      },
      {
        type: 'input',
        block_id: 'mode',
        label: plain('Mode'),
        element: {
          type: 'radio_buttons',
          action_id: 'value',
          options: [
            { text: plain('Role'), value: 'role' },
            { text: plain('Group'), value: 'group' },
          ],
        },
      },
      {
        type: 'input',
        block_id: 'extras',
        label: plain('Extras'),
        element: {
          type: 'checkboxes',
          action_id: 'value',
          options: [
            { text: plain('End sessions'), value: 'end' },
            { text: plain('Notify'), value: 'notify' },
          ],
        },
      },
    ],
  };

  test('inputs are labelled form fields named block::action; errors sit on their field', () => {
    const html = viewToHtml('V1', view, reader, { target: 'Choose a target.', gone: 'This form is broken.' });
    expectAll(html, [
      '<label class="input-label" for="view-V1-0">Where</label><select id="view-V1-0"',
      'name="target::value"',
      'Why <span class="optional">(optional)</span>',
      '<textarea rows="3"',
      '<div class="block input has-error" data-block="target">',
      'role="alert">Choose a target.</div>',
      // An error for a block the view does not have is still shown.
      'role="alert">This form is broken.</div>',
      '<button type="submit" class="btn btn-primary">Ask approvers</button>',
      'type="radio"',
      'type="checkbox"',
    ]);
  });

  test('form values become view.state.values in Slack shape', () => {
    const values = viewStateValues(view, {
      'target::value': ['prod'],
      'reason::value': [''],
      'mode::value': ['group'],
      'extras::value': ['end', 'notify'],
    });
    expect(values).toEqual({
      target: {
        value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'prod', emoji: true }, value: 'prod' } },
      },
      reason: { value: { type: 'plain_text_input', value: null } },
      mode: {
        value: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text', text: 'Group', emoji: true }, value: 'group' } },
      },
      extras: {
        value: {
          type: 'checkboxes',
          selected_options: [
            { text: { type: 'plain_text', text: 'End sessions', emoji: true }, value: 'end' },
            { text: { type: 'plain_text', text: 'Notify', emoji: true }, value: 'notify' },
          ],
        },
      },
    });
    expect(viewStateValues(view, {}).target).toEqual({ value: { type: 'static_select', selected_option: null } });
  });

  test("a button's confirm dialog: title, mrkdwn text, the safe choice first", () => {
    const html = confirmToHtml(
      {
        title: plain('Pause this cluster?'),
        text: md('Queries on *prod* end'),
        confirm: plain('Pause'),
        deny: plain('Cancel'),
        style: 'danger',
      },
      reader,
    );
    expect(html).toContain('<h2 id="confirm-title">Pause this cluster?</h2>');
    expect(html).toContain('Queries on <strong>prod</strong> end');
    expect(html.indexOf('value="deny"')).toBeLessThan(html.indexOf('value="confirm"'));
    expect(html).toContain('class="btn btn-danger" data-confirm-yes>Pause</button>');
  });
});

describe('conversations', () => {
  const base = (overrides: Partial<ConsoleMessage>): ConsoleMessage => ({
    channel: 'C1',
    ts: '1795000000.000100',
    text: 'x',
    blocks: [],
    edited: false,
    author: 'U0BOT',
    kind: 'bot',
    ...overrides,
  });
  const state = (messages: ConsoleMessage[]): ConsoleState => ({
    now: 0,
    skippedMs: 0,
    botUserId: 'U0BOT',
    users: [],
    channels: [],
    messages,
    views: [],
    directory,
    sqlTargets: [],
    dbUsers: [],
  });

  test('ephemeral messages are shown only to their person', () => {
    const messages = [base({ ts: '1.1', text: 'for all' }), base({ ts: '1.2', text: 'for alice', onlyFor: 'U0ANALYST' })];
    expect(visibleMessages(state(messages), { user: 'U0APPROVER', conversation: 'C1' }).map((m) => m.text)).toEqual(['for all']);
    const html = conversationToHtml(state(messages), { user: 'U0ANALYST', conversation: 'C1' });
    expect(html).toContain('Only visible to you');
    expect(html).toContain('data-ephemeral="true"');
  });

  test('replies sit under their parent; edits are marked', () => {
    const messages = [
      base({ ts: '1.1', text: 'parent', edited: true }),
      base({ ts: '1.3', text: 'other' }),
      base({ ts: '1.2', threadTs: '1.1', text: 'reply' }),
    ];
    const html = conversationToHtml(state(messages), { user: 'U0ANALYST', conversation: 'C1' });
    expect(html.indexOf('parent')).toBeLessThan(html.indexOf('reply'));
    expect(html.indexOf('reply')).toBeLessThan(html.indexOf('other'));
    expect(html).toContain('1 reply');
    expect(html).toContain('(edited)');
  });

  test('an empty conversation says how to start', () => {
    expect(conversationToHtml(state([]), { user: 'U0ANALYST', conversation: 'C1' })).toContain('Nothing here yet');
  });

  test('times and durations in words', () => {
    expect(clockLabel(Date.parse('2026-11-25T10:00:05Z'))).toBe('2026-11-25 10:00:05 UTC');
    expect(durationLabel(5 * 60_000)).toBe('5 minutes');
    expect(durationLabel(3_600_000)).toBe('1 hour');
    expect(durationLabel(5 * 3_600_000)).toBe('5 hours');
    expect(durationLabel(7 * 86_400_000)).toBe('7 days');
    // The plural follows the number shown, after rounding.
    expect(durationLabel(25 * 3_600_000)).toBe('1 day');
    expect(durationLabel(3_600_000 + 60_000)).toBe('1 hour');
    expect(durationLabel(36 * 3_600_000)).toBe('1.5 days');
  });

  test("message times carry the date once they are not from the sandbox clock's today", () => {
    const now = Date.parse('2026-12-05T08:00:00Z');
    expect(clockTime(Date.parse('2026-12-05T07:59:30Z'), now)).toBe('07:59');
    expect(clockTime(Date.parse('2026-12-03T09:03:00Z'), now)).toBe('2026-12-03 09:03');
  });

  test('SQL answers: a table, or the refusal in the database’s words, both escaped', () => {
    expect(sqlAnswerToHtml({ ok: true, command: 'SELECT', columns: ['n'], rows: [['<3>']], rowCount: 1 }, 'alice')).toBe(
      '<p class="sql-ok">As alice: SELECT, 1 row</p><table><thead><tr><th scope="col">n</th></tr></thead><tbody><tr><td>&lt;3&gt;</td></tr></tbody></table>',
    );
    expect(sqlAnswerToHtml({ ok: false, error: 'permission denied for schema pii' }, 'alice')).toBe(
      '<p class="sql-error">As alice: permission denied for schema pii</p>',
    );
  });
});
