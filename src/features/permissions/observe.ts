/**
 * Reads one target's permissions from Redshift's own views into the Observed model: a fixed set of
 * Data API statements (observe-sql.ts), aggregated and capped in SQL, whatever the number of tables.
 * A non-superuser identity sees only part of these views; `visibility` then says what it missed.
 */
import type { Target } from '../../config/targets';
import type { Row } from '../../redshift/data-api';
import { StatementFailedError } from '../../redshift/data/errors';
import type { SqlStatement } from '../../redshift/sql';
import type { SqlRunner } from '../../redshift/sql-runner';
import { probeSystemAccess, type SystemAccess } from '../../redshift/visibility';
import {
  capped,
  columnGrantsFrom,
  count,
  defaultGrantsFrom,
  flag,
  missingFrom,
  nestingFrom,
  ownershipFrom,
  principalsFrom,
  rowSecurityFrom,
  schemaGrantsFrom,
  tableGrantsFrom,
  text,
} from './observe-rows';
import {
  columnGrantsStatement,
  defaultGrantsStatement,
  groupsStatement,
  missingStatements,
  nestingStatement,
  normalizeScope,
  ownershipStatement,
  rlsPoliciesStatement,
  rlsRelationsStatement,
  rolesStatement,
  schemaGrantsStatement,
  schemasStatement,
  tableGrantsStatement,
  userRolesStatement,
  usersStatement,
  type ObserveScope,
} from './observe-sql';
import type { Observed, Visibility } from './types';

export type { ObserveScope, ExpectedTableGrant } from './observe-sql';

/** A configured target and its name in chatops.yml. */
export interface ObserveTarget {
  name: string;
  target: Target;
}

/**
 * What a non-superuser misses, per the views' pages: the privilege views show it only the rows of
 * identities it has access to or owns (SVV_RELATION_PRIVILEGES all rows with SYSLOG ACCESS
 * UNRESTRICTED), SVV_USER_GRANTS its own roles, SVV_ROLE_GRANTS is not complete, and row-level
 * security (SVV_RLS_RELATION, SVV_RLS_ATTACHED_POLICY: sys:secadmin) is not read at all.
 */
export function visibilityOf(access: SystemAccess): Visibility {
  if (access.superuser) return { complete: true };
  const who = access.user === '' ? "the bot's database identity" : `the bot's database user ${access.user}`;
  const own = [
    'SVV_SCHEMA_PRIVILEGES',
    ...(access.syslogUnrestricted ? [] : ['SVV_RELATION_PRIVILEGES']),
    'SVV_COLUMN_PRIVILEGES',
    'SVV_DEFAULT_PRIVILEGES',
  ];
  return {
    complete: false,
    why:
      `${who} is not a superuser: ${own.join(', ')} show it only the grants to itself, its roles and groups, and PUBLIC; ` +
      'SVV_USER_GRANTS only its own roles; SVV_ROLE_GRANTS not every nested role; and row-level security ' +
      '(SVV_RLS_RELATION, SVV_RLS_ATTACHED_POLICY) is not read. Grants to other users and roles are unknown, not absent.',
  };
}

/** Everything observe reads, in one pass: the statements issued are fixed by the scope, never by the data. */
export async function observe(sql: Pick<SqlRunner, 'execute'>, named: ObserveTarget, requested: ObserveScope): Promise<Observed> {
  const scope = normalizeScope(requested);
  const target = named.target;
  const access = await probeSystemAccess(sql, target);
  const rows = async (statement: SqlStatement): Promise<readonly Row[]> => (await sql.execute(target, statement)).rows;
  const [schemas, ownership, schemaGrants, tableGrants, defaults, users, roles, userRoles, groups, nesting, columns] = await Promise.all([
    rows(schemasStatement(scope)),
    rows(ownershipStatement(scope)),
    rows(schemaGrantsStatement(scope)),
    rows(tableGrantsStatement(scope)),
    rows(defaultGrantsStatement(scope)),
    rows(usersStatement()),
    rows(rolesStatement()),
    rows(userRolesStatement()),
    rows(groupsStatement()),
    rows(nestingStatement()),
    rows(columnGrantsStatement(scope)),
  ]);
  const missing: Row[] = [];
  const truncated: string[] = [];
  // Each chunk of expectations is capped on its own.
  for (const statement of missingStatements(scope)) missing.push(...capped(await rows(statement), 'missing table grants', truncated));

  let visibility = visibilityOf(access);
  let rls: { relations: readonly Row[]; policies: readonly Row[] } = { relations: [], policies: [] };
  if (access.superuser) {
    try {
      rls = { relations: await rows(rlsRelationsStatement(scope)), policies: await rows(rlsPoliciesStatement(scope)) };
    } catch (error) {
      // SVV_RLS_ATTACHED_POLICY is for sys:secadmin; its page does not say a superuser holds it.
      if (!(error instanceof StatementFailedError)) throw error;
      visibility = { complete: false, why: `row-level security could not be read: ${error.sqlError}` };
    }
  }

  const { principals, members } = principalsFrom(
    capped(roles, 'roles', truncated),
    capped(userRoles, 'role members', truncated),
    capped(groups, 'groups', truncated),
  );
  const userRows = capped(users, 'users', truncated);
  return {
    target: named.name,
    visibility,
    schemas: schemas.map((row) => ({ name: text(row, 'schema_name'), owner: text(row, 'owner_name'), tables: count(row, 'tables') })),
    ...schemaGrantsFrom(capped(schemaGrants, 'schema grants', truncated)),
    tableGrants: tableGrantsFrom(capped(tableGrants, 'table grants', truncated)),
    missing: missingFrom(missing),
    defaultGrants: defaultGrantsFrom(capped(defaults, 'default privileges', truncated)),
    members,
    nesting: nestingFrom(capped(nesting, 'nested roles', truncated)),
    columnGrants: columnGrantsFrom(capped(columns, 'column grants', truncated)),
    rowSecurity: rowSecurityFrom(
      capped(rls.relations, 'row-level security', truncated),
      capped(rls.policies, 'row-level security policies', truncated),
    ),
    ownership: ownershipFrom(capped(ownership, 'owners', truncated)),
    superusers: userRows.filter((row) => flag(row, 'usesuper')).map((row) => text(row, 'user_name')),
    principals,
    users: userRows.map((row) => text(row, 'user_name')),
    truncated: [...new Set(truncated)],
  };
}
