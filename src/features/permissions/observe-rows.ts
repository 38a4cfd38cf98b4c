/**
 * Rows of the observe statements (observe-sql.ts) into the Observed model. Pure. Values come back
 * trimmed by the SQL; they are trimmed again, since Redshift pads CHAR columns.
 */
import type { Row } from '../../redshift/data-api';
import { LIST_CAP } from './observe-sql';
import type {
  ColumnGrantSummary,
  DefaultGrant,
  Grantee,
  Membership,
  MissingTableGrant,
  Ownership,
  PrincipalKind,
  RoleNesting,
  RowSecurity,
  SchemaGrant,
  ScopedGrant,
  TableGrantSummary,
} from './types';

export function text(row: Row, column: string): string {
  const value = row[column];
  return value === null || value === undefined ? '' : String(value).trim();
}

export function count(row: Row, column: string): number {
  const value = Number(row[column] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

export function flag(row: Row, column: string): boolean {
  const value = row[column];
  return value === true || value === 't' || value === 'true';
}

/** A list cut at LIST_CAP: the rows kept, and `truncated` gains the list's name when it was cut. */
export function capped(rows: readonly Row[], list: string, truncated: string[]): readonly Row[] {
  if (rows.length <= LIST_CAP) return rows;
  truncated.push(list);
  return rows.slice(0, LIST_CAP);
}

const KINDS: Readonly<Record<string, Grantee['kind']>> = { user: 'user', role: 'role', group: 'group', public: 'public' };

/** identity_type / grantee_type and the name; an unknown type is an error, never guessed. */
export function grantee(type: string, name: string): Grantee {
  const kind = KINDS[type.toLowerCase()];
  if (kind === undefined) throw new Error(`Redshift reported an identity type the bot does not know: ${JSON.stringify(type)}`);
  return kind === 'public' ? { kind, name: '' } : { kind, name };
}

const SCOPES: Readonly<Record<string, ScopedGrant['scope']>> = { TABLES: 'TABLES', FUNCTIONS: 'FUNCTIONS' };

/** SVV_SCHEMA_PRIVILEGES rows: privilege_scope SCHEMA on the schema itself, TABLES and FUNCTIONS scoped. */
export function schemaGrantsFrom(rows: readonly Row[]): { schemaGrants: SchemaGrant[]; scopedGrants: ScopedGrant[] } {
  const schemaGrants: SchemaGrant[] = [];
  const scopedGrants: ScopedGrant[] = [];
  for (const row of rows) {
    const grant = {
      schema: text(row, 'schema_name'),
      grantee: grantee(text(row, 'identity_type'), text(row, 'identity_name')),
      privilege: text(row, 'privilege_type').toUpperCase(),
    };
    const scope = text(row, 'privilege_scope').toUpperCase();
    if (scope === 'SCHEMA') {
      schemaGrants.push(grant);
      continue;
    }
    const scoped = SCOPES[scope];
    if (scoped === undefined)
      throw new Error(`SVV_SCHEMA_PRIVILEGES reported a privilege scope the bot does not know: ${JSON.stringify(scope)}`);
    scopedGrants.push({ ...grant, scope: scoped });
  }
  return { schemaGrants, scopedGrants };
}

/**
 * Rows of (schema, grantee, privilege, tables, one sampled relation_name) into one summary per
 * group, samples in the SQL's order. The grantee's columns are named by the view read.
 */
function summaries(rows: readonly Row[], type: string, name: string): TableGrantSummary[] {
  const byKey = new Map<string, TableGrantSummary & { sample: string[] }>();
  for (const row of rows) {
    const key = JSON.stringify([text(row, 'schema_name'), text(row, type), text(row, name), text(row, 'privilege_type')]);
    let summary = byKey.get(key);
    if (!summary) {
      const sample: string[] = [];
      summary = {
        schema: text(row, 'schema_name'),
        grantee: grantee(text(row, type), text(row, name)),
        privilege: text(row, 'privilege_type').toUpperCase(),
        tables: count(row, 'tables'),
        sample,
      };
      byKey.set(key, summary);
    }
    const sampled = text(row, 'relation_name');
    if (sampled !== '') summary.sample.push(sampled);
  }
  return [...byKey.values()];
}

export function tableGrantsFrom(rows: readonly Row[]): TableGrantSummary[] {
  return summaries(rows, 'identity_type', 'identity_name');
}

export function missingFrom(rows: readonly Row[]): MissingTableGrant[] {
  return summaries(rows, 'grantee_type', 'grantee_name');
}

const OBJECT_TYPES: Readonly<Record<string, DefaultGrant['objectType']>> = {
  RELATION: 'RELATION',
  FUNCTION: 'FUNCTION',
  PROCEDURE: 'PROCEDURE',
};

export function defaultGrantsFrom(rows: readonly Row[]): DefaultGrant[] {
  return rows.map((row) => {
    const objectType = OBJECT_TYPES[text(row, 'object_type').toUpperCase()];
    if (objectType === undefined) {
      throw new Error(`SVV_DEFAULT_PRIVILEGES reported an object type the bot does not know: ${JSON.stringify(text(row, 'object_type'))}`);
    }
    const schema = text(row, 'schema_name');
    const grant: DefaultGrant = {
      owner: text(row, 'owner_name'),
      grantee: grantee(text(row, 'grantee_type'), text(row, 'grantee_name')),
      privilege: text(row, 'privilege_type').toUpperCase(),
      objectType,
    };
    return schema === '' ? grant : { schema, ...grant };
  });
}

export function ownershipFrom(rows: readonly Row[]): Ownership[] {
  return rows.map((row) => ({ schema: text(row, 'schema_name'), owner: text(row, 'owner_name'), tables: count(row, 'tables') }));
}

export function nestingFrom(rows: readonly Row[]): RoleNesting[] {
  return rows.map((row) => ({ role: text(row, 'role_name'), grantedRole: text(row, 'granted_role_name') }));
}

/** One row per granted column, gathered per table, grantee and privilege, in the rows' order. */
export function columnGrantsFrom(rows: readonly Row[]): ColumnGrantSummary[] {
  const byGrant = new Map<string, { summary: ColumnGrantSummary; columns: string[] }>();
  for (const row of rows) {
    const summary = {
      schema: text(row, 'schema_name'),
      table: text(row, 'table_name'),
      grantee: grantee(text(row, 'identity_type'), text(row, 'identity_name')),
      privilege: text(row, 'privilege_type').toUpperCase(),
    };
    const key = JSON.stringify([summary.schema, summary.table, summary.grantee, summary.privilege]);
    const found = byGrant.get(key) ?? { summary: { ...summary, columns: [] }, columns: [] };
    found.columns.push(text(row, 'column_name'));
    byGrant.set(key, found);
  }
  return [...byGrant.values()].map(({ summary, columns }) => ({ ...summary, columns }));
}

/** Tables with row-level security on or policies attached, each with its policies by name. */
export function rowSecurityFrom(relations: readonly Row[], policies: readonly Row[]): RowSecurity[] {
  const byTable = new Map<string, { schema: string; table: string; policies: string[] }>();
  const entry = (row: Row) => {
    const key = JSON.stringify([text(row, 'schema_name'), text(row, 'table_name')]);
    let found = byTable.get(key);
    if (!found) {
      found = { schema: text(row, 'schema_name'), table: text(row, 'table_name'), policies: [] };
      byTable.set(key, found);
    }
    return found;
  };
  for (const row of relations) if (flag(row, 'is_rls_on')) entry(row);
  for (const row of policies) entry(row).policies.push(text(row, 'policy_name'));
  return [...byTable.values()]
    .map((r) => ({ ...r, policies: [...new Set(r.policies)].sort() }))
    .sort((a, b) => (a.schema === b.schema ? a.table.localeCompare(b.table) : a.schema.localeCompare(b.schema)));
}

/**
 * Principals and memberships: roles from SVV_ROLES, their members from SVV_USER_GRANTS, groups
 * and their members from PG_GROUP. A name SVV_ROLES lists is a role even if PG_GROUP lists it too.
 */
export function principalsFrom(
  roles: readonly Row[],
  userRoles: readonly Row[],
  groups: readonly Row[],
): { principals: { name: string; kind: PrincipalKind }[]; members: Membership[] } {
  const roleNames = new Set(roles.map((row) => text(row, 'role_name')));
  const groupNames = new Set(groups.map((row) => text(row, 'group_name')).filter((name) => !roleNames.has(name)));
  const principal = (kind: PrincipalKind) => (name: string) => ({ name, kind });
  const principals = [...[...roleNames].map(principal('role')), ...[...groupNames].map(principal('group'))].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const member =
    (via: PrincipalKind, column: string) =>
    (row: Row): Membership => ({ user: text(row, 'user_name'), principal: text(row, column), via });
  const members: Membership[] = [
    ...userRoles.map(member('role', 'role_name')),
    ...groups.filter((row) => groupNames.has(text(row, 'group_name')) && text(row, 'user_name') !== '').map(member('group', 'group_name')),
  ];
  return { principals, members };
}
