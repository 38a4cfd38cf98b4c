/**
 * Drift, the privileges the warehouse holds on declared schemas that the baseline does not declare:
 * grants to PUBLIC, grants to single users, anything on a temporary-only role's schema (pii) held by
 * anyone else, and roles holding more than their level. Each comes with the REVOKEs that remove it
 * and who loses what. Pure.
 */
import { declaredSchemas, guardedSchemas, schemaAllows, tableAllows } from './baseline';
import { declaredRole, describeGrantee, findingKey, granteeKey, holders, joinWords, ordered, tablesText } from './drift-common';
import { DEFAULT_TABLE_PRIVILEGES, revokeDefault, revokeOnSchema, revokeOnTables, SCHEMA_PRIVILEGES, TABLE_PRIVILEGES } from './statements';
import type { Baseline, Finding, FindingKind, Grantee, Observed } from './types';
import type { SqlStatement } from '../../redshift/sql';

/** One privilege held: on a schema, on (some of) its tables, or by default on tables an owner makes later. */
type Held =
  | { on: 'schema'; schema: string; grantee: Grantee; privilege: string }
  | { on: 'tables'; schema: string; grantee: Grantee; privilege: string; tables: number; sample: readonly string[] }
  | { on: 'default'; schema: string | undefined; grantee: Grantee; privilege: string; owner: string };

type UndeclaredKind = Extract<
  FindingKind,
  'pii-reached-by-other' | 'public-grant' | 'direct-user-grant' | 'undeclared-schema-privilege' | 'undeclared-table-privilege'
>;

function heldOn(baseline: Baseline, observed: Observed): Held[] {
  const existing = new Set(observed.schemas.map((schema) => schema.name));
  const watched = new Set(declaredSchemas(baseline).filter((schema) => existing.has(schema)));
  return [
    ...observed.schemaGrants
      .filter((g) => watched.has(g.schema) && SCHEMA_PRIVILEGES.some((p) => p === g.privilege))
      .map((g): Held => ({ on: 'schema', ...g })),
    ...observed.tableGrants
      .filter((g) => watched.has(g.schema) && TABLE_PRIVILEGES.some((p) => p === g.privilege))
      .map((g): Held => ({
        on: 'tables',
        schema: g.schema,
        grantee: g.grantee,
        privilege: g.privilege,
        tables: g.tables,
        sample: g.sample,
      })),
    // A default without IN SCHEMA covers every schema, the declared ones included.
    ...observed.defaultGrants
      .filter(
        (d) =>
          d.objectType === 'RELATION' &&
          (d.schema === undefined || watched.has(d.schema)) &&
          DEFAULT_TABLE_PRIVILEGES.some((p) => p === d.privilege),
      )
      .map((d): Held => ({ on: 'default', schema: d.schema, grantee: d.grantee, privilege: d.privilege, owner: d.owner })),
  ];
}

/** Which finding a held privilege is, or undefined when the baseline declares it. */
function classify(baseline: Baseline, guarded: ReadonlyMap<string, readonly string[]>, held: Held): UndeclaredKind | undefined {
  const { grantee, schema } = held;
  const guards = schema === undefined ? undefined : guarded.get(schema);
  const isGuard =
    guards !== undefined &&
    grantee.kind !== 'public' &&
    grantee.kind !== 'user' &&
    guards.includes(grantee.name) &&
    declaredRole(baseline, grantee) !== undefined;
  if (guards !== undefined && !isGuard) return 'pii-reached-by-other';
  if (grantee.kind === 'public') return 'public-grant';
  if (grantee.kind === 'user') return 'direct-user-grant';
  const level = schema === undefined ? undefined : declaredRole(baseline, grantee)?.schemas[schema];
  if (level !== undefined && (held.on === 'schema' ? schemaAllows(level, held.privilege) : tableAllows(level, held.privilege)))
    return undefined;
  return held.on === 'schema' ? 'undeclared-schema-privilege' : 'undeclared-table-privilege';
}

