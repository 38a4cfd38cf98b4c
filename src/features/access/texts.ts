import { formatDuration } from '../../config/duration';
import { checkByHand } from './confirm';
import type { GrantRecord } from './grants';

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
