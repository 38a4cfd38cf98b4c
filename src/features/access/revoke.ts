import { crashPoint } from '../../crash-point';
import type { Item } from '../../store/store';
import { failureDetail, failureRecord, failureText } from '../shared/failure';
import { checkMembership, type Membership } from './confirm';
import { FINISH_LEASE_MS, finishRevoke } from './revoke-finish';
import { getGrant, mutateGrant, releaseSlot, type GrantRecord, type RevokeCause } from './grants';
import { changeOf, nextGrantState, type GrantRefusal } from './grant-state';
import { bestEffort } from '../../slack/best-effort';
import { escalationText } from './revoke-texts';
import { clientTokenFor } from './client-token';
import { runAudited } from './run-sql';
import { revokeStatement } from './sql';
import { runnerWithDeadline } from './deadline';
import { nextSweepAt } from './sweep';
import type { WorkContext } from '../types';

/**
 * While one revoke runs, nobody else starts one on the same grant. Short, so a process that dies
 * mid-revoke holds the grant up for less than a minute past the next sweep; its statements are
 * bounded to end (or be cancelled) before it runs out: see REVOKE_STATEMENT_MS and LEASE_MARGIN_MS.
 */
export const REVOKE_LEASE_MS = 45_000;
/** The most one revoke statement (REVOKE, the identity probe, the check) is waited for before it is cancelled. */
export const REVOKE_STATEMENT_MS = 12_000;
/** The statements stop this long before the lease ends, leaving time to record the outcome. */
export const LEASE_MARGIN_MS = 5_000;
/** The approvals channel hears of a failing revoke at this attempt… */
export const ESCALATE_AFTER = 3;
/** …then again this often while it keeps failing, until the revoke is confirmed (every sweep would flood it). */
export const ESCALATE_EVERY_MS = 15 * 60_000;

/** Whether this failed attempt tells the approvals channel (again). */
export function shouldEscalate(attempts: number, lastEscalatedAt: number | undefined, now: number): boolean {
  if (attempts < ESCALATE_AFTER) return false;
  return lastEscalatedAt === undefined || now - lastEscalatedAt >= ESCALATE_EVERY_MS;
}

export interface RevokeRequest {
  grantId: string;
  cause: RevokeCause;
  /** Slack user id, or `system` for the expiry. */
  by: string;
}

export type RevokeOutcome =
  | { outcome: 'revoked'; grant: GrantRecord }
  /** nextAttemptAt: the next expiry sweep, which retries it. */
  | { outcome: 'retrying'; grant: GrantRecord; error: string; nextAttemptAt: number }
  | { outcome: 'not-due' | 'busy' | 'already' | 'missing'; grant?: GrantRecord };

/**
 * The one revoke path (expiry, `access revoke`, I'm done): claim the grant with a conditional write,
 * REVOKE, check it is gone, record it revoked, then end sessions if the role says so, and tell. A
 * failing REVOKE or check keeps the grant `revoking` and due at once, so every expiry sweep retries
 * it until it works (no backoff: access past its end is what this path exists to prevent). Once the
 * REVOKE holds, nothing after it (ending sessions, notices) sends the grant back: it is recorded
 * `revoked` and `finishing`, and what follows is a recorded step (revoke-finish.ts) the sweep resumes
 * if this process dies; a follow-up failure is recorded and said, never retried. Writes after the claim only land while the claim is still
 * this attempt's, so a revoke finishing after its lease ran out and another took over changes nothing.
 */
export async function revokeGrant(context: WorkContext, request: RevokeRequest): Promise<RevokeOutcome> {
  const { store, clock } = context;
  const now = clock.now();
  let refused: 'not-due' | 'busy' | 'already' | undefined;
  let seen: GrantRecord | undefined;
  let abandoned: GrantRecord | undefined;
  const claimed = await mutateGrant(store, request.grantId, (item) => {
    seen = item.data;
    const step = nextGrantState(item, { type: 'claim-revoke', cause: request.cause, by: request.by, leaseMs: REVOKE_LEASE_MS }, now);
    refused = step.ok ? undefined : claimRefusal(step.refused);
    if (!step.ok) return undefined;
    // A lease left behind (the state machine takes the grant over): the process running that attempt died (or hung) before it recorded anything.
    abandoned = item.data.status === 'revoking' && item.data.leaseUntil !== undefined ? item.data : undefined;
    return step.change;
  });
  if (!claimed) return { outcome: seen ? (refused ?? 'busy') : 'missing', grant: seen };
  const lost = abandoned;
  if (lost) {
    await store.appendAudit({
      actor: 'system',
      action: 'access.revoke.abandoned',
      target: lost.target,
      input: { grantId: request.grantId, attempt: lost.attempts },
      result: { leaseUntil: new Date(lost.leaseUntil ?? now).toISOString(), retriedBy: request.by },
    });
  }

  const g = claimed.data;
  const base = { target: g.target, grantId: request.grantId, actor: request.by };
  // Every statement ends (or is cancelled) before the lease does, leaving time to record the outcome.
  const deadline = (g.leaseUntil ?? now + REVOKE_LEASE_MS) - LEASE_MARGIN_MS;
  const bounded = { ...context, sql: runnerWithDeadline(context.sql, clock, deadline, REVOKE_STATEMENT_MS, `revoke attempt ${g.attempts}`) };
  let statementId: string;
  let check: Membership;
  try {
    // One token per attempt, never the abandoned attempt's: its REVOKE may still hang, and waiting on
    // (or cancelling) that statement would hold the revoke up; a second REVOKE changes nothing.
    const clientToken = clientTokenFor(request.grantId, 'revoke', g.attempts);
    statementId = (await runAudited(bounded, { ...base, phase: 'revoke', statement: revokeStatement(g.mode, g.role, g.dbUser), clientToken })).id;
    check = await checkMembership(bounded, { ...base, phase: 'verify-revoke' }, g);
    if (check.state === 'held') throw new Error(`${g.dbUser} still holds ${g.role} after the revoke (Data API statement ${check.statementId})`);
  } catch (error) {
    return await failed(context, claimed, request, error);
  }
  return revoked(context, claimed, request, statementId, check);
}

