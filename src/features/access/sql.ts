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

/**
 * Ending a user's sessions, in three steps that exist on clusters and on Serverless alike (STV_SESSIONS
 * is provisioned-only): the user's id from SVV_USER_INFO, the ids of the user's sessions that
 * SYS_SESSION_HISTORY shows as active, then PG_TERMINATE_BACKEND for each. Only a superuser sees
 * another user's rows in both views and may terminate another user's session.
 */
export function userIdStatement(user: string): SqlStatement {
  return statement('SELECT user_id FROM svv_user_info WHERE user_name = :user_name', { user_name: normalizeIdentifier(user, 'user') });
}

/** SYS_SESSION_HISTORY types user_id as char(50) and status as char: both compared trimmed. */
const ACTIVE_SESSIONS_SQL = "SELECT session_id FROM sys_session_history WHERE TRIM(user_id) = :user_id AND TRIM(status) = 'active' ORDER BY session_id";
export function activeSessionsStatement(userId: string): SqlStatement {
  return statement(ACTIVE_SESSIONS_SQL, { user_id: userId });
}

/** PG_TERMINATE_BACKEND's return type is documented as None: only its success or error counts. */
const TERMINATE_SQL = 'SELECT PG_TERMINATE_BACKEND(CAST(:session_id AS INTEGER))';
export function terminateStatement(sessionId: string): SqlStatement {
  if (!/^[0-9]{1,10}$/.test(sessionId)) throw new Error(`"${sessionId}" is not a session id`);
  return statement(TERMINATE_SQL, { session_id: sessionId });
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
  /** The user's sessions are ended after the revoke (the role's endSessionsOnRevoke). */
  endSessions?: { userId: SqlStatement };
}

export function accessStatements(mode: GrantMode, role: string, user: string, endSessions: boolean): AccessStatements {
  return {
    grant: grantStatement(mode, role, user),
    verify: verifyStatement(mode, role, user),
    revoke: revokeStatement(mode, role, user),
    ...(endSessions
      ? { endSessions: { userId: userIdStatement(user) } }
      : {}),
  };
}

/** What the approval message shows under "will run": now, then when access ends. */
export function willRun(statements: AccessStatements): string[] {
  const end = statements.endSessions;
  return [
    showStatement(statements.grant),
    showStatement(statements.verify),
    `-- when access ends:`,
    showStatement(statements.revoke),
    showStatement(statements.verify),
    ...(end
      ? [
          `-- then the user's open sessions end:`,
          showStatement(end.userId),
          `${ACTIVE_SESSIONS_SQL}  -- :user_id = the user_id above`,
          `${TERMINATE_SQL}  -- once per session_id above`,
        ]
      : []),
  ];
}