function describeHeld(items: readonly Held[]): string[] {
  const parts: string[] = [];
  const schemaPrivileges = ordered(
    items.filter((h) => h.on === 'schema').map((h) => h.privilege),
    SCHEMA_PRIVILEGES,
  );
  const schema = items[0]?.schema;
  if (schemaPrivileges.length > 0) parts.push(`${joinWords(schemaPrivileges)} on schema ${schema}`);
  for (const privilege of TABLE_PRIVILEGES) {
    const row = items.find((h): h is Extract<Held, { on: 'tables' }> => h.on === 'tables' && h.privilege === privilege);
    if (row) parts.push(`${privilege} on ${tablesText(row.schema, row.tables, row.sample)}`);
  }
  for (const owner of [...new Set(items.flatMap((h) => (h.on === 'default' ? [h.owner] : [])))].sort()) {
    const privileges = ordered(
      items.filter((h) => h.on === 'default' && h.owner === owner).map((h) => h.privilege),
      TABLE_PRIVILEGES,
    );
    parts.push(`${joinWords(privileges)} by default on tables ${owner} creates ${schema === undefined ? 'in any schema' : `in ${schema}`}`);
  }
  return parts;
}

/** The REVOKEs for a group: everything (ALL) when the grantee should hold nothing there, else only the extra privileges. */
function revokes(items: readonly Held[], everything: boolean): SqlStatement[] {
  const schema = items[0].schema;
  const grantee = items[0].grantee;
  const fix: SqlStatement[] = [];
  const onSchema = ordered(
    items.filter((h) => h.on === 'schema').map((h) => h.privilege),
    SCHEMA_PRIVILEGES,
  );
  if (schema !== undefined && onSchema.length > 0) fix.push(revokeOnSchema(schema, everything ? 'ALL' : onSchema, grantee));
  const onTables = ordered(
    items.filter((h) => h.on === 'tables').map((h) => h.privilege),
    TABLE_PRIVILEGES,
  );
  if (schema !== undefined && onTables.length > 0) fix.push(revokeOnTables(schema, everything ? 'ALL' : onTables, grantee));
  for (const owner of [...new Set(items.flatMap((h) => (h.on === 'default' ? [h.owner] : [])))].sort()) {
    const privileges = ordered(
      items.filter((h) => h.on === 'default' && h.owner === owner).map((h) => h.privilege),
      TABLE_PRIVILEGES,
    );
    fix.push(revokeDefault(owner, schema, everything ? 'ALL' : privileges, grantee));
  }
  return fix;
}

function summaryOf(
  kind: UndeclaredKind,
  grantee: Grantee,
  schema: string | undefined,
  guards: readonly string[],
  parts: readonly string[],
  level: string | undefined,
): string {
  const held = joinWords(parts);
  switch (kind) {
    case 'pii-reached-by-other':
      return `${describeGrantee(grantee)} reaches ${schema}, which only ${joinWords(guards)} (temporary only) may: ${held}`;
    case 'public-grant':
      return `PUBLIC (every user) holds ${held}`;
    case 'direct-user-grant':
      return `${describeGrantee(grantee)} holds ${held} directly; grant it through a declared role instead`;
    default:
      return `${describeGrantee(grantee)} holds ${held}, beyond chatops.yml (${level === undefined ? `not declared for ${schema ?? 'every schema'}` : `declared: ${level}`})`;
  }
}

export function undeclaredPrivileges(baseline: Baseline, observed: Observed): Finding[] {
  const guarded = guardedSchemas(baseline);
  const groups = new Map<string, { kind: UndeclaredKind; items: Held[] }>();
  for (const held of heldOn(baseline, observed)) {
    const kind = classify(baseline, guarded, held);
    if (kind === undefined) continue;
    const id = JSON.stringify([kind, held.schema ?? '', granteeKey(held.grantee)]);
    const group = groups.get(id) ?? { kind, items: [] };
    group.items.push(held);
    groups.set(id, group);
  }
  return [...groups.values()].map(({ kind, items }) => {
    const { grantee, schema } = items[0];
    const level = schema === undefined ? undefined : declaredRole(baseline, grantee)?.schemas[schema];
    // A declared role over its level keeps what it is declared for; anyone else loses everything there.
    const everything = kind !== 'undeclared-schema-privilege' && kind !== 'undeclared-table-privilege' ? true : level === undefined;
    const parts = describeHeld(items);
    const held = items.map((h) => `${h.on}:${h.on === 'default' ? `${h.owner}:` : ''}${h.privilege}`).sort();
    return {
      kind,
      key: findingKey(kind, schema ?? '', granteeKey(grantee), ...held),
      ...(schema === undefined ? {} : { schema }),
      summary: summaryOf(kind, grantee, schema, schema === undefined ? [] : (guarded.get(schema) ?? []), parts, level),
      fix: revokes(items, everything),
      loses: `${holders(observed, grantee)} lose${grantee.kind === 'user' ? 's' : ''} ${joinWords(parts)}`,
    };
  });
}
