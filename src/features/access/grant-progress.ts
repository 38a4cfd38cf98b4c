import { formatUtc } from '../../approvals/text';
import type { ProgressState } from '../../approvals/types';
import { reportProgress, type ProgressReporter } from '../shared/progress';
import type { GrantRecord } from './grants';
import { transientReason } from './transient';

/**
 * What the approval message's status says of a just-in-time grant (ApprovalWorkflow.progress): granting,
 * waiting out a fault, granted until when, not granted and why, ended. Plain words; the workflow
 * escapes them. Every report is best effort (shared/progress.ts).
 */

/** The GRANT is about to run (only then: a re-run that finds the grant made must not say it again). */
export async function grantStarted(context: ProgressReporter, requestId: string): Promise<void> {
  await reportProgress(context, [requestId], 'running', 'granting');
}

/** The GRANT met a transient fault; `attempts` have failed, the next is due at `retryAt`, none after `until`. */
export async function grantRetrying(context: ProgressReporter, requestId: string, error: unknown, attempts: number, retryAt: number, until: number): Promise<void> {
  const text = `granting — ${transientReason(error)}; attempt ${attempts + 1} at ${formatUtc(retryAt)}, trying until ${formatUtc(until)}; nothing granted yet`;
  await reportProgress(context, [requestId], 'retrying', text);
}

/** No more tries. `why` is failureText: never an account id or ARN. `undoing`: what may have landed is being revoked. */
export async function grantNotGranted(context: ProgressReporter, requestId: string, why: string, attempts: number, undoing: boolean): Promise<void> {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  const text = undoing ? `not granted: the grant could not be confirmed${tries} (${why}); undoing it` : `not granted${tries}: ${why}`;
  await reportProgress(context, [requestId], 'failed', text);
}

/** The request will not be granted (or `extension`: will not extend), for a reason of the bot's own: a changed config, a grant taken or ended meanwhile. */
export async function grantRefused(context: ProgressReporter, requestId: string, why: string, extension = false): Promise<void> {
  await reportProgress(context, [requestId], 'failed', `${extension ? 'not extended' : 'not granted'}: ${why}`);
}

/**
 * In force until the grant's end. An extension moves the end for every request behind the grant, so
 * each says the new end: the extending request "extended until", the others "granted until … (extended)".
 */
export async function grantInForce(
  context: ProgressReporter,
  requestId: string,
  g: Pick<GrantRecord, 'endsAt' | 'grantConfirmation' | 'requestId' | 'requests' | 'status'>,
  extended: boolean,
): Promise<void> {
  const unverified = g.grantConfirmation === 'cannot-verify' ? '; Redshift cannot confirm it to the bot' : '';
  const until = formatUtc(g.endsAt);
  await reportProgress(context, [requestId], 'done', `${extended ? 'extended' : 'granted'} until ${until}${unverified}`);
  // A grant still waiting out a fault keeps saying so on its own request until its GRANT is through.
  if (!extended || g.status !== 'active') return;
  const others = [g.requestId, ...g.requests].filter((id) => id !== requestId);
  await reportProgress(context, others, 'done', `granted until ${until} (extended by a later request)${unverified}`);
}

/** The words for a grant that is over, by why it ended. */
export function endedProgress(g: Pick<GrantRecord, 'revokeCause' | 'revokeConfirmation'>, at: number): { state: ProgressState; text: string } {
  const unverified = g.revokeConfirmation === 'cannot-verify' ? '; Redshift cannot confirm the revoke to the bot' : '';
  switch (g.revokeCause) {
    case 'unverified':
      return { state: 'failed', text: `not granted: the unconfirmed grant was undone at ${formatUtc(at)}${unverified}` };
    case 'revoked':
      return { state: 'ended', text: `access revoked at ${formatUtc(at)}${unverified}` };
    case 'done':
      return { state: 'ended', text: `access ended at ${formatUtc(at)}, when the user was done${unverified}` };
    default:
      return { state: 'ended', text: `access ended at ${formatUtc(at)}: its time was up${unverified}` };
  }
}

/** The grant is revoked: every request that granted or extended it says so. */
export async function grantEnded(context: ProgressReporter, g: Pick<GrantRecord, 'requestId' | 'requests' | 'revokeCause' | 'revokeConfirmation' | 'revokedAt'>): Promise<void> {
  const at = g.revokedAt ?? context.clock.now();
  const { state, text } = endedProgress(g, at);
  await reportProgress(context, [g.requestId, ...g.requests], state, text, at);
}
