/**
 * The statements that read a target's permissions from Redshift's own views (observe.ts runs
 * them). Pure: names asked about travel as Data API parameters, validated and folded by
 * normalizeIdentifier; the SQL text is constant. Every list is aggregated and capped in SQL (one
 * row more than the cap is asked for, so a cut is known), so the statements and the rows read do
 * not grow with the number of tables.
 */
import { normalizeIdentifier, statement, type SqlStatement } from '../../redshift/sql';
import type { Grantee } from './types';

/** Table names kept per aggregated row (TableGrantSummary.sample, MissingTableGrant.sample). */
export const SAMPLE_SIZE = 5;
/** Rows read per list at most; more is reported as truncated, never dropped silently. */
export const LIST_CAP = 1000;
/** Schemas one observation may ask about. */
export const MAX_SCHEMAS = 50;
/** Expected (schema, grantee, privilege) triples checked per `missing` statement. */
export const EXPECTED_PER_STATEMENT = 40;

/** A privilege a baseline expects a grantee to hold on every table of a schema. */
export interface ExpectedTableGrant {
  schema: string;
  grantee: Grantee;
  privilege: string;
}

/** What to observe: these schemas, these expectations, and optionally one table (`who schema.table`). */
export interface ObserveScope {
  schemas: readonly string[];
  expected: readonly ExpectedTableGrant[];
  table?: { schema: string; table: string };
}

/** The scope with every name validated and folded as Redshift stores it; throws InvalidIdentifierError. */
export function normalizeScope(scope: ObserveScope): ObserveScope {
  const schemas = [...new Set(scope.schemas.map((s) => normalizeIdentifier(s, 'schema')))].sort();
  if (schemas.length === 0) throw new RangeError('observe needs at least one schema');
  if (schemas.length > MAX_SCHEMAS) throw new RangeError(`observe takes at most ${MAX_SCHEMAS} schemas, not ${schemas.length}`);
  const expected = scope.expected.map((e) => ({
    schema: normalizeIdentifier(e.schema, 'schema'),
    grantee:
      e.grantee.kind === 'public'
        ? e.grantee
        : { kind: e.grantee.kind, name: normalizeIdentifier(e.grantee.name, e.grantee.kind === 'user' ? 'user' : 'role') },
    privilege: privilegeName(e.privilege),
  }));
  const table = scope.table && {
    schema: normalizeIdentifier(scope.table.schema, 'schema'),
    table: normalizeIdentifier(scope.table.table, 'table'),
  };
  if (table && !schemas.includes(table.schema)) schemas.push(table.schema);
  return table ? { schemas, expected, table } : { schemas, expected };
}

const TABLE_PRIVILEGES = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REFERENCES', 'DROP', 'ALTER', 'TRUNCATE']);

function privilegeName(privilege: string): string {
  const upper = privilege.toUpperCase();
  if (!TABLE_PRIVILEGES.has(upper)) throw new RangeError(`${JSON.stringify(privilege)} is not a table privilege`);
  return upper;
}

/** `IN (:s0, :s1, …)` over the scope's schemas, and the parameters it names. */
function schemaList(scope: ObserveScope): { sql: string; parameters: Record<string, string> } {
  const parameters: Record<string, string> = {};
  scope.schemas.forEach((schema, i) => (parameters[`s${i}`] = schema));
  return {
    sql: `(${Object.keys(parameters)
      .map((name) => `:${name}`)
      .join(', ')})`,
    parameters,
  };
}

/** `AND <column> = :t` when one table is asked about. */
function tableFilter(scope: ObserveScope, column: string, parameters: Record<string, string>): string {
  if (!scope.table) return '';
  parameters.t = scope.table.table;
  return ` AND ${column} = :t`;
}

const capped = (orderBy: string): string => ` ORDER BY ${orderBy} LIMIT ${LIST_CAP + 1}`;

/** Relations the grants and owners are counted over: tables and views, as GRANT … ON ALL TABLES covers both. */
const RELATION_KINDS = "c.relkind IN ('r', 'v')";

/**
 * A statement over the scope's schemas (`<schemaColumn> IN (:s0, …)`), narrowed to the one table
 * asked about when there is one (`AND <tableColumn> = :t`).
 */
function inScope(scope: ObserveScope, columns: { schema: string; table?: string }, sql: (where: string) => string): SqlStatement {
  const list = schemaList(scope);
  const table = columns.table === undefined ? '' : tableFilter(scope, columns.table, list.parameters);
  return statement(sql(`${columns.schema} IN ${list.sql}${table}`), list.parameters);
}

/** The schemas asked about that exist, with owner and number of tables (PG_NAMESPACE, PG_CLASS, PG_USER). */
export function schemasStatement(scope: ObserveScope): SqlStatement {
  return inScope(
    scope,
    { schema: 'n.nspname' },
    (where) =>
      'SELECT TRIM(n.nspname) AS schema_name, TRIM(u.usename) AS owner_name, COUNT(c.oid) AS tables ' +
      `FROM pg_namespace n LEFT JOIN pg_user u ON u.usesysid = n.nspowner LEFT JOIN pg_class c ON c.relnamespace = n.oid AND ${RELATION_KINDS} ` +
      `WHERE ${where} GROUP BY n.nspname, u.usename ORDER BY 1`,
  );
}

