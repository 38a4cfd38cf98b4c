import type { ApprovalRequest } from '../../approvals/types';
import { failureRecord, failureText } from '../shared/failure';
import { grantedMessage } from './blocks';
import { grantInForce, grantNotGranted, grantRetrying } from './grant-progress';
import type { AccessDetails } from './details';
import { mutateGrant, releaseSlot, type GrantRecord } from './grants';
import { changeOf, nextGrantState } from './grant-state';
import { directMessage } from './notify';
import { bestEffort } from '../../slack/best-effort';
import { durationWords, grantLabel, grantUnverifiedText, notGrantedText, retryingText, slackTime } from './texts';
import { grantMayHaveLanded, isTransient } from './transient';
import type { WorkContext } from '../types';

export type GrantContext = WorkContext & { jobId: string; actor: string };
export type AccessRequest = ApprovalRequest<AccessDetails>;
/** What a grant is of, as the slot and the messages name it. */
type GrantSubject = Pick<GrantRecord, 'role' | 'target' | 'dbUser'>;

/** Where a GRANT attempt stood when it failed: at the GRANT itself, or checking it afterwards (the GRANT ran). */
export type FailedStep = 'grant' | 'verify';

/**
 * A GRANT attempt failed. A transient fault within the request's life is tried again by the expiry
 * sweep (the grant stays `granting`, due at the retry); otherwise, or once that life is over, the
 * request is reported approved but not granted, undoing whatever may have reached Redshift.
 */
export async function grantAttemptFailed(
  context: GrantContext,
  requestId: string,
  d: GrantSubject,
  grantId: string,
  error: unknown,
  step: FailedStep,
): Promise<GrantAttempt> {
  const now = context.clock.now();
  const mayHold = step === 'verify' || grantMayHaveLanded(error);
  if (isTransient(error)) {
    // Within the request's life (grant-state.ts): the grant stays granting, due at the retry.
    const scheduled = await mutateGrant(context.store, grantId, (item) =>
      changeOf(nextGrantState(item, { type: 'grant-retry', error: failureText(error), mayHold }, now)),
    );
    const retryAt = scheduled?.dueAt;
    const attempts = scheduled?.data.grantRetry?.attempts ?? 0;
    if (scheduled && retryAt !== undefined) {
      const g = scheduled.data;
      await context.store.appendAudit({
        actor: context.actor,
        action: 'access.grant.retrying',
        target: g.target,
        input: { grantId, requestId, attempt: attempts },
        result: {
          ...failureRecord(error),
          retryAt: new Date(retryAt).toISOString(),
          until: new Date(g.grantRetry?.until ?? retryAt).toISOString(),
        },
      });
      // Said once, with when the trying stops; the outcome is said when it comes.
      if (attempts === 1) {
        const text = retryingText(g, error, retryAt, g.grantRetry?.until ?? retryAt);
        await bestEffort('note on the approval message that the GRANT is retried', () => context.approvals.note(requestId, text, context.slack), context.log);
      }
      // The status line follows every attempt: which one is next and until when.
      await grantRetrying(context, requestId, error, attempts, retryAt, g.grantRetry?.until ?? retryAt);
      return { grantId, granted: false, retryAt };
    }
  }
  return giveUp(context, requestId, d, grantId, error, mayHold);
}

/** No more tries: failed when nothing can have been granted, else undone through the revoke path. */
async function giveUp(
  context: GrantContext,
  requestId: string,
  d: GrantSubject,
  grantId: string,
  error: unknown,
  mayHold: boolean,
): Promise<GrantAttempt> {
  const now = context.clock.now();
  let attempts = 1;
  const why = failureText(error);
  const done = await mutateGrant(context.store, grantId, (item) => {
    attempts = (item.data.grantRetry?.attempts ?? 0) + 1;
    return changeOf(nextGrantState(item, { type: 'grant-gave-up', error: why, mayHold }, now));
  });
  if (!done) return { grantId, granted: false, already: 'settled' };
  // A GRANT that may have landed is undone through the revoke path; otherwise the grant failed.
  const landed = done.data.status === 'revoking';
  if (!landed) await releaseSlot(context.store, d, grantId);
  await context.store.appendAudit({
    actor: context.actor,
    action: landed ? 'access.grant.unverified' : 'access.grant.failed',
    target: d.target,
    input: { grantId, requestId, attempts },
    result: failureRecord(error),
  });
  await bestEffort(
    'note on the approval message that nothing was granted',
    () => context.approvals.note(requestId, notGrantedText(d, why, attempts, landed), context.slack),
    context.log,
  );
  await grantNotGranted(context, requestId, why, attempts, landed);
  return { grantId, granted: false, error: why };
}

/**
 * How one GRANT attempt ended, as the job records it: granted, waiting for its retry, settled by
 * someone else meanwhile, overtaken (revoked while it ran), or given up with why.
 */
export type GrantAttempt =
  | { grantId: string; granted: true; endsAt: number; statementId: string }
  | { grantId: string; granted: false; retryAt: number }
  | { grantId: string; granted: false; already: 'settled' }
  | { grantId: string; granted: false; overtakenBy: string | undefined }
  | { grantId: string; granted: false; error: string };

/** Note on the approval message, and the grantee's message with the I'm done button. */
export async function announce(
  context: GrantContext,
  request: AccessRequest,
  grantId: string,
  grant: GrantRecord,
  extended: boolean,
): Promise<void> {
  const what = `${grantLabel(grant.role, grant.target)} for \`${grant.dbUser}\``;
  await bestEffort(
    'note on the approval message that access is granted',
    () =>
      context.approvals.note(
        request.id,
        `:white_check_mark: ${extended ? 'Extended' : 'Granted'} ${what} until ${slackTime(grant.endsAt)} (${durationWords(grant.endsAt - context.clock.now())} from now; grant \`${grantId}\`).` +
          grantUnverifiedText(grant),
        context.slack,
      ),
    context.log,
  );
  await grantInForce(context, request.id, grant, extended);
  const posted = await directMessage(context.slack, grant.user, grantedMessage(grantId, grant, extended), context.log);
  const announcedAt = context.clock.now();
  if (!posted) {
    await mutateGrant(context.store, grantId, (item) => ({ data: { ...item.data, announcedAt } }));
    return;
  }
  const previous = grant.doneMessage;
  await mutateGrant(context.store, grantId, (item) => ({ data: { ...item.data, doneMessage: posted, announcedAt } }));
  // One live "I'm done" button per grant: the older message loses its button.
  if (previous) {
    await bestEffort(
      "chat.update of the old I'm done message",
      () =>
        context.slack.chat.update({
          channel: previous.channel,
          ts: previous.ts,
          text: `Grant \`${grantId}\` was extended; see the newer message.`,
          blocks: [],
        }),
      context.log,
    );
  }
}
