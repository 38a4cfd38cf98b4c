/**
 * The statements `grants apply` runs, in Redshift's syntax (GRANT, REVOKE, ALTER DEFAULT PRIVILEGES,
 * CREATE ROLE / GROUP pages): every name through quoteIdentifier, privileges from fixed lists only.
 */
import { qualifiedName, quoteIdentifier, statement, type SqlStatement } from '../../redshift/sql';
import { grantStatement, revokeStatement } from '../access/sql';
import type { Grantee, PrincipalKind } from './types';

/** Table privileges the GRANT and REVOKE pages list (ALL gives them all). */
export const TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'DROP', 'REFERENCES', 'ALTER', 'TRUNCATE'] as const;
/** Schema privileges the GRANT and REVOKE pages list. */
export const SCHEMA_PRIVILEGES = ['USAGE', 'CREATE', 'ALTER', 'DROP'] as const;
/** Table privileges ALTER DEFAULT PRIVILEGES takes for ON TABLES (its page lists no ALTER). */
export const DEFAULT_TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'DROP', 'REFERENCES', 'TRUNCATE'] as const;

/** `ALL` or a privilege list, each checked against the page's list so nothing else reaches SQL. */
function privilegeList(privileges: readonly string[] | 'ALL', allowed: readonly string[]): string {
  if (privileges === 'ALL') return 'ALL';
  if (privileges.length === 0) throw new RangeError('a GRANT or REVOKE needs at least one privilege');
  for (const privilege of privileges) {
    if (!allowed.includes(privilege)) throw new RangeError(`${JSON.stringify(privilege)} is not one of ${allowed.join(', ')}`);
  }
  return [...new Set(privileges)].join(', ');
}

/** `ROLE "r"`, `GROUP "g"`, `"u"` or `PUBLIC`, as the pages write a grantee. */
export function granteeSql(grantee: Grantee): string {
  switch (grantee.kind) {
    case 'public':
      return 'PUBLIC';
    case 'user':
      return quoteIdentifier(grantee.name, 'user');
    case 'role':
      return `ROLE ${quoteIdentifier(grantee.name, 'role')}`;
    case 'group':
      return `GROUP ${quoteIdentifier(grantee.name, 'group')}`;
  }
}

export function grantOnSchema(schema: string, privileges: readonly string[] | 'ALL', grantee: Grantee): SqlStatement {
  return statement(
    `GRANT ${privilegeList(privileges, SCHEMA_PRIVILEGES)} ON SCHEMA ${quoteIdentifier(schema, 'schema')} TO ${granteeSql(grantee)}`,
  );
}

export function revokeOnSchema(schema: string, privileges: readonly string[] | 'ALL', grantee: Grantee): SqlStatement {
  return statement(
    `REVOKE ${privilegeList(privileges, SCHEMA_PRIVILEGES)} ON SCHEMA ${quoteIdentifier(schema, 'schema')} FROM ${granteeSql(grantee)}`,
  );
}

export function grantOnTables(schema: string, privileges: readonly string[] | 'ALL', grantee: Grantee): SqlStatement {
  return statement(
    `GRANT ${privilegeList(privileges, TABLE_PRIVILEGES)} ON ALL TABLES IN SCHEMA ${quoteIdentifier(schema, 'schema')} TO ${granteeSql(grantee)}`,
  );
}

export function revokeOnTables(schema: string, privileges: readonly string[] | 'ALL', grantee: Grantee): SqlStatement {
  return statement(
    `REVOKE ${privilegeList(privileges, TABLE_PRIVILEGES)} ON ALL TABLES IN SCHEMA ${quoteIdentifier(schema, 'schema')} FROM ${granteeSql(grantee)}`,
  );
}

/** Column privileges SVV_COLUMN_PRIVILEGES reports, and the REVOKE page takes with a column list. */
export const COLUMN_PRIVILEGES = ['SELECT', 'UPDATE'] as const;

/**
 * `REVOKE SELECT ("a", "b") ON TABLE "s"."t" FROM …`: a column-level grant ended, as the REVOKE page's
 * column-level syntax and examples write it (https://docs.aws.amazon.com/redshift/latest/dg/r_REVOKE-examples.html).
 */
export function revokeOnColumns(
  schema: string,
  table: string,
  privilege: string,
  columns: readonly string[],
  grantee: Grantee,
): SqlStatement {
  if (columns.length === 0) throw new RangeError('a column-level REVOKE needs at least one column');
  const list = [...new Set(columns.map((column) => quoteIdentifier(column, 'column')))].join(', ');
  return statement(
    `REVOKE ${privilegeList([privilege], COLUMN_PRIVILEGES)} (${list}) ON TABLE ${qualifiedName(schema, table)} FROM ${granteeSql(grantee)}`,
  );
}

/** FOR USER: the tables `creator` makes later in the schema (only a superuser may set them for another user). */
export function grantDefault(creator: string, schema: string, privileges: readonly string[] | 'ALL', grantee: Grantee): SqlStatement {
  return statement(
    `ALTER DEFAULT PRIVILEGES FOR USER ${quoteIdentifier(creator, 'user')} IN SCHEMA ${quoteIdentifier(schema, 'schema')} ` +
      `GRANT ${privilegeList(privileges, DEFAULT_TABLE_PRIVILEGES)} ON TABLES TO ${granteeSql(grantee)}`,
  );
}

export function revokeDefault(
  creator: string,
  schema: string | undefined,
  privileges: readonly string[] | 'ALL',
  grantee: Grantee,
): SqlStatement {
  const inSchema = schema === undefined ? '' : ` IN SCHEMA ${quoteIdentifier(schema, 'schema')}`;
  return statement(
    `ALTER DEFAULT PRIVILEGES FOR USER ${quoteIdentifier(creator, 'user')}${inSchema} ` +
      `REVOKE ${privilegeList(privileges, DEFAULT_TABLE_PRIVILEGES)} ON TABLES FROM ${granteeSql(grantee)}`,
  );
}

export function createPrincipal(kind: PrincipalKind, name: string): SqlStatement {
  return kind === 'role'
    ? statement(`CREATE ROLE ${quoteIdentifier(name, 'role')}`)
    : statement(`CREATE GROUP ${quoteIdentifier(name, 'group')}`);
}

/** A user into a role (GRANT ROLE) or group (ALTER GROUP … ADD USER), as access grants do. */
export function addMember(kind: PrincipalKind, principal: string, user: string): SqlStatement {
  return grantStatement(kind, principal, user);
}

export function removeMember(kind: PrincipalKind, principal: string, user: string): SqlStatement {
  return revokeStatement(kind, principal, user);
}

/** A role granted to a role (SVV_ROLE_GRANTS) taken back: REVOKE ROLE r FROM ROLE holder. */
export function revokeNestedRole(role: string, holder: string): SqlStatement {
  return statement(`REVOKE ROLE ${quoteIdentifier(role, 'role')} FROM ROLE ${quoteIdentifier(holder, 'role')}`);
}
