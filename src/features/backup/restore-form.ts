// zod/mini: the form is read on the ack path of a view submission (Lambda's `slack` function).
import type { types } from '@slack/bolt';
import * as z from 'zod/mini';
import type { RestoreSource } from '../../redshift/restore';
import { InvalidIdentifierError, MAX_IDENTIFIER_BYTES, normalizeIdentifier, type IdentifierKind } from '../../redshift/sql';
import type { SnapshotInfo } from '../../redshift/warehouse';
import { safeJson } from '../shared/json';
import { modalView } from '../shared/modal';
import { formatTime } from '../status/status-blocks';
import { targetPicker } from './snapshot-blocks';

/**
 * The restore form, pure: the views it shows (loading, choose a target, the form itself), reading
 * what was submitted, and the checks that need no AWS call. restore-checks.ts adds the live ones.
 */
export const RESTORE_MODAL = 'restore_table';
/** The target picker (several targets, none named) dispatches on change. */
export const RESTORE_TARGET_ACTION = 'restore_target';
const VALUE = 'value';
/** Serverless keeps recovery points 24 hours; older ones cannot be restored from. */
export const RECOVERY_POINT_WINDOW_MS = 24 * 3_600_000;
/** Slack's limits: options in one static select, and characters in an option's value. */
const MAX_OPTIONS = 100;
const MAX_OPTION_VALUE = 150;

export type RestoreField = 'source' | 'database' | 'schema' | 'table' | 'new_table' | 'target_schema';

/**
 * What the form carries back: the token of where it was opened (shared/form-origin; the bot keeps the
 * channel itself, so a forged submission cannot say where the restore is announced) and the target.
 */
export interface FormMetadata {
  origin: string;
  target?: string;
}

/** What the user submitted, nothing trusted yet. */
export interface RestoreDraft {
  source?: string;
  database?: string;
  schema?: string;
  table?: string;
  newTable?: string;
  targetSchema?: string;
}

/** A checked request: names validated and folded as Redshift stores them. */
export interface RestoreAsk {
  source: RestoreSource;
  sourceDatabase: string;
  sourceSchema: string;
  sourceTable: string;
  newTable: string;
  targetSchema: string;
}

export type FormCheck = { ok: true; ask: RestoreAsk } | { ok: false; errors: Partial<Record<RestoreField, string>> };

const option = (text: string, value: string): types.PlainTextOption => ({ text: { type: 'plain_text', text: text.slice(0, 75) }, value });

/** `orders_restored_20261125`: the default new name, cut so it stays a valid identifier. */
export function defaultNewTable(table: string, at: Date): string {
  const suffix = `_restored_${at.toISOString().slice(0, 10).replace(/-/g, '')}`;
  let base = table;
  while (Buffer.byteLength(base + suffix, 'utf8') > MAX_IDENTIFIER_BYTES) base = base.slice(0, -1);
  return base + suffix;
}

/** `snapshot:<id>` or `recovery-point:<id>`: the option value, read back on submission. */
export function sourceValue(source: RestoreSource): string {
  return `${source.kind}:${source.id}`;
}

export const sourceSchema = z.union([
  z.object({ kind: z.literal('snapshot'), id: z.string().check(z.minLength(1), z.maxLength(255)) }),
  z.object({ kind: z.literal('recovery-point'), id: z.string().check(z.regex(/^[0-9a-f-]{36}$/)) }),
]);

export function parseSourceValue(value: string | undefined): RestoreSource | undefined {
  const at = (value ?? '').indexOf(':');
  if (at < 0) return undefined;
  const parsed = sourceSchema.safeParse({ kind: value?.slice(0, at), id: value?.slice(at + 1) });
  return parsed.success ? parsed.data : undefined;
}

/** The sources a restore may read: available snapshots, and recovery points of the last 24 hours. */
export function restorableSources(snapshots: readonly SnapshotInfo[], now: number): SnapshotInfo[] {
  return snapshots
    .filter((s) => s.status === 'available')
    .filter((s) => s.kind !== 'recovery-point' || (s.createdAt !== undefined && now - s.createdAt.getTime() <= RECOVERY_POINT_WINDOW_MS))
    // A name too long for an option's value could not be sent back; such names are rare (AWS allows 255).
    .filter((s) => sourceValue({ kind: 'snapshot', id: s.id }).length <= MAX_OPTION_VALUE)
    .slice(0, MAX_OPTIONS);
}

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

export function noSourcesView(metadata: FormMetadata, why: string): types.ModalView {
  return shell(metadata, [note(why)]);
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
    action_id: VALUE,
    max_length: MAX_IDENTIFIER_BYTES,
    ...(options.initial ? { initial_value: options.initial } : {}),
    ...(options.placeholder ? { placeholder: { type: 'plain_text', text: options.placeholder } } : {}),
  },
});

