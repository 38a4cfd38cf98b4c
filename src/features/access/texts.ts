import { formatDuration } from '../../config/duration';
import { checkByHand } from './confirm';
import type { GrantRecord } from './grants';
import { transientReason } from './transient';
import { failureText } from '../shared/failure';

/** Words shared by the access messages. */

/** A time Slack shows in each reader's own zone, with UTC as the fallback text. */
export function slackTime(ms: number): string {
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

export function durationWords(ms: number): string {
  return formatDuration(ms);
}

export function grantLabel(role: string, target: string): string {
  return `\`${role}\` on *${target}*`;
}

/** "granted; cannot verify" with the reason and the check a superuser can run (empty when confirmed). */
export function grantUnverifiedText(g: Pick<GrantRecord, 'grantConfirmation' | 'unverifiedReason' | 'mode' | 'role' | 'dbUser'>): string {
  if (g.grantConfirmation !== 'cannot-verify') return '';
  return (
    ` :warning: Granted; cannot verify: ${g.unverifiedReason ?? 'the check could not be made'}. ` +
    `The grant is kept as active, unverified, and ends as planned. A superuser can check (a row means held): \`${checkByHand(g.mode, g.role, g.dbUser)}\`.`
  );
}

/** While a GRANT waits for a transient fault to pass: approved, not yet granted, and until when it is tried. */
export function retryingText(g: Pick<GrantRecord, 'role' | 'target' | 'dbUser'>, error: unknown, retryAt: number, until: number): string {
  return (
    `:hourglass_flowing_sand: Approved; granting ${grantLabel(g.role, g.target)} to \`${g.dbUser}\` — ${transientReason(error)}, retrying at ${slackTime(retryAt)}. ` +
    `Nothing is granted yet. I keep trying until ${slackTime(until)} and say here when it is granted or I give up. (${failureText(error)})`
  );
}

/** The end of a request that was approved but whose GRANT never held. */
export function notGrantedText(d: Pick<GrantRecord, 'role' | 'target' | 'dbUser'>, why: string, attempts: number, undoing: boolean): string {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return undoing
    ? `:x: Approved, but not granted: I could not confirm the grant of ${grantLabel(d.role, d.target)} to \`${d.dbUser}\`${tries} (${why}), so I am undoing it.`
    : `:x: Approved, but not granted: the GRANT of ${grantLabel(d.role, d.target)} to \`${d.dbUser}\` failed${tries}; nothing was granted. ${why}`;
}
