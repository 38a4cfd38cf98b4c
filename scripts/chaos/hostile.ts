import { blockActions, slashCommand, viewSubmission, type JsonObject, type SlackHttpResponse } from '../../src/sandbox/slack';
import { APPROVALS, callText, leaksIn, type Harness } from './harness';
import { hostileReasonsAndForms } from './hostile-reasons';
import { FORGED_ACTION_IDS, forgedTokenClicks } from './hostile-tokens';
import { HOSTILE_SEEDS, hostileValues, MRKDWN_MARKERS } from './hostile-values';
import type { Random } from './random';
import { emptyTally, type Tally } from './tally';

const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';

/**
 * One template per typed field of the /redshift grammar, named as its usage line names it; `{v}` is
 * where the hostile value goes. test/e2e/chaos.test.ts checks every argument of every command has one.
 */
export const FIELD_TEMPLATES: ReadonlyArray<{ field: string; template: string; only?: RegExp }> = [
  { field: 'target', template: 'status {v}' },
  { field: 'target', template: 'snapshot create {v}' },
  { field: 'target', template: 'snapshot list {v}' },
  { field: 'target', template: 'pause {v}' },
  { field: 'target', template: 'resume {v}' },
  { field: 'target', template: 'delete {v}' },
  { field: 'target', template: 'restore {v}' },
  { field: 'target', template: 'cost {v}' },
  { field: 'target', template: 'vacuum check {v}' },
  { field: 'target', template: 'backup retention {v} 7' },
  { field: 'role', template: 'access request {v} 1h ticket 1' },
  // Only values that look like a duration: anything else is read as the start of the reason.
  { field: 'duration', template: 'access request analytics_users {v} ticket 1', only: /^[-+]?\d+[a-zA-Z]*$/ },
  { field: 'grant-id', template: 'access revoke {v}' },
  { field: 'retention-days', template: 'snapshot create prod {v}' },
  { field: 'recovery-point', template: 'snapshot keep {v} 7' },
  { field: 'snapshot', template: 'snapshot delete {v}' },
  { field: 'days', template: 'backup retention prod {v}' },
  { field: 'schema.table', template: 'vacuum run prod {v}' },
  { field: 'today|week|month', template: 'cost prod {v}' },
  { field: 'retention-days', template: 'snapshot keep 8f14e45f-ceea-467f-a0e6-2ad9b1f0a0c3 {v}' },
  { field: 'target', template: 'vacuum run {v} analytics.events' },
  { field: 'target', template: 'restore cluster chaos-no-such-snapshot chaos-restored {v}' },
  { field: 'snapshot', template: 'restore cluster {v} chaos-restored prod' },
  { field: 'new-name', template: 'restore cluster chaos-no-such-snapshot {v} prod' },
  { field: 'new-name', template: 'restore cluster chaos-no-such-snapshot {v} lake' },
  { field: 'target', template: 'backup copy {v} us-west-2 7' },
  { field: 'region|off', template: 'backup copy prod {v} 7' },
  { field: 'region|off', template: 'backup copy lake {v}' },
  { field: 'days', template: 'backup copy prod us-west-2 {v}' },
  // CreateSnapshotCopyConfiguration's reference gives snapshotRetentionPeriod no range: any whole number of days is valid there.
  { field: 'days', template: 'backup copy lake us-west-2 {v}', only: /^(?![1-9]\d*$)/ },
  { field: 'target', template: 'grants check {v}' },
  { field: 'target', template: 'grants apply {v}' },
  { field: 'target', template: 'grants baseline {v}' },
  { field: 'schema[.table]', template: 'who {v} prod' },
  { field: 'target', template: 'who pii {v}' },
  { field: 'target', template: 'doctor {v}' },
];

/** Commands that open a modal; each modal's fields get hostile values one at a time. */
const MODAL_OPENERS = [
  'access request pii_users',
  'snapshot create',
  'backup retention 7',
  'pause',
  'delete prod',
  'access revoke',
  'vacuum run prod',
  'restore prod',
  'backup copy us-west-2 7',
];

