import {
  accessStatements,
  activeSessionsStatement,
  grantStatement,
  revokeStatement,
  showStatement,
  terminateStatement,
  userIdStatement,
  verifyStatement,
  willRun,
} from '../../../../src/features/access/sql';
import { InvalidIdentifierError } from '../../../../src/redshift/sql';

describe('access SQL', () => {
  test('role mode: GRANT ROLE / REVOKE ROLE, checked in SVV_USER_GRANTS with parameters', () => {
    expect(grantStatement('role', 'pii_users', 'alice')).toEqual({ sql: 'GRANT ROLE "pii_users" TO "alice"' });
    expect(revokeStatement('role', 'pii_users', 'alice')).toEqual({ sql: 'REVOKE ROLE "pii_users" FROM "alice"' });
    expect(verifyStatement('role', 'pii_users', 'alice')).toEqual({
      sql: 'SELECT user_name, role_name FROM svv_user_grants WHERE user_name = :user_name AND role_name = :role_name',
      parameters: { user_name: 'alice', role_name: 'pii_users' },
    });
  });

  test('group mode: ALTER GROUP ADD / DROP USER, checked in PG_GROUP through PG_USER', () => {
    expect(grantStatement('group', 'pii_users', 'alice').sql).toBe('ALTER GROUP "pii_users" ADD USER "alice"');
    expect(revokeStatement('group', 'pii_users', 'alice').sql).toBe('ALTER GROUP "pii_users" DROP USER "alice"');
    const verify = verifyStatement('group', 'pii_users', 'alice');
    expect(verify.sql).toContain('FROM pg_group g, pg_user u');
    expect(verify.sql).toContain('g.groname = :role_name AND u.usename = :user_name');
    expect(verify.parameters).toEqual({ user_name: 'alice', role_name: 'pii_users' });
  });

  test('sessions are found and ended with what both target kinds have: SVV_USER_INFO, SYS_SESSION_HISTORY, PG_TERMINATE_BACKEND', () => {
    expect(userIdStatement('Alice')).toEqual({ sql: 'SELECT user_id FROM svv_user_info WHERE user_name = :user_name', parameters: { user_name: 'alice' } });
    expect(activeSessionsStatement('104')).toEqual({
      sql: "SELECT session_id FROM sys_session_history WHERE TRIM(user_id) = :user_id AND TRIM(status) = 'active' ORDER BY session_id",
      parameters: { user_id: '104' },
    });
    expect(terminateStatement('1073807401')).toEqual({
      sql: 'SELECT PG_TERMINATE_BACKEND(CAST(:session_id AS INTEGER))',
      parameters: { session_id: '1073807401' },
    });
    for (const sql of [userIdStatement('alice'), activeSessionsStatement('1'), terminateStatement('1')].map((s) => s.sql)) {
      expect(sql).not.toMatch(/\b(stv|stl|svl|svcs)_/i);
    }
    expect(() => terminateStatement('1; DROP TABLE x')).toThrow(/not a session id/);
    expect(() => terminateStatement('')).toThrow(/not a session id/);
  });

  test('hostile names stay one quoted identifier: no second statement, no comment, no escape from the quotes', () => {
    const grant = grantStatement('role', 'pii_users; DROP TABLE pii.customers', `o'brien"; DROP TABLE x; --`);
    expect(grant.sql).toBe('GRANT ROLE "pii_users; drop table pii.customers" TO "o\'brien""; drop table x; --"');
    // Outside the quoted names only the fixed words remain.
    const outside = grant.sql.replace(/"(?:[^"]|"")*"/g, 'ID');
    expect(outside).toBe('GRANT ROLE ID TO ID');
    expect(revokeStatement('group', 'g /* x */', 'Zoë').sql).toBe('ALTER GROUP "g /* x */" DROP USER "zoë"');
    // Values in checks are parameters, never SQL text.
    const verify = verifyStatement('role', "x' OR '1'='1", 'alice');
    expect(verify.sql).not.toContain("'1'='1");
    expect(verify.parameters?.role_name).toBe("x' or '1'='1");
  });

  test('names Redshift could not hold are refused before any SQL exists', () => {
    expect(() => grantStatement('role', 'x'.repeat(128), 'alice')).toThrow(InvalidIdentifierError);
    expect(() => grantStatement('role', 'pii_users', 'ali\u0000ce')).toThrow(/control character/);
    expect(() => grantStatement('role', '', 'alice')).toThrow(/is empty/);
    expect(() => userIdStatement('é'.repeat(64))).toThrow(/longer than 127 bytes/);
  });

  test('approvers see each statement with its parameter values', () => {
    const shown = willRun(accessStatements('role', 'pii_users', 'alice', true));
    expect(shown).toEqual([
      'GRANT ROLE "pii_users" TO "alice"',
      "SELECT user_name, role_name FROM svv_user_grants WHERE user_name = :user_name AND role_name = :role_name  -- :user_name = 'alice', :role_name = 'pii_users'",
      '-- when access ends:',
      'REVOKE ROLE "pii_users" FROM "alice"',
      "SELECT user_name, role_name FROM svv_user_grants WHERE user_name = :user_name AND role_name = :role_name  -- :user_name = 'alice', :role_name = 'pii_users'",
      "-- then the user's open sessions end:",
      "SELECT user_id FROM svv_user_info WHERE user_name = :user_name  -- :user_name = 'alice'",
      "SELECT session_id FROM sys_session_history WHERE TRIM(user_id) = :user_id AND TRIM(status) = 'active' ORDER BY session_id  -- :user_id = the user_id above",
      'SELECT PG_TERMINATE_BACKEND(CAST(:session_id AS INTEGER))  -- once per session_id above',
    ]);
    expect(willRun(accessStatements('group', 'pii_users', 'alice', false))).toHaveLength(5);
    expect(showStatement({ sql: 'SELECT :v', parameters: { v: "it's" } })).toBe("SELECT :v  -- :v = 'it''s'");
  });
});
