import type { types } from '@slack/bolt';
import { MAX_IDENTIFIER_BYTES } from '../../redshift/sql';
import type { SnapshotInfo } from '../../redshift/warehouse';
import { codeSpan } from '../../slack-text';
import { modalView } from '../shared/modal';
import { formatTime } from '../shared/figures';
import {
  FIELD_ACTION,
  RESTORE_MODAL,
  RESTORE_TARGET_ACTION,
  sourceValue,
  type FormMetadata,
  type RestoreAsk,
  type RestoreDraft,
  type RestoreField,
} from './restore-form';
import { targetPicker } from './snapshot-blocks';

/**
 * The views of the restore modal, pure: loading, choose a target, the form (fresh, or filled again
 * with what was typed and the problems the live checks found), "checking", and the outcome.
 * Every view keeps the callback id and metadata, so the modal stays the same restore form throughout.
 */

/** What was typed and what the live checks found wrong with it, field by field. */
export interface FormProblems {
  draft: RestoreDraft;
  problems: Partial<Record<RestoreField, string>>;
}

/** The block under a field that shows its problem (views.update cannot set field errors). */
export const problemBlockId = (field: RestoreField): string => `${field}_problem`;

const option = (text: string, value: string): types.PlainTextOption => ({ text: { type: 'plain_text', text: text.slice(0, 75) }, value });

function sourceOption(snapshot: SnapshotInfo): types.PlainTextOption {
  const kind = snapshot.kind === 'recovery-point' ? 'recovery point' : snapshot.kind;
  const when = snapshot.createdAt ? formatTime(snapshot.createdAt) : 'time unknown';
  const label = snapshot.kind === 'recovery-point' ? `${when} · ${kind}` : `${snapshot.id} · ${kind} · ${when}`;
  return option(label, sourceValue({ kind: snapshot.kind === 'recovery-point' ? 'recovery-point' : 'snapshot', id: snapshot.id }));
}

function shell(metadata: FormMetadata, blocks: types.KnownBlock[], submit?: string): types.ModalView {
  return modalView({ callbackId: RESTORE_MODAL, metadata, title: 'Restore a table', blocks, submit });
}

const note = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** What opens at once (no AWS call on the ack path): a picker when no target is named, else "loading". */
export function loadingView(metadata: FormMetadata, targets: readonly string[]): types.ModalView {
  if (metadata.target) return shell(metadata, [note(`:hourglass_flowing_sand: Loading the snapshots of *${metadata.target}*…`)]);
  return shell(metadata, [
    {
      type: 'input',
      block_id: 'target',
      dispatch_action: true,
      label: { type: 'plain_text', text: 'Restore into' },
      element: { ...targetPicker(targets, RESTORE_TARGET_ACTION), placeholder: { type: 'plain_text', text: 'Choose a target' } },
    },
  ]);
}

/** A modal with one note and no submit button: no sources, a refusal, or how the request went. */
export function noticeView(metadata: FormMetadata, why: string): types.ModalView {
  return shell(metadata, [note(why)]);
}

/** Shown from the submission's ack until the live checks answer (a Serverless workgroup may take a while to wake). */
export function checkingView(metadata: FormMetadata, ask: RestoreAsk): types.ModalView {
  const source = `${ask.source.kind === 'recovery-point' ? 'recovery point' : 'snapshot'} ${codeSpan(ask.source.id)}`;
  const table = codeSpan(`${ask.sourceSchema}.${ask.sourceTable}`);
  return noticeView(metadata, `:hourglass_flowing_sand: Checking ${source} and ${table} in ${codeSpan(ask.sourceDatabase)}…`);
}

const text = (
  blockId: RestoreField,
  label: string,
  options: { optional?: boolean; initial?: string; hint?: string; placeholder?: string } = {},
): types.InputBlock => ({
  type: 'input',
  block_id: blockId,
  optional: options.optional ?? false,
  label: { type: 'plain_text', text: label },
  ...(options.hint ? { hint: { type: 'plain_text', text: options.hint } } : {}),
  element: {
    type: 'plain_text_input',
    action_id: FIELD_ACTION,
    max_length: MAX_IDENTIFIER_BYTES,
    ...(options.initial ? { initial_value: options.initial } : {}),
    ...(options.placeholder ? { placeholder: { type: 'plain_text', text: options.placeholder } } : {}),
  },
});

/** The field's problem as plain text under it: plain_text, so typed names in it need no escaping. */
function problemUnder(field: RestoreField, filled: FormProblems | undefined): types.ContextBlock[] {
  const problem = filled?.problems[field];
  return problem
    ? [
        {
          type: 'context',
          block_id: problemBlockId(field),
          elements: [{ type: 'plain_text', text: `⚠ ${problem}`.slice(0, 2000), emoji: true }],
        },
      ]
    : [];
}

/**
 * The form, its source list filled from the live snapshots (and recovery points) of the target.
 * Filled again after the live checks refused it: what was typed stays, the chosen source is selected
 * while it is still listed, and each problem shows under its field.
 */
export function restoreFormView(
  metadata: FormMetadata & { target: string },
  sources: readonly SnapshotInfo[],
  database: string,
  today: Date,
  filled?: FormProblems,
): types.ModalView {
  const options = sources.map(sourceOption);
  const chosen = filled ? options.find((o) => o.value === filled.draft.source) : options[0];
  const typed = filled?.draft;
  const head = filled
    ? `:warning: *Nothing was asked yet:* AWS says ${Object.keys(filled.problems).length === 1 ? 'one thing is' : 'some things are'} wrong (marked below). Fix and submit again.`
    : `Restores one table of *${metadata.target}* into a *new* table (AWS never overwrites one). Approvers decide first.`;
  return shell(
    metadata,
    [
      note(head),
      {
        type: 'input',
        block_id: 'source',
        label: { type: 'plain_text', text: 'From' },
        element: { type: 'static_select', action_id: FIELD_ACTION, options, ...(chosen ? { initial_option: chosen } : {}) },
      },
      ...problemUnder('source', filled),
      text('database', 'Source database', { initial: typed ? typed.database : database }),
      ...problemUnder('database', filled),
      text('schema', 'Source schema', { placeholder: 'analytics', initial: typed?.schema }),
      ...problemUnder('schema', filled),
      text('table', 'Source table', { placeholder: 'daily_revenue', initial: typed?.table }),
      ...problemUnder('table', filled),
      text('new_table', 'New table name', {
        optional: true,
        initial: typed?.newTable,
        hint: `Empty: <table>_restored_${today.toISOString().slice(0, 10).replace(/-/g, '')}. It must not exist yet.`,
      }),
      ...problemUnder('new_table', filled),
      text('target_schema', 'Target schema', { optional: true, initial: typed?.targetSchema, hint: 'Empty: the source schema.' }),
      ...problemUnder('target_schema', filled),
    ],
    'Ask approvers',
  );
}
