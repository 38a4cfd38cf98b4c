import { probeSystemAccess, type SystemAccess } from '../../redshift/visibility';
import { runAudited } from './run-sql';
import { grantStatement, verifyStatement, type GrantMode } from './sql';
import type { WorkContext } from '../types';

/**
 * What the bot's database identity can prove about role membership and sessions. SVV_USER_GRANTS
 * shows a regular user only the roles granted to that user (superusers and users with the ACCESS
 * SYSTEM TABLE permission see all, and the bot cannot tell whether it has that permission); only a
 * superuser may alter groups, and PG_GROUP's visibility is not documented. So only a superuser's
 * empty check means "not held". Likewise SYS_SESSION_HISTORY shows a regular user only its own
 * sessions, and PG_TERMINATE_BACKEND ends only the caller's own unless it is a superuser.
 */
export type Visibility = { sees: true } | { sees: false; why: string };

function identity(access: SystemAccess): string {
  return access.user === '' ? "the bot's database identity" : `the bot's database user \`${access.user}\``;
}

/** Whether an empty membership check proves the user does not hold the role or group. */
export function membershipVisibility(mode: GrantMode, access: SystemAccess): Visibility {
  if (access.superuser) return { sees: true };
  const view = mode === 'role' ? 'SVV_USER_GRANTS shows it only the roles granted to itself' : 'PG_GROUP may not show it other users';
  return { sees: false, why: `${identity(access)} is not a superuser, so ${view}` };
}

/** Whether the identity can find and end another user's sessions. */
export function sessionsVisibility(access: SystemAccess): Visibility {
  if (access.superuser) return { sees: true };
  return {
    sees: false,
    why: `${identity(access)} is not a superuser, so SYS_SESSION_HISTORY shows it only its own sessions and PG_TERMINATE_BACKEND ends only its own`,
  };
}

export type Membership =
  { state: 'held' | 'not-held'; statementId: string; access: SystemAccess } | { state: 'cannot-verify'; why: string; access: SystemAccess };

/**
 * Asks Redshift who the bot is, then checks membership only where an empty answer means something.
 * Throws when a statement fails (the caller decides: undo a grant, retry a revoke).
 */
export async function checkMembership(
  context: Pick<WorkContext, 'config' | 'sql' | 'store'>,
  run: { target: string; grantId: string; actor: string; phase: 'verify' | 'verify-revoke' },
  grant: { mode: GrantMode; role: string; dbUser: string },
): Promise<Membership> {
  const target = context.config.targets[run.target];
  if (!target) throw new Error(`target ${run.target} is no longer in chatops.yml`);
  const access = await probeSystemAccess(context.sql, target);
  const visibility = membershipVisibility(grant.mode, access);
  if (!visibility.sees) return { state: 'cannot-verify', why: visibility.why, access };
  const result = await runAudited(context, { ...run, statement: verifyStatement(grant.mode, grant.role, grant.dbUser) });
  return { state: result.totalRows > 0 ? 'held' : 'not-held', statementId: result.id, access };
}

/**
 * For an extension: the role is held, or granted again when a check that can see says it is not.
 * Returns the confirming statement, or why the identity cannot check. `grantToken`: the ClientToken
 * of that GRANT (client-token.ts).
 */
export async function confirmOrGrantAgain(
  context: Pick<WorkContext, 'config' | 'sql' | 'store'>,
  run: { target: string; grantId: string; actor: string; phase: 'verify' },
  grant: { mode: GrantMode; role: string; dbUser: string },
  grantToken?: string,
): Promise<{ statementId?: string; why?: string }> {
  let check = await checkMembership(context, run, grant);
  if (check.state === 'not-held') {
    await runAudited(context, { ...run, phase: 'grant', statement: grantStatement(grant.mode, grant.role, grant.dbUser), clientToken: grantToken });
    check = await checkMembership(context, run, grant);
  }
  switch (check.state) {
    case 'held':
      return { statementId: check.statementId };
    case 'cannot-verify':
      return { why: check.why };
    default:
      throw new Error(`${grant.dbUser} still does not hold ${grant.role} after GRANT`);
  }
}

/** The check a person with superuser rights can run by hand. */
export function checkByHand(mode: GrantMode, roleName: string, dbUserName: string): string {
  const [role, dbUser] = [roleName, dbUserName].map((name) => name.replace(/'/g, "''"));
  return mode === 'role'
    ? `SELECT 1 FROM svv_user_grants WHERE user_name = '${dbUser}' AND role_name = '${role}'`
    : `SELECT 1 FROM pg_group g JOIN pg_user u ON u.usesysid = ANY (g.grolist) WHERE g.groname = '${role}' AND u.usename = '${dbUser}'`;
}