/** The form, its source list filled from the live snapshots (and recovery points) of the target. */
export function restoreFormView(metadata: FormMetadata & { target: string }, sources: readonly SnapshotInfo[], database: string, today: Date): types.ModalView {
  const options = sources.map(sourceOption);
  return shell(
    metadata,
    [
      note(`Restores one table of *${metadata.target}* into a *new* table (AWS never overwrites one). Approvers decide first.`),
      {
        type: 'input',
        block_id: 'source',
        label: { type: 'plain_text', text: 'From' },
        element: { type: 'static_select', action_id: VALUE, options, initial_option: options[0] },
      },
      text('database', 'Source database', { initial: database }),
      text('schema', 'Source schema', { placeholder: 'analytics' }),
      text('table', 'Source table', { placeholder: 'orders' }),
      text('new_table', 'New table name', {
        optional: true,
        hint: `Empty: <table>_restored_${today.toISOString().slice(0, 10).replace(/-/g, '')}. It must not exist yet.`,
      }),
      text('target_schema', 'Target schema', { optional: true, hint: 'Empty: the source schema.' }),
    ],
    'Ask approvers',
  );
}

type StateValues = Record<string, Record<string, { selected_option?: { value?: string } | null; value?: string | null }>>;

export function readForm(values: StateValues): RestoreDraft {
  // Exactly as typed: only an empty field is absent; checkForm refuses blanks and spaces around a name.
  const typed = (block: RestoreField) => values[block]?.[VALUE]?.value || undefined;
  return {
    source: values.source?.[VALUE]?.selected_option?.value ?? undefined,
    database: typed('database'),
    schema: typed('schema'),
    table: typed('table'),
    newTable: typed('new_table'),
    targetSchema: typed('target_schema'),
  };
}

const metadataSchema = z.object({ origin: z.string().check(z.maxLength(64)), target: z.optional(z.string().check(z.maxLength(255))) });

/**
 * The form's metadata, or none when it is not what the bot wrote: then no origin matches, and the
 * submission is refused (the origin token itself is checked against the store, see shared/form-origin).
 */
export function readMetadata(privateMetadata: string): FormMetadata | undefined {
  const parsed = metadataSchema.safeParse(safeJson(privateMetadata));
  return parsed.success ? parsed.data : undefined;
}

/** Every check that needs no AWS call, field by field; names go through redshift/sql's one validator. */
export function checkForm(draft: RestoreDraft, today: Date): FormCheck {
  const errors: Partial<Record<RestoreField, string>> = {};
  const name = (field: RestoreField, value: string | undefined, kind: IdentifierKind): string | undefined => {
    if (value === undefined) {
      errors[field] = `Enter the ${kind} name.`;
      return undefined;
    }
    try {
      const valid = normalizeIdentifier(value, kind);
      if (value.trim() === '') {
        errors[field] = `The ${kind} name is only spaces; type the name.`;
        return undefined;
      }
      if (value.trim() !== value) {
        errors[field] = `The ${kind} name has spaces around it; remove them (a name with spaces would be a different table).`;
        return undefined;
      }
      return valid;
    } catch (error) {
      errors[field] = error instanceof InvalidIdentifierError ? `The ${error.userMessage()}.` : String(error);
      return undefined;
    }
  };
  const source = parseSourceValue(draft.source);
  if (!source) errors.source = 'Choose a snapshot or recovery point from the list.';
  const sourceDatabase = name('database', draft.database, 'database');
  const sourceSchemaName = name('schema', draft.schema, 'schema');
  const sourceTable = name('table', draft.table, 'table');
  const newTable = draft.newTable === undefined ? (sourceTable ? defaultNewTable(sourceTable, today) : undefined) : name('new_table', draft.newTable, 'table');
  const targetSchema = draft.targetSchema === undefined ? sourceSchemaName : name('target_schema', draft.targetSchema, 'schema');
  if (!errors.new_table && newTable !== undefined && newTable === sourceTable && targetSchema === sourceSchemaName) {
    errors.new_table = `${newTable} is the source table itself; a restore never overwrites a table, so choose a new name.`;
  }
  if (Object.keys(errors).length > 0 || !source || !sourceDatabase || !sourceSchemaName || !sourceTable || !newTable || !targetSchema) {
    return { ok: false, errors };
  }
  return { ok: true, ask: { source, sourceDatabase, sourceSchema: sourceSchemaName, sourceTable, newTable, targetSchema } };
}
