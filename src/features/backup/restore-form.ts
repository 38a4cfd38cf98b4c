// zod/mini: the form is read on the ack path of a view submission (Lambda's `slack` function).
import * as z from 'zod/mini';
import type { RestoreSource } from '../../redshift/restore';
import { InvalidIdentifierError, MAX_IDENTIFIER_BYTES, normalizeIdentifier, type IdentifierKind } from '../../redshift/sql';
import type { SnapshotInfo } from '../../redshift/warehouse';
import { safeJson } from '../shared/json';

/**
 * The restore form, pure: reading what was submitted, and the checks that need no AWS call (made
 * before the submission is acked). restore-views.ts draws the modal; restore-checks.ts adds the live
 * checks, made in a job after the ack (restore-check-job.ts).
 */
export const RESTORE_MODAL = 'restore_table';
/** The target picker (several targets, none named) dispatches on change. */
export const RESTORE_TARGET_ACTION = 'restore_target';
/** The action id of every field's element. */
export const FIELD_ACTION = 'value';
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

/** `daily_revenue_restored_20261125`: the default new name, cut so it stays a valid identifier. */
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

type StateValues = Record<string, Record<string, { selected_option?: { value?: string } | null; value?: string | null }>>;

export function readForm(values: StateValues): RestoreDraft {
  // Exactly as typed: only an empty field is absent; checkForm refuses blanks and spaces around a name.
  const typed = (block: RestoreField) => values[block]?.[FIELD_ACTION]?.value || undefined;
  return {
    source: values.source?.[FIELD_ACTION]?.selected_option?.value ?? undefined,
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