/** Tables per schema and owner (PG_CLASS.relowner). */
export function ownershipStatement(scope: ObserveScope): SqlStatement {
  return inScope(
    scope,
    { schema: 'n.nspname', table: 'c.relname' },
    (where) =>
      'SELECT TRIM(n.nspname) AS schema_name, TRIM(u.usename) AS owner_name, COUNT(*) AS tables ' +
      'FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_user u ON u.usesysid = c.relowner ' +
      `WHERE ${RELATION_KINDS} AND ${where} GROUP BY n.nspname, u.usename` +
      capped('1, 2'),
  );
}

/**
 * Privileges on the schemas (SVV_SCHEMA_PRIVILEGES): on the schema itself (privilege_scope SCHEMA)
 * and scoped permissions on all its tables or functions (TABLES, FUNCTIONS).
 */
export function schemaGrantsStatement(scope: ObserveScope): SqlStatement {
  return inScope(
    scope,
    { schema: 'namespace_name' },
    (where) =>
      'SELECT TRIM(namespace_name) AS schema_name, TRIM(privilege_scope) AS privilege_scope, TRIM(identity_type) AS identity_type, ' +
      `TRIM(identity_name) AS identity_name, TRIM(privilege_type) AS privilege_type FROM svv_schema_privileges WHERE ${where}` +
      capped('1, 2, 3, 4, 5'),
  );
}

/**
 * Table privileges per (schema, grantee, privilege): how many tables carry it and the first
 * SAMPLE_SIZE by name (SVV_RELATION_PRIVILEGES), counted with window functions.
 */
export function tableGrantsStatement(scope: ObserveScope): SqlStatement {
  const group = 'namespace_name, identity_type, identity_name, privilege_type';
  return inScope(
    scope,
    { schema: 'namespace_name', table: 'relation_name' },
    (where) =>
      'SELECT schema_name, identity_type, identity_name, privilege_type, relation_name, tables FROM (' +
      'SELECT TRIM(namespace_name) AS schema_name, TRIM(identity_type) AS identity_type, TRIM(identity_name) AS identity_name, ' +
      'TRIM(privilege_type) AS privilege_type, TRIM(relation_name) AS relation_name, ' +
      `COUNT(*) OVER (PARTITION BY ${group}) AS tables, ROW_NUMBER() OVER (PARTITION BY ${group} ORDER BY relation_name) AS pick ` +
      `FROM svv_relation_privileges WHERE ${where}) g WHERE pick <= ${SAMPLE_SIZE}` +
      capped('1, 2, 3, 4, 5'),
  );
}

/**
 * The tables of a schema lacking a privilege a grantee should hold on all of them, per expected
 * triple: count and sample. One statement per EXPECTED_PER_STATEMENT triples (the baseline's size,
 * never the number of tables). PUBLIC is named `public`, as the privilege views name it.
 */
export function missingStatements(scope: ObserveScope): SqlStatement[] {
  const chunks: ExpectedTableGrant[][] = [];
  for (let i = 0; i < scope.expected.length; i += EXPECTED_PER_STATEMENT) chunks.push(scope.expected.slice(i, i + EXPECTED_PER_STATEMENT));
  return chunks.map((chunk) => missingStatement(scope, chunk));
}

function missingStatement(scope: ObserveScope, chunk: readonly ExpectedTableGrant[]): SqlStatement {
  const parameters: Record<string, string> = {};
  const rows = chunk.map((e, i) => {
    parameters[`e${i}s`] = e.schema;
    parameters[`e${i}t`] = e.grantee.kind;
    parameters[`e${i}n`] = e.grantee.kind === 'public' ? 'public' : e.grantee.name;
    parameters[`e${i}p`] = e.privilege;
    const text = (p: string) => `CAST(:e${i}${p} AS VARCHAR(128))`;
    return `SELECT ${i} AS k, ${text('s')} AS schema_name, ${text('t')} AS grantee_type, ${text('n')} AS grantee_name, ${text('p')} AS privilege_type`;
  });
  const table = tableFilter(scope, 'c.relname', parameters);
  return statement(
    'SELECT schema_name, grantee_type, grantee_name, privilege_type, relation_name, tables FROM (' +
      'SELECT e.k, e.schema_name, e.grantee_type, e.grantee_name, e.privilege_type, TRIM(c.relname) AS relation_name, ' +
      'COUNT(*) OVER (PARTITION BY e.k) AS tables, ROW_NUMBER() OVER (PARTITION BY e.k ORDER BY c.relname) AS pick ' +
      `FROM (${rows.join(' UNION ALL ')}) e JOIN pg_namespace n ON n.nspname = e.schema_name ` +
      `JOIN pg_class c ON c.relnamespace = n.oid AND ${RELATION_KINDS}${table} ` +
      // An anti-join rather than a correlated NOT EXISTS: Redshift supports fewer correlated forms.
      'LEFT JOIN svv_relation_privileges p ON p.namespace_name = e.schema_name AND p.relation_name = c.relname ' +
      'AND p.identity_type = e.grantee_type AND p.identity_name = e.grantee_name AND p.privilege_type = e.privilege_type ' +
      // A scoped permission (GRANT … FOR TABLES IN SCHEMA) covers every table, with no row per table.
      "LEFT JOIN svv_schema_privileges sp ON sp.namespace_name = e.schema_name AND sp.privilege_scope = 'TABLES' " +
      'AND sp.identity_type = e.grantee_type AND sp.identity_name = e.grantee_name AND sp.privilege_type = e.privilege_type ' +
      'WHERE p.relation_name IS NULL AND sp.namespace_name IS NULL' +
      `) m WHERE pick <= ${SAMPLE_SIZE}` +
      capped('1, 2, 3, 4, 5'),
    parameters,
  );
}

