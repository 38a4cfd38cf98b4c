import { checkByHand } from './confirm';
import type { GrantRecord } from './grants';
import { grantLabel, slackTime } from './texts';
import { formatDuration } from '../../config/duration';

/** The revoke form's answer to a submission whose form the bot did not open for this user. */
export const REVOKE_FORM_UNKNOWN =
  'This form was not opened for you by the bot, or has been open for more than a day. Run `/redshift access revoke` again. Nothing was changed.';

/** Words for a grant that has ended: why, whether Redshift confirmed it, and what became of the sessions. */

/** What ending the user's sessions did, as one sentence (empty when the role does not end sessions). */
export function sessionsText(g: Pick<GrantRecord, 'endSessionsOnRevoke' | 'sessions' | 'dbUser'>): string {
  const s = g.sessions;
  if (!g.endSessionsOnRevoke || !s) return '';
  if (s.error !== undefined) {
    const tally = s.found > 0 ? ` (${s.ended} of ${s.found} ended)` : '';
    return ` :warning: Sessions of \`${g.dbUser}\` may still be open${tally}: ${s.error}.`;
  }
  if (s.found === 0) return ` \`${g.dbUser}\` had no open sessions.`;
  return ` Open sessions were ended (${s.ended}).`;
}

/** "revoked; cannot verify" with the reason and the check a superuser can run. */
export function revokeUnverifiedText(g: Pick<GrantRecord, 'revokeConfirmation' | 'unverifiedReason' | 'mode' | 'role' | 'dbUser'>): string {
  if (g.revokeConfirmation !== 'cannot-verify') return '';
  return ` Revoked; cannot verify: ${g.unverifiedReason ?? 'the check could not be made'}. A superuser can check (no row means revoked): \`${checkByHand(g.mode, g.role, g.dbUser)}\`.`;
}

export function endedText(grantId: string, g: GrantRecord, now: number): string {
  const what = `${grantLabel(g.role, g.target)} for \`${g.dbUser}\` (grant \`${grantId}\`)`;
  const after = `${revokeUnverifiedText(g)}${sessionsText(g)}`;
  switch (g.revokeCause) {
    case 'revoked':
      return `:lock: Access to ${what} was revoked by <@${g.revokedBy}> at ${slackTime(now)}.${after}`;
    case 'done':
      return `:lock: Access to ${what} ended at ${slackTime(now)}: <@${g.user}> was done.${after}`;
    case 'unverified':
      return `:lock: The unconfirmed grant ${what} was undone at ${slackTime(now)}.${after}`;
    default:
      return `:lock: Access to ${what} ended at ${slackTime(now)}: its time was up.${after}`;
  }
}

/** For the approvals channel when the revoke holds but the user's sessions may not have ended. */
export function sessionsLeftOpenText(grantId: string, g: GrantRecord): string {
  return (
    `:warning: ${grantLabel(g.role, g.target)} was revoked from \`${g.dbUser}\` (<@${g.user}>, grant \`${grantId}\`), ` +
    `but sessions of \`${g.dbUser}\` may still be open: ${g.sessions?.error ?? 'unknown'}. The revoke itself holds and is not retried. ` +
    `A superuser can end them: \`SELECT user_id FROM svv_user_info WHERE user_name = '${g.dbUser.replace(/'/g, "''")}'\` gives the user's id, ` +
    `\`SELECT session_id FROM sys_session_history WHERE TRIM(user_id) = '<user_id>' AND TRIM(status) = 'active'\` its sessions, ` +
    `and \`SELECT PG_TERMINATE_BACKEND(<session_id>)\` ends each.`
  );
}

/** For the approvals channel while a revoke keeps failing: at ESCALATE_AFTER attempts, then every ESCALATE_EVERY_MS. */
export function escalationText(grantId: string, g: GrantRecord, attempts: number, error: string, nextAttemptAt: number, now: number): string {
  const over = now > g.endsAt ? ` ${formatDuration(now - g.endsAt)} past its end` : '';
  return (
    `:rotating_light: I could not revoke ${grantLabel(g.role, g.target)} from \`${g.dbUser}\` (<@${g.user}>, grant \`${grantId}\`) ` +
    `after ${attempts} attempts: ${error}. They still hold it${over}. I retry at every expiry sweep (next at ${slackTime(nextAttemptAt)}) ` +
    `and remind here while it fails, until it is confirmed; to end it by hand: \`REVOKE ROLE ${g.role} FROM ${g.dbUser}\`.`
  );
}