/** Every button and select the bot listens to, clicked with forged values. */
const ACTION_IDS = [
  'approval_approve',
  'approval_deny',
  'approval_break_glass',
  'access_done',
  'access_role',
  'vacuum_run',
  'vacuum_snooze',
  'restore_swap',
  'restore_target',
  'snapshot_list_more',
  'snapshot_delete_confirm',
  'snapshot_delete_cancel',
  'lifecycle_confirm',
  'lifecycle_defer',
  'cost_pause',
  'cost_usage_limit',
  'restore_cluster_confirm',
  'restore_cluster_cancel',
];

/** Fields whose text is the person's own words: any text is valid there, so only how it is shown is judged. */
const FREE_TEXT = new Set(['reason']);

/** Valid values for modal text fields, so one hostile field at a time is what decides. */
const VALID_TEXT: Record<string, string | null> = {
  reason: 'ticket 1',
  database: 'dev',
  schema: 'analytics',
  table: 'events',
  retention: '7',
  new_table: null,
  target_schema: null,
};

/**
 * Generated hostile inputs through every typed field of the grammar, every modal the commands open
 * and every button value the bot accepts. Each must be answered and change nothing; no answer may
 * show a secret or the hostile mrkdwn raw.
 */
export async function hostileArea(h: Harness, random: Random, total: number): Promise<Tally> {
  const tally = emptyTally('hostile inputs');
  // First, while Alice has no open request yet (the per-person limit would refuse the one it needs).
  await hostileReasonsAndForms(h, random, tally, Math.max(20, Math.floor(total * 0.04)));
  const values = hostileValues(random, Math.max(total, 200));
  // Every template gets every hand-picked seed (`-1`, `07`, `<!channel>`…) at least once, however small the run.
  const commandShare = Math.max(Math.floor(total * 0.7), FIELD_TEMPLATES.length * HOSTILE_SEEDS.length);
  for (let i = 0; i < commandShare; i += 1) {
    const { field, template, only } = FIELD_TEMPLATES[i % FIELD_TEMPLATES.length];
    const pool = only ? values.filter((v) => only.test(v)) : values;
    const value = pool[Math.floor(i / FIELD_TEMPLATES.length) % pool.length];
    const text = template.replace('{v}', value);
    await judge(h, tally, `${field}: /redshift ${short(text)}`, () =>
      h.requester.send(slashCommand({ text, userId: ALICE, responseUrl: h.slack.newResponseUrl({ userId: ALICE }) })),
    );
  }
  const modalShare = Math.floor(total * 0.2);
  let sent = 0;
  const modals = new Set<string>();
  for (let round = 0; sent < modalShare && round < 50; round += 1) {
    for (const opener of MODAL_OPENERS) {
      const view = await openModal(h, opener);
      if (!view) continue;
      modals.add(String(view.callback_id));
      for (const block of inputBlocks(view)) {
        const value = values[(sent * 7 + round) % values.length];
        await judge(
          h,
          tally,
          `modal ${String(view.callback_id)} field ${block.blockId}: ${short(value)}`,
          () =>
            h.requester.send(
              viewSubmission({ userId: ALICE, callbackId: String(view.callback_id), view, values: formValues(view, block.blockId, value) }),
            ),
          FREE_TEXT.has(block.blockId),
          true,
        );
        sent += 1;
      }
    }
  }
  tally.notes.push(
    `${commandShare} commands through ${FIELD_TEMPLATES.length} typed arguments (${new Set(FIELD_TEMPLATES.map((t) => t.field)).size} kinds); ${sent} modal submissions (${[...modals].sort().join(', ') || 'none opened'})`,
  );
  const actionShare = Math.max(Math.floor(total * 0.1), total - commandShare - sent);
  const message = { ts: '1700000000.000100', channel: APPROVALS, text: 'forged', blocks: [] };
  tally.notes.push(`${actionShare} button clicks with forged values over ${ACTION_IDS.length} action ids`);
  for (let i = 0; i < actionShare; i += 1) {
    const actionId = ACTION_IDS[i % ACTION_IDS.length];
    const value = values[(i * 13) % values.length];
    await judge(h, tally, `button ${actionId}: ${short(value)}`, () =>
      h.requester.send(
        blockActions({ userId: BOB, actionId, value, message, channelId: APPROVALS, responseUrl: h.slack.newResponseUrl({ userId: BOB }) }),
      ),
    );
  }
  // Buttons whose value is the bot's own JSON token: one field forged at a time, the others valid.
  const forged = forgedTokenClicks(h, values, Math.max(60, Math.floor(total * 0.02)));
  for (const click of forged) await judge(h, tally, click.name, click.send);
  tally.notes.push(`${forged.length} clicks with one field of a JSON token forged (${FORGED_ACTION_IDS.join(', ')})`);
  return tally;
}

