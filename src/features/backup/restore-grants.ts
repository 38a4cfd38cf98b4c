import type { Row } from '../../redshift/data-api';
import { codeSpan } from '../../approvals/text';
import { qualifiedName, quoteIdentifier, statement, type SqlStatement } from '../../redshift/sql';

/**
 * What a table restore leaves behind: the restored table gets none of the source table's grants
 * and no view is pointed at it ("Any dependencies, such as views or permissions granted on the
 * source table, aren't applied to the target table":
 * https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-snapshot-restore-table-from-snapshot.html).
 * So the swap reads the source's grants and dependent views first, grants them again in the swap's
 * transaction, and names the views. Pure: SQL text and words.
 */

/** One explicit grant on the table, as SVV_RELATION_PRIVILEGES lists it. */
export interface TableGrant {
  privilege: string;
  identity: string;
  identityType: 'user' | 'role' | 'group' | 'public';
  grantOption: boolean;
}

export interface DependentView {
  schema: string;
  view: string;
}

/** The table privileges SVV_RELATION_PRIVILEGES documents (https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_RELATION_PRIVILEGES.html). */
export const TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REFERENCES', 'DROP'] as const;

export function grantsStatement(schema: string, table: string): SqlStatement {
  qualifiedName(schema, table);
  return statement(
    `SELECT privilege_type, identity_name, identity_type, admin_option FROM svv_relation_privileges
WHERE namespace_name = :schema AND relation_name = :table ORDER BY identity_type, identity_name, privilege_type`,
    { schema: schema.toLowerCase(), table: table.toLowerCase() },
  );
}

/**
 * Views bound to the table, through the PostgreSQL catalog Redshift makes accessible
 * (https://docs.aws.amazon.com/redshift/latest/dg/c_intro_catalog_views.html): a view depends on a
 * table through its rewrite rule. Late-binding views record no dependency and are not listed: they
 * look the name up when queried, so after the swap they read the restored table by themselves.
 */
export function dependentViewsStatement(schema: string, table: string): SqlStatement {
  qualifiedName(schema, table);
  return statement(
    `SELECT DISTINCT vn.nspname AS view_schema, v.relname AS view_name
FROM pg_depend d
JOIN pg_rewrite r ON r.oid = d.objid
JOIN pg_class v ON v.oid = r.ev_class
JOIN pg_namespace vn ON vn.oid = v.relnamespace
JOIN pg_class t ON t.oid = d.refobjid
JOIN pg_namespace tn ON tn.oid = t.relnamespace
WHERE tn.nspname = :schema AND t.relname = :table AND v.oid <> t.oid AND v.relkind IN ('v', 'm')
ORDER BY 1, 2`,
    { schema: schema.toLowerCase(), table: table.toLowerCase() },
  );
}

const PRIVILEGES: ReadonlySet<string> = new Set(TABLE_PRIVILEGES);
const IDENTITY_TYPES: ReadonlySet<string> = new Set<TableGrant['identityType']>(['user', 'role', 'group', 'public']);

function isIdentityType(text: string): text is TableGrant['identityType'] {
  return IDENTITY_TYPES.has(text);
}

/** Rows of grantsStatement as grants; a row of another shape is left out and reported by the caller as unknown. */
export function grantsFromRows(rows: readonly Row[]): { grants: TableGrant[]; unknown: string[] } {
  const grants: TableGrant[] = [];
  const unknown: string[] = [];
  for (const row of rows) {
    const privilege = String(row.privilege_type ?? '')
      .trim()
      .toUpperCase();
    const identityType = String(row.identity_type ?? '')
      .trim()
      .toLowerCase();
    const identity = String(row.identity_name ?? '').trim();
    if (!PRIVILEGES.has(privilege) || !isIdentityType(identityType) || identity === '') {
      unknown.push(`${privilege || '?'} to ${identityType || '?'} ${identity || '?'}`);
      continue;
    }
    const option = row.admin_option;
    grants.push({
      privilege,
      identity,
      identityType,
      grantOption: option === true || option === 'true' || option === 't',
    });
  }
  return { grants, unknown };
}

export function viewsFromRows(rows: readonly Row[]): DependentView[] {
  return rows.map((row) => ({ schema: String(row.view_schema ?? '').trim(), view: String(row.view_name ?? '').trim() }));
}

function grantee(grant: TableGrant): string {
  switch (grant.identityType) {
    case 'public':
      return 'PUBLIC';
    case 'role':
      return `ROLE ${quoteIdentifier(grant.identity, 'role')}`;
    case 'group':
      return `GROUP ${quoteIdentifier(grant.identity, 'group')}`;
    default:
      return quoteIdentifier(grant.identity, 'user');
  }
}

/** `GRANT SELECT ON TABLE "s"."t" TO ROLE "r"`, one per grant; WITH GRANT OPTION only for users, as Redshift allows it. */
export function regrantStatements(schema: string, table: string, grants: readonly TableGrant[]): SqlStatement[] {
  return grants.map((grant) =>
    statement(
      `GRANT ${grant.privilege} ON TABLE ${qualifiedName(schema, table)} TO ${grantee(grant)}${grant.grantOption && grant.identityType === 'user' ? ' WITH GRANT OPTION' : ''}`,
    ),
  );
}

/** `SELECT, INSERT to role analytics_users`: the grants by grantee, for people. */
export function grantsText(grants: readonly TableGrant[]): string[] {
  const byGrantee = new Map<string, string[]>();
  for (const grant of grants) {
    const who = grant.identityType === 'public' ? 'PUBLIC' : `${grant.identityType} ${grant.identity}`;
    byGrantee.set(who, [...(byGrantee.get(who) ?? []), grant.privilege]);
  }
  return [...byGrantee].map(([who, privileges]) => `${privileges.join(', ')} to ${who}`);
}

/** What to do about views still bound to the old table, renamed aside. */
export function viewsAdvice(views: readonly DependentView[], schema: string, table: string, aside: string): string {
  if (views.length === 0) return 'No view depends on the table (late-binding views are not bound to it and read the restored table).';
  const names = views.map((v) => codeSpan(`${v.schema}.${v.view}`)).join(', ');
  return `${views.length === 1 ? 'This view reads' : 'These views read'} the old table, now ${codeSpan(`${schema}.${aside}`)}, until recreated: ${names}. Recreate each with ${codeSpan(`CREATE OR REPLACE VIEW <view> AS <its SELECT, naming ${schema}.${table}>`)} (pg_views.definition holds its SELECT, now naming the old table), and drop the old table only after that.`;
}
