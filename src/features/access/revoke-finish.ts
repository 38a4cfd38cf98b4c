import { probeSystemAccess, type SystemAccess } from '../../redshift/visibility';
import type { Item } from '../../store/store';
import { failureText } from '../shared/failure';
import { endedMessage } from './blocks';
import { runnerWithDeadline } from './deadline';
import { endUserSessions } from './end-sessions';
import { grantEnded } from './grant-progress';
import { mutateGrant, type GrantRecord, type SessionsOutcome } from './grants';
import { changeOf, nextGrantState, phaseOf } from './grant-state';
import { directMessage } from './notify';
import { bestEffort } from '../../slack/best-effort';
import { endedText, sessionsLeftOpenText } from './revoke-texts';
import { grantLabel } from './texts';
import type { WorkContext } from '../types';

/**
 * What follows a revoke that holds: end the user's sessions (roles with endSessionsOnRevoke), then
 * announce the end. The revoke is recorded `revoked` with `finishing` set and due when its lease
 * ends, so if the process dies before this is done the expiry sweep resumes it (finishRevoke) and
 * the sessions are ended and the end announced after all. Ending sessions is never retried once it
 * has a recorded outcome: a failure is said, with how to end them by hand.
 */

/** How long one finishing attempt holds the grant, and how long before that its statements stop. */
export const FINISH_LEASE_MS = 45_000;
const FINISH_MARGIN_MS = 5_000;
const FINISH_STATEMENT_MS = 12_000;

/** What the revoke already knows when it finishes at once (the identity probe it ran). */
export interface FinishHint {
  access?: SystemAccess;
}

/** Whether a grant is revoked but its sessions or its announcement are still to come. */
export function isFinishing(g: GrantRecord): boolean {
  return phaseOf(g) === 'finishing';
}

/**
 * Claims a `finishing` grant whose lease has run out (a process died mid-way): for the sweep.
 * Resolves undefined when there is nothing to resume or another attempt holds it.
 */
export async function claimFinish(
  context: Pick<WorkContext, 'store' | 'clock'>,
  grantId: string,
  by: string,
): Promise<Item<GrantRecord> | undefined> {
  const now = context.clock.now();
  return mutateGrant(context.store, grantId, (item) => changeOf(nextGrantState(item, { type: 'claim-finish', by, leaseMs: FINISH_LEASE_MS }, now)));
}

/** Ends the sessions (once), announces the end, then clears `finishing`. `claimed` holds this attempt's lease. */
export async function finishRevoke(
  context: WorkContext,
  grantId: string,
  by: string,
  claimed: Item<GrantRecord>,
  hint: FinishHint = {},
): Promise<GrantRecord> {
  let g = claimed.data;
  const lease = g.leaseUntil;
  if (g.endSessionsOnRevoke && g.sessions === undefined) {
    const sessions = await endSessions(context, g, grantId, by, lease ?? context.clock.now() + FINISH_LEASE_MS, hint);
    const now = context.clock.now();
    // Only while the lease is still this attempt's (grant-state.ts).
    const after = await mutateGrant(context.store, grantId, (item) => changeOf(nextGrantState(item, { type: 'sessions-ended', lease, by, sessions }, now)));
    // Another attempt took over (this one outlived its lease): it reports; say nothing twice.
    if (!after) return g;
    g = after.data;
    await context.store.appendAudit({
      actor: by,
      action: sessions.error === undefined ? 'access.sessions.ended' : 'access.sessions.failed',
      target: g.target,
      input: { grantId, dbUser: g.dbUser },
      result: { found: sessions.found, ended: sessions.ended, ...(sessions.error === undefined ? {} : { error: sessions.error }) },
    });
    if (sessions.error !== undefined) {
      const text = sessionsLeftOpenText(grantId, g);
      await bestEffort(
        'chat.postMessage of the sessions left open to the approvals channel',
        () => context.slack.chat.postMessage({ channel: context.config.channels.approvals, text }),
        context.log,
      );
    }
  }
  // Earlier attempts failed often enough to be escalated: say it is resolved where they heard of it.
  await tellRevoked(context, grantId, g, g.escalatedAt !== undefined);
  const now = context.clock.now();
  const finished = await mutateGrant(context.store, grantId, (item) => changeOf(nextGrantState(item, { type: 'finished', lease }, now)));
  return finished?.data ?? g;
}

async function endSessions(
  context: WorkContext,
  g: GrantRecord,
  grantId: string,
  by: string,
  leaseUntil: number,
  hint: FinishHint,
): Promise<SessionsOutcome> {
  const target = context.config.targets[g.target];
  if (!target) return { found: 0, ended: 0, error: `target ${g.target} is no longer in chatops.yml` };
  // Every statement ends (or is cancelled) before the lease does, so a resumed attempt never races this one.
  const sql = runnerWithDeadline(
    context.sql,
    context.clock,
    leaseUntil - FINISH_MARGIN_MS,
    FINISH_STATEMENT_MS,
    `ending the sessions of ${g.dbUser}`,
  );
  const bounded = { ...context, sql };
  let access = hint.access;
  if (!access) {
    try {
      access = await probeSystemAccess(sql, target);
    } catch (error) {
      return { found: 0, ended: 0, error: failureText(error) };
    }
  }
  return endUserSessions(bounded, { target: g.target, grantId, actor: by, attempt: g.attempts }, g.dbUser, access);
}

/**
 * Says the grant ended once to each audience. The grantee hears it in one place: their grant message
 * (the one with I'm done) is edited to say it, so the message that said "you hold it until …" now says
 * it is over, with no new message; only when that message was never delivered do they get a new DM.
 * Approvers keep the record in the approval message's thread. The requests' status lines are redrawn
 * (grantEnded): an edit, not another notice.
 */
async function tellRevoked(context: WorkContext, grantId: string, g: GrantRecord, escalated: boolean): Promise<void> {
  const now = context.clock.now();
  const text = endedText(grantId, g, now);
  await bestEffort('note in the approval thread that access ended', () => noteForApprovers(context, g.requestId, text), context.log);
  await grantEnded(context, g);
  const done = g.doneMessage;
  if (done) {
    await bestEffort(
      "chat.update of the grantee's I'm done message",
      () => context.slack.chat.update({ channel: done.channel, ts: done.ts, ...endedMessage(text) }),
      context.log,
    );
  } else {
    // directMessage logs its own failure; its undefined (not delivered) changes nothing here.
    await directMessage(context.slack, g.user, { text }, context.log);
  }
  if (escalated) {
    await bestEffort(
      'chat.postMessage of the resolved revoke to the approvals channel',
      () =>
        context.slack.chat.postMessage({
          channel: context.config.channels.approvals,
          text: `:white_check_mark: Resolved: ${grantLabel(g.role, g.target)} was revoked from \`${g.dbUser}\` (grant \`${grantId}\`) after ${g.attempts} attempts.`,
        }),
      context.log,
    );
  }
}

/** Posts `text` in the approval message's thread only: the requester hears of the end in their grant message. */
async function noteForApprovers(context: WorkContext, requestId: string, text: string): Promise<void> {
  const ref = (await context.approvals.get(requestId))?.approvalMessage;
  if (ref) await context.slack.chat.postMessage({ channel: ref.channel, thread_ts: ref.ts, text });
}
