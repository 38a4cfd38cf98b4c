/**
 * The kinds of argument the grammar takes: one zod schema each (word -> typed value, or an error a
 * user can act on). arg-score.ts says how much a word looks like each kind.
 */
// zod/mini: this runs on every slash command, inside the Lambda cold start; mini loads in a fraction of the time.
import * as z from 'zod/mini';
import { parseDuration } from '../config/duration';
import type { CostPeriod, ParseContext } from './types';
import { closest, findIgnoringCase, oneOf, show } from './text';

export type ArgKind =
  | 'target'
  | 'role'
  | 'duration'
  | 'reason'
  | 'grantId'
  | 'retentionDays'
  | 'backupDays'
  | 'copyRegion'
  | 'copyDays'
  | 'recoveryPoint'
  | 'snapshot'
  | 'period'
  | 'schemaTable'
  | 'schemaOrTable'
  | 'restoreSource'
  | 'clusterName';

export const periods: readonly CostPeriod[] = ['today', 'week', 'month'];

/** Manual snapshot retention (CreateClusterSnapshot's ManualSnapshotRetentionPeriod): 1–3653 days, or forever (the API's -1, which users write as `forever`). */
export const RETENTION_MAX_DAYS = 3653;
/** Automated snapshot retention we let users set: 1–35 (0 turns backups off and is refused on RA3). */
export const BACKUP_RETENTION_MAX_DAYS = 35;
export const REASON_MAX_CHARS = 500;

/**
 * Grant ids are made by the access feature: `g-` then 8 to 32 lower-case letters or digits
 * (e.g. `g-3f9a0c1b`). Typed ids are accepted in any case and lower-cased.
 */
export const GRANT_ID_PATTERN = /^g-[a-z0-9]{8,32}$/;
/** Serverless recovery point ids are UUIDs; accepted in any case, lower-cased. */
export const RECOVERY_POINT_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** One Redshift identifier as the bot accepts it from users (unquoted, ASCII, 1–127 characters). */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_$]{0,126}$/;

// A count of days written the one canonical way: no sign, no leading zero, no spaces (`07`, `+7`, `-1` are refused).
const DAYS = /^[1-9][0-9]*$/;

/** An issue for `word`, reported through the transform's context. */
function fail(ctx: z.core.ParsePayload, message: string): never {
  ctx.issues.push({ code: 'custom', message, input: ctx.value });
  return z.NEVER;
}

/** A word checked and converted by `convert`, which reports problems through `fail`. */
function wordSchema<T>(convert: (text: string, ctx: z.core.ParsePayload) => T) {
  return z.pipe(z.string(), z.transform(convert));
}

/** `x` is not a target. Targets: a, b. Did you mean `a`? */
function notAName(word: string, what: string, plural: string, names: readonly string[]): string {
  if (names.length === 0) return `${show(word)} is not a ${what}: no ${plural.toLowerCase()} are configured in chatops.yml.`;
  const near = closest(word, names);
  const hint = near ? ` Did you mean ${show(near)}?` : '';
  return `${show(word)} is not a ${what}. ${plural}: ${names.join(', ')}.${hint}`;
}

const target = (context: ParseContext) =>
  wordSchema(
    (word: string, ctx) => findIgnoringCase(word, context.targets) ?? fail(ctx, notAName(word, 'target', 'Targets', context.targets)),
  );

const role = (context: ParseContext) =>
  wordSchema((word: string, ctx) => findIgnoringCase(word, context.roles) ?? fail(ctx, notAName(word, 'role', 'Roles', context.roles)));

// Minutes, hours or days as the grammar documents them; a duration in seconds is never something to ask for.
const DURATION_WORD = /^[1-9][0-9]{0,6}[mhd]$/i;

const duration = wordSchema((word: string, ctx) => {
  const ms = DURATION_WORD.test(word) ? parseDuration(word.toLowerCase()) : undefined;
  if (ms === undefined || !(ms > 0)) return fail(ctx, `${show(word)} is not a duration; use 30m, 4h or 2d.`);
  return ms;
});