/** Default privileges set in these schemas or in all schemas (SVV_DEFAULT_PRIVILEGES). */
export function defaultGrantsStatement(scope: ObserveScope): SqlStatement {
  return inScope(
    scope,
    { schema: 'schema_name' },
    (where) =>
      'SELECT TRIM(schema_name) AS schema_name, TRIM(owner_name) AS owner_name, TRIM(grantee_type) AS grantee_type, ' +
      'TRIM(grantee_name) AS grantee_name, TRIM(privilege_type) AS privilege_type, TRIM(object_type) AS object_type ' +
      `FROM svv_default_privileges WHERE schema_name IS NULL OR ${where}` +
      capped('1, 2, 3, 4, 5, 6'),
  );
}

/** Users and whether each is a superuser (PG_USER). */
export function usersStatement(): SqlStatement {
  return statement('SELECT TRIM(usename) AS user_name, usesuper FROM pg_user' + capped('1'));
}

/** Roles (SVV_ROLES). */
export function rolesStatement(): SqlStatement {
  return statement('SELECT TRIM(role_name) AS role_name FROM svv_roles' + capped('1'));
}

/** Users' roles (SVV_USER_GRANTS). */
export function userRolesStatement(): SqlStatement {
  return statement('SELECT TRIM(user_name) AS user_name, TRIM(role_name) AS role_name FROM svv_user_grants' + capped('1, 2'));
}

/** Groups and their members, a group without members once with no user (PG_GROUP, PG_USER). */
export function groupsStatement(): SqlStatement {
  return statement(
    'SELECT TRIM(g.groname) AS group_name, TRIM(u.usename) AS user_name FROM pg_group g LEFT JOIN pg_user u ON u.usesysid = ANY (g.grolist)' +
      capped('1, 2'),
  );
}

/** Roles granted to roles (SVV_ROLE_GRANTS). */
export function nestingStatement(): SqlStatement {
  return statement(
    'SELECT TRIM(role_name) AS role_name, TRIM(granted_role_name) AS granted_role_name FROM svv_role_grants' + capped('1, 2'),
  );
}

/**
 * Column-level grants, one row per column (SVV_COLUMN_PRIVILEGES): the REVOKE that ends one names
 * its columns. Such grants are few; the list is capped like the others and a cut is reported.
 */
export function columnGrantsStatement(scope: ObserveScope): SqlStatement {
  return inScope(
    scope,
    { schema: 'namespace_name', table: 'relation_name' },
    (where) =>
      'SELECT TRIM(namespace_name) AS schema_name, TRIM(relation_name) AS table_name, TRIM(identity_type) AS identity_type, ' +
      'TRIM(identity_name) AS identity_name, TRIM(privilege_type) AS privilege_type, TRIM(column_name) AS column_name ' +
      `FROM svv_column_privileges WHERE ${where}` +
      capped('1, 2, 3, 4, 5, 6'),
  );
}

/** Tables with row-level security on (SVV_RLS_RELATION). */
export function rlsRelationsStatement(scope: ObserveScope): SqlStatement {
  return inScope(
    scope,
    { schema: 'relschema', table: 'relname' },
    (where) =>
      `SELECT TRIM(relschema) AS schema_name, TRIM(relname) AS table_name, is_rls_on FROM svv_rls_relation WHERE ${where}` + capped('1, 2'),
  );
}

/** The policies attached to tables of these schemas, once per table and policy (SVV_RLS_ATTACHED_POLICY). */
export function rlsPoliciesStatement(scope: ObserveScope): SqlStatement {
  return inScope(
    scope,
    { schema: 'relschema', table: 'relname' },
    (where) =>
      'SELECT DISTINCT TRIM(relschema) AS schema_name, TRIM(relname) AS table_name, TRIM(polname) AS policy_name ' +
      `FROM svv_rls_attached_policy WHERE ${where}` +
      capped('1, 2, 3'),
  );
}