async function judge(
  h: Harness,
  tally: Tally,
  name: string,
  send: () => Promise<SlackHttpResponse>,
  freeText = false,
  modal = false,
): Promise<void> {
  const mark = h.mark();
  const response = await send();
  await h.settle();
  tally.tried += 1;
  const changes = h.changesSince(mark);
  const changed = [...changes.awsCalls, ...changes.statements, ...(changes.approvalsPosts > 0 ? ['an approvals post'] : [])];
  if (freeText) {
    // Valid input: it may open a request; counted as neither refused nor unexpected.
  } else if (changed.length > 0) {
    tally.executed += 1;
    tally.findings.push(`${name} → ${changed.slice(0, 3).join('; ').slice(0, 160)}`);
  } else if (response.status === 200) {
    tally.refused += 1;
  } else {
    tally.findings.push(`${name} → HTTP ${response.status} (not answered)`);
  }
  // A modal's answer (field errors) is plain text, never mrkdwn: only secrets count there.
  const answerMarkers = modal ? [] : MRKDWN_MARKERS;
  const leaks = [
    ...leaksIn([response.text], answerMarkers).map((leak) => `${leak} in the HTTP answer`),
    ...h
      .requesterVisibleSince(mark)
      .flatMap((call) => leaksIn([callText(call)], MRKDWN_MARKERS).map((leak) => `${leak} in ${call.method}`)),
  ];
  if (leaks.length > 0) {
    tally.leaked += 1;
    tally.findings.push(`${name} → leaked ${[...new Set(leaks)].join(', ')}`);
  }
}

async function openModal(h: Harness, opener: string): Promise<JsonObject | undefined> {
  const before = h.slack.views.all().length;
  await h.requester.send(slashCommand({ text: opener, userId: ALICE, responseUrl: h.slack.newResponseUrl({ userId: ALICE }) }));
  await h.settle();
  const views = h.slack.views.all();
  return views.length > before ? (views[views.length - 1] as JsonObject) : undefined;
}

interface InputBlock {
  blockId: string;
  actionId: string;
  element: JsonObject;
}

function inputBlocks(view: JsonObject): InputBlock[] {
  const blocks = Array.isArray(view.blocks) ? (view.blocks as JsonObject[]) : [];
  return blocks.flatMap((block) => {
    const element = block.element as JsonObject | undefined;
    if (block.type !== 'input' || !element || typeof block.block_id !== 'string') return [];
    return [{ blockId: block.block_id, actionId: String(element.action_id ?? 'value'), element }];
  });
}

/** The modal's state with `hostileBlock` set to `value` and every other field valid (its initial or first option). */
function formValues(view: JsonObject, hostileBlock: string, value: string): Record<string, Record<string, JsonObject>> {
  const values: Record<string, Record<string, JsonObject>> = {};
  for (const block of inputBlocks(view)) {
    const type = String(block.element.type);
    const hostile = block.blockId === hostileBlock;
    const entry: JsonObject = { type };
    if (type === 'plain_text_input') {
      entry.value = hostile
        ? value
        : typeof block.element.initial_value === 'string'
          ? block.element.initial_value
          : (VALID_TEXT[block.blockId] ?? value);
    } else if (type.endsWith('select')) {
      const options = Array.isArray(block.element.options) ? (block.element.options as JsonObject[]) : [];
      const valid = (block.element.initial_option as JsonObject | undefined) ?? options[0];
      entry.selected_option = hostile || !valid ? { text: { type: 'plain_text', text: 'x' }, value } : valid;
    } else if (type === 'checkboxes') {
      entry.selected_options = hostile ? [{ text: { type: 'plain_text', text: 'x' }, value }] : [];
    } else {
      entry.value = value;
    }
    values[block.blockId] = { [block.actionId]: entry };
  }
  return values;
}

function short(text: string): string {
  const shown = JSON.stringify(text);
  return shown.length > 70 ? `${shown.slice(0, 67)}…"` : shown;
}