const reason = z.string().check(
  z.maxLength(REASON_MAX_CHARS, {
    error: (issue) => `The reason is ${String(issue.input).length} characters long; keep it to ${REASON_MAX_CHARS}.`,
  }),
);

const grantId = wordSchema((word: string, ctx) => {
  const id = word.toLowerCase();
  if (!GRANT_ID_PATTERN.test(id)) {
    return fail(ctx, `${show(word)} is not a grant id; grant ids look like \`g-3f9a0c1b\` (see \`/redshift access list\`).`);
  }
  return id;
});

const retentionDays = wordSchema((word: string, ctx): number | 'forever' => {
  if (word.toLowerCase() === 'forever') return 'forever';
  // -1 is how the API spells forever; people write `forever`, and a lone -1 is more often a slip.
  if (word === '-1') return fail(ctx, `${show(word)} is not a number of days; write \`forever\` to keep a snapshot until it is deleted.`);
  const days = DAYS.test(word) ? Number(word) : NaN;
  if (!(days >= 1 && days <= RETENTION_MAX_DAYS)) {
    return fail(ctx, `${show(word)} is not a number of days; use 1–${RETENTION_MAX_DAYS} or \`forever\`.`);
  }
  return days;
});

const backupDays = wordSchema((word: string, ctx) => {
  const days = DAYS.test(word) ? Number(word) : NaN;
  if (!(days >= 1 && days <= BACKUP_RETENTION_MAX_DAYS)) {
    return fail(ctx, `${show(word)} is not a number of days for automated backups; use 1–${BACKUP_RETENTION_MAX_DAYS}.`);
  }
  return days;
});

/** `backup copy`: a destination Region code (as checkCopyRegion reads it), or `off`. */
const COPY_REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
const copyRegion = wordSchema((word: string, ctx) => {
  const value = word.toLowerCase();
  if (value !== 'off' && !COPY_REGION.test(value)) {
    return fail(ctx, `${show(word)} is not an AWS Region code; name one like \`us-west-2\`, or write \`off\`.`);
  }
  return value;
});

/** Days copied snapshots are kept; the range depends on the target's kind, so the feature checks it. */
const copyDays = wordSchema((word: string, ctx) => {
  const days = DAYS.test(word) ? Number(word) : NaN;
  if (!Number.isSafeInteger(days)) return fail(ctx, `${show(word)} is not a number of days; use a whole number such as 7.`);
  return days;
});

const recoveryPoint = wordSchema((word: string, ctx) => {
  const id = word.toLowerCase();
  if (!RECOVERY_POINT_PATTERN.test(id)) {
    return fail(
      ctx,
      `${show(word)} is not a recovery point id; copy one from \`/redshift snapshot list\` (they look like \`8f14e45f-ceea-467f-a0e6-2ad9b1f0a0c3\`).`,
    );
  }
  return id;
});

// Snapshot identifiers (CreateClusterSnapshot): 1–255 letters, digits and hyphens, starting with a letter, no trailing or double hyphen.
// AWS names automated snapshots `rs:<cluster>-<time>`; they are let through so `snapshot delete` can
// say plainly why it refuses them, instead of a spelling error.
const snapshot = wordSchema((word: string, ctx) => {
  if (/^rs:[a-z][a-z0-9-]*$/i.test(word) && word.length <= 255) return word;
  const problem =
    word.length > 255
      ? 'it is longer than 255 characters'
      : !/^[A-Za-z]/.test(word)
        ? 'it must start with a letter'
        : !/^[A-Za-z0-9-]+$/.test(word)
          ? 'use only letters, digits and hyphens'
          : word.endsWith('-')
            ? 'it must not end with a hyphen'
            : word.includes('--')
              ? 'it must not contain two hyphens in a row'
              : undefined;
  return problem ? fail(ctx, `${show(word)} is not a snapshot identifier: ${problem}.`) : word;
});

