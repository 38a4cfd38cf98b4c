import type { Target } from '../config/targets';
import type { Row } from './data/rows';
import type { SqlRunner } from './sql-runner';
import { statement, type SqlStatement } from './sql';

/**
 * What the bot's own database identity can see in Redshift's system views. Superusers see every
 * row; a regular user sees only its own rows of the "own rows" views (all of them with SYSLOG ACCESS
 * UNRESTRICTED) and nothing of the superuser-only ones. See "Visibility of data in system tables and
 * views" and SVV_USER_INFO in the Database Developer Guide; the catalog (src/redshift/catalog) says
 * which view is which. A report built on rows the identity cannot see must say so, never read the
 * missing rows as "nothing happened".
 */
export interface SystemAccess {
  /** The database user the statements run as (current_user). */
  user: string;
  superuser: boolean;
  /** SVV_USER_INFO.syslog_access = 'UNRESTRICTED': all rows of the own-rows views. */
  syslogUnrestricted: boolean;
}

/** How a system view shows its rows, as its documentation page states. */
export type ViewVisibility = 'all' | 'own-rows' | 'superuser';

/** SVV_USER_INFO is visible to all users, each seeing at least its own row; both target kinds. */
export function systemAccessStatement(): SqlStatement {
  return statement(
    'SELECT TRIM(user_name) AS user_name, superuser, TRIM(syslog_access) AS syslog_access, current_user AS me ' +
      'FROM svv_user_info WHERE user_name = current_user',
  );
}

/** No row back (the view shows nothing to this identity) is read as the least access. */
export function systemAccessFrom(rows: readonly Row[]): SystemAccess {
  const row = rows[0];
  if (!row) return { user: '', superuser: false, syslogUnrestricted: false };
  return {
    user: String(row.user_name ?? row.me ?? '').trim(),
    superuser: row.superuser === true || row.superuser === 'true' || row.superuser === 't',
    syslogUnrestricted:
      String(row.syslog_access ?? '')
        .trim()
        .toUpperCase() === 'UNRESTRICTED',
  };
}

/** Whether the identity sees every row of a view with this visibility. */
export function seesAllRows(access: SystemAccess, visibility: ViewVisibility): boolean {
  if (visibility === 'all' || access.superuser) return true;
  return visibility === 'own-rows' && access.syslogUnrestricted;
}

/** One statement: who the bot is on this target and what it can see. */
export async function probeSystemAccess(sql: Pick<SqlRunner, 'execute'>, target: Target): Promise<SystemAccess> {
  const result = await sql.execute(target, systemAccessStatement());
  return systemAccessFrom(result.rows);
}

/** The words a report uses when rows are hidden from the bot's identity. */
export function cannotSeeText(access: SystemAccess, view: string, visibility: ViewVisibility): string {
  const who = access.user === '' ? "the bot's database identity" : `the bot's database user ${access.user}`;
  const shown = visibility === 'superuser' ? 'shows it nothing' : 'shows it only its own rows';
  return `cannot see: ${who} is not a superuser, so ${view.toUpperCase()} ${shown} (see docs/PERMISSIONS.md)`;
}
