import { SqlError } from './errors';
import { isWord, type Token } from './lexer';
import type { MaintenanceContext } from './table-maintenance';

/**
 * `ALTER USER name [WITH] SYSLOG ACCESS { RESTRICTED | UNRESTRICTED }` (dg/r_ALTER_USER.html). A user
 * with UNRESTRICTED sees every row of the system views that show regular users only their own
 * (dg/cm_chap_system-tables.html, "Visibility of data in system tables and views"), never those
 * visible only to superusers; SVV_USER_INFO.syslog_access reports it. Only a superuser may set it
 * here; the refusal is worded as Postgres words a missing privilege, since the page gives no text.
 */
export interface SyslogAccessTranslation {
  kind: 'syslog-access';
  user: string;
  unrestricted: boolean;
}

const fold = (token: Token) => (token.kind === 'identifier' ? token.text.slice(1, -1).replace(/""/g, '"') : token.text.toLowerCase());

/** The statement's SYSLOG ACCESS change (code tokens only), or undefined for any other statement. */
export function parseSyslogAccess(code: readonly Token[]): SyslogAccessTranslation | undefined {
  if (!isWord(code[0], 'ALTER') || !isWord(code[1], 'USER')) return undefined;
  const name = code[2];
  if (name === undefined || (name.kind !== 'word' && name.kind !== 'identifier')) return undefined;
  const rest = isWord(code[3], 'WITH') ? code.slice(4) : code.slice(3);
  if (rest.length !== 3 || !isWord(rest[0], 'SYSLOG') || !isWord(rest[1], 'ACCESS') || !isWord(rest[2], 'RESTRICTED', 'UNRESTRICTED')) {
    return undefined;
  }
  return { kind: 'syslog-access', user: fold(name), unrestricted: rest[2].text.toUpperCase() === 'UNRESTRICTED' };
}

export async function alterSyslogAccess(
  context: Pick<MaintenanceContext, 'db' | 'asAdmin'> & { superuser: boolean },
  change: SyslogAccessTranslation,
): Promise<void> {
  if (!context.superuser) throw new SqlError('ERROR: permission denied to alter user', '42501');
  await context.asAdmin(async () => {
    const user = await context.db.query('SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin', [change.user]);
    if (user.rows.length === 0) throw new SqlError(`ERROR: user "${change.user}" does not exist`, '42704');
    await context.db.query(
      change.unrestricted
        ? 'INSERT INTO redshift_internal.syslog_unrestricted VALUES ($1) ON CONFLICT DO NOTHING'
        : 'DELETE FROM redshift_internal.syslog_unrestricted WHERE user_name = $1',
      [change.user],
    );
  });
}