const period = wordSchema((word: string, ctx): CostPeriod => {
  const found = periods.find((p) => p === word.toLowerCase());
  if (found) return found;
  const near = closest(word, periods);
  const hint = near ? ` Did you mean ${show(near)}?` : '';
  return fail(ctx, `${show(word)} is not a period; use ${oneOf(periods)}.${hint}`);
});

const identifierRule = 'a name starts with a letter or _, then letters, digits, _ or $ (ASCII, at most 127, no quotes)';

// Exactly `schema.table`, each part a plain identifier; folded to lower case as Redshift does.
const schemaTable = wordSchema((word: string, ctx) => {
  const parts = word.split('.');
  if (parts.length !== 2) {
    return fail(ctx, `${show(word)} is not a table; write it as \`schema.table\`, e.g. \`analytics.sessions\`.`);
  }
  const bad = parts.find((part) => !IDENTIFIER_PATTERN.test(part));
  if (bad !== undefined) {
    const what = bad === '' ? 'an empty name' : show(bad);
    return fail(ctx, `${show(word)} is not a table: ${what} is not a valid name; ${identifierRule}.`);
  }
  return { schema: parts[0].toLowerCase(), table: parts[1].toLowerCase() };
});

// `schema` or `schema.table`, each part a plain identifier; folded to lower case as Redshift does.
const schemaOrTable = wordSchema((word: string, ctx): { schema: string; table?: string } => {
  const parts = word.split('.');
  if (parts.length > 2)
    return fail(ctx, `${show(word)} is not a schema or table; write \`schema\` or \`schema.table\`, e.g. \`pii.customers\`.`);
  const bad = parts.find((part) => !IDENTIFIER_PATTERN.test(part));
  if (bad !== undefined) {
    const what = bad === '' ? 'an empty name' : show(bad);
    return fail(ctx, `${show(word)} is not a schema or table: ${what} is not a valid name; ${identifierRule}.`);
  }
  const [schema, table] = parts.map((part) => part.toLowerCase());
  return table === undefined ? { schema } : { schema, table };
});

// `restore cluster`: a snapshot identifier (as above) or a Serverless recovery point id.
const restoreSource = wordSchema((word: string, ctx) => {
  if (RECOVERY_POINT_PATTERN.test(word.toLowerCase())) return word.toLowerCase();
  const checked = snapshot.safeParse(word);
  return checked.success
    ? checked.data
    : fail(ctx, `${show(word)} is not a snapshot identifier or recovery point id; \`/redshift snapshot list\` shows them.`);
});

// `restore cluster`'s new cluster, or the Serverless namespace (whose names may start with a digit):
// letters, digits and hyphens, lower-cased as AWS stores them; the feature checks a cluster's rules.
const clusterName = wordSchema((word: string, ctx) => {
  const name = word.toLowerCase();
  if (/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) return name;
  return fail(
    ctx,
    `${show(word)} cannot name a cluster or namespace: use at most 64 letters, digits and hyphens, starting with a letter or digit.`,
  );
});

/** One schema per kind. Built per parse because targets and roles come from chatops.yml. */
export function argSchemas(context: ParseContext) {
  return {
    target: target(context),
    role: role(context),
    duration,
    reason,
    grantId,
    retentionDays,
    backupDays,
    copyRegion,
    copyDays,
    recoveryPoint,
    snapshot,
    period,
    schemaTable,
    schemaOrTable,
    restoreSource,
    clusterName,
  } satisfies Record<ArgKind, z.ZodMiniType<unknown, string>>;
}

export type ArgSchemas = ReturnType<typeof argSchemas>;

/** The words of one command, by kind, validated together; every key optional. */
export function argsSchema(context: ParseContext) {
  return z.partial(z.strictObject(argSchemas(context)));
}

export type Args = z.output<ReturnType<typeof argsSchema>>;
