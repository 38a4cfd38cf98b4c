import type { SystemAccess } from '../../redshift/visibility';
import { failureText } from '../shared/failure';
import { sessionsVisibility } from './confirm';
import type { SessionsOutcome } from './grants';
import { clientTokenFor } from './client-token';
import { runAudited } from './run-sql';
import { activeSessionsStatement, terminateStatement, userIdStatement } from './sql';
import type { WorkContext } from '../types';

/** More sessions than this for one user is not a person's; the rest are named as possibly open. */
export const MAX_SESSIONS_ENDED = 50;

interface Run {
  target: string;
  grantId: string;
  actor: string;
  /** The revoke attempt these sessions are ended for: part of each PG_TERMINATE_BACKEND's ClientToken. */
  attempt: number;
}

/**
 * Ends the user's active sessions after a revoke, so queries already running lose the role too.
 * Never throws: the revoke already holds, and what could not be ended is returned for the message.
 */
export async function endUserSessions(
  context: Pick<WorkContext, 'config' | 'sql' | 'store'>,
  run: Run,
  dbUser: string,
  access: SystemAccess,
): Promise<SessionsOutcome> {
  const visibility = sessionsVisibility(access);
  if (!visibility.sees) return { found: 0, ended: 0, error: visibility.why };
  const step = { target: run.target, grantId: run.grantId, actor: run.actor, phase: 'end-sessions' as const };
  let found = 0;
  let ended = 0;
  try {
    const user = await runAudited(context, { ...step, statement: userIdStatement(dbUser) });
    const userId = user.rows[0]?.user_id;
    // A superuser sees every user's row: none means the user does not exist, so it has no sessions.
    if (userId === undefined || userId === null) return { found: 0, ended: 0 };
    const sessions = await runAudited(context, { ...step, statement: activeSessionsStatement(String(userId).trim()) });
    const ids = sessions.rows.map((row) => String(row.session_id ?? '').trim()).filter((id) => id !== '');
    found = ids.length;
    const errors: string[] = [];
    for (const id of ids.slice(0, MAX_SESSIONS_ENDED)) {
      try {
        // Only the terminations carry a token: a re-run after a crash does not send them twice.
        const clientToken = clientTokenFor(run.grantId, `end${run.attempt}`, id);
        await runAudited(context, { ...step, statement: terminateStatement(id), clientToken });
        ended += 1;
      } catch (error) {
        errors.push(`session ${id}: ${failureText(error)}`);
      }
    }
    if (ids.length > MAX_SESSIONS_ENDED) errors.push(`${ids.length - MAX_SESSIONS_ENDED} more sessions were not tried`);
    return errors.length === 0 ? { found, ended } : { found, ended, error: errors.join('; ') };
  } catch (error) {
    return { found, ended, error: failureText(error) };
  }
}
