import { normalizeIdentifier, quoteIdentifier, statement, type SqlStatement } from '../../redshift/sql';

/**
 * The statements a grant runs, per grant mode. Names go through quoteIdentifier (the one quoter);
 * the values a check compares with travel as Data API parameters. Approvers are shown exactly these.
 */
export type GrantMode = 'role' | 'group';

/** `role`: GRANT ROLE r TO u; `group`: ALTER GROUP g ADD USER u. */
export function grantStatement(mode: GrantMode, role: string, user: string): SqlStatement {
  return mode === 'role'
    ? statement(`GRANT ROLE ${quoteIdentifier(role, 'role')} TO ${quoteIdentifier(user, 'user')}`)
    : statement(`ALTER GROUP ${quoteIdentifier(role, 'group')} ADD USER ${quoteIdentifier(user, 'user')}`);
}

/** `role`: REVOKE ROLE r FROM u; `group`: ALTER GROUP g DROP USER u. */
export function revokeStatement(mode: GrantMode, role: string, user: string): SqlStatement {
  return mode === 'role'
    ? statement(`REVOKE ROLE ${quoteIdentifier(role, 'role')} FROM ${quoteIdentifier(user, 'user')}`)
    : statement(`ALTER GROUP ${quoteIdentifier(role, 'group')} DROP USER ${quoteIdentifier(user, 'user')}`);
}

/**
 * Returns one row while the user holds the role (SVV_USER_GRANTS) or is in the group (PG_GROUP's
 * member list, matched through PG_USER). Names are compared as Redshift stores them (folded).
 */
export function verifyStatement(mode: GrantMode, role: string, user: string): SqlStatement {
  const parameters = { user_name: normalizeIdentifier(user, 'user'), role_name: normalizeIdentifier(role, mode === 'role' ? 'role' : 'group') };
  return mode === 'role'
    ? statement('SELECT user_name, role_name FROM svv_user_grants WHERE user_name = :user_name AND role_name = :role_name', parameters)
    : statement(
        'SELECT u.usename AS user_name, g.groname AS role_name FROM pg_group g, pg_user u ' +
          'WHERE g.groname = :role_name AND u.usename = :user_name AND u.usesysid = ANY (g.grolist)',
        parameters,
      );
}

/** Ends the user's live sessions, so queries already running lose the privileges too. */
export function endSessionsStatement(user: string): SqlStatement {
  return statement('SELECT PG_TERMINATE_BACKEND(process) FROM stv_sessions WHERE user_name = :user_name', {
    user_name: normalizeIdentifier(user, 'user'),
  });
}

/** A statement as approvers read it: the SQL, then the parameter values it is run with. */
export function showStatement(sql: SqlStatement): string {
  const values = Object.entries(sql.parameters ?? {}).map(([name, value]) => `:${name} = '${value.replace(/'/g, "''")}'`);
  return values.length === 0 ? sql.sql : `${sql.sql}  -- ${values.join(', ')}`;
}

export interface AccessStatements {
  grant: SqlStatement;
  verify: SqlStatement;
  revoke: SqlStatement;
  endSessions?: SqlStatement;
}

export function accessStatements(mode: GrantMode, role: string, user: string, endSessions: boolean): AccessStatements {
  return {
    grant: grantStatement(mode, role, user),
    verify: verifyStatement(mode, role, user),
    revoke: revokeStatement(mode, role, user),
    ...(endSessions ? { endSessions: endSessionsStatement(user) } : {}),
  };
}

/** What the approval message shows under "will run": now, then when access ends. */
export function willRun(statements: AccessStatements): string[] {
  return [
    showStatement(statements.grant),
    showStatement(statements.verify),
    `-- when access ends:`,
    showStatement(statements.revoke),
    showStatement(statements.verify),
    ...(statements.endSessions ? [showStatement(statements.endSessions)] : []),
  ];
}