/** A claim the state machine refused, as the revoke's outcome: an ended grant is `already` revoked. */
function claimRefusal(refused: GrantRefusal): 'not-due' | 'busy' | 'already' {
  if (refused === 'wrong-phase') return 'already';
  return refused === 'not-due' ? 'not-due' : 'busy';
}

async function revoked(context: WorkContext, claimed: Item<GrantRecord>, request: RevokeRequest, statementId: string, check: Membership): Promise<RevokeOutcome> {
  const now = context.clock.now();
  const why = check.state === 'cannot-verify' ? check.why : undefined;
  // Recorded revoked with a fresh lease for what follows (sessions, announcement), due when it ends, so
  // if this process dies before finishing, the sweep resumes it (revoke-finish.ts). Confirmed gone is
  // true whoever holds the claim now; only a grant already recorded revoked is left alone.
  const done = await mutateGrant(context.store, request.grantId, (item) =>
    changeOf(nextGrantState(item, { type: 'revoked', by: request.by, statementId, unverified: why, finishLeaseMs: FINISH_LEASE_MS }, now)),
  );
  // Another attempt recorded it first and told everyone: say nothing twice.
  if (!done) return { outcome: 'already', grant: (await getGrant(context.store, request.grantId))?.data ?? claimed.data };
  const g = done.data;
  await releaseSlot(context.store, g, request.grantId);
  await context.store.appendAudit({
    actor: request.by,
    action: 'access.revoked',
    target: g.target,
    input: { grantId: request.grantId, role: g.role, dbUser: g.dbUser, user: g.user, cause: g.revokeCause },
    result: { statementId, attempts: g.attempts, confirmation: g.revokeConfirmation, ...(why ? { unverified: why } : {}), endSessions: g.endSessionsOnRevoke },
  });
  crashPoint('after-record:revoke');
  return { outcome: 'revoked', grant: await finishRevoke(context, request.grantId, request.by, done, { access: check.access }) };
}

async function failed(context: WorkContext, claimed: Item<GrantRecord>, request: RevokeRequest, error: unknown): Promise<RevokeOutcome> {
  const now = context.clock.now();
  const attempts = claimed.data.attempts;
  const nextAttemptAt = await nextSweepAt(context.config, now);
  const message = failureText(error);
  let escalate = false;
  // Only while the claim is still this attempt's: a late failure must not undo another attempt's revoke or reschedule it.
  const after = await mutateGrant(context.store, request.grantId, (item) => {
    escalate = shouldEscalate(attempts, item.data.escalatedAt, now);
    return changeOf(nextGrantState(item, { type: 'revoke-failed', attempt: attempts, by: request.by, error: message, escalate }, now));
  });
  if (!after) return { outcome: 'busy', grant: (await getGrant(context.store, request.grantId))?.data ?? claimed.data };
  const g = after.data;
  await context.store.appendAudit({
    actor: request.by,
    action: 'access.revoke.failed',
    target: g.target,
    input: { grantId: request.grantId, role: g.role, dbUser: g.dbUser, attempt: attempts },
    result: { ...failureRecord(error), nextAttemptAt: new Date(nextAttemptAt).toISOString() },
  });
  if (escalate) {
    // The approvals channel is for approvers: the full fault, account ids and ARNs included.
    const text = escalationText(request.grantId, g, attempts, failureDetail(error), nextAttemptAt, now);
    await bestEffort(
      'chat.postMessage of the failing revoke to the approvals channel',
      () => context.slack.chat.postMessage({ channel: context.config.channels.approvals, text }),
      context.log,
    );
    await context.store.appendAudit({
      actor: 'system',
      action: 'access.revoke.escalated',
      target: g.target,
      input: { grantId: request.grantId, attempts },
      result: { error: message, channel: context.config.channels.approvals },
    });
  }
  return { outcome: 'retrying', grant: g, error: message, nextAttemptAt };
}
