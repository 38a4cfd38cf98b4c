import type { WorkContext } from '../../jobs/types';
import type { Item } from '../../store/store';
import { failureRecord, failureText } from '../shared/failure';
import { endedMessage } from './blocks';
import { checkMembership, type Membership } from './confirm';
import { endUserSessions } from './end-sessions';
import {
  FINISHED_GRANT_RETENTION_MS,
  isLive,
  mutateGrant,
  releaseSlot,
  withEvent,
  type GrantRecord,
  type RevokeCause,
} from './grants';
import { directMessage, quietly } from './notify';
import { endedText, sessionsLeftOpenText } from './revoke-texts';
import { runAudited } from './run-sql';
import { revokeStatement } from './sql';
import { grantLabel, slackTime } from './texts';

/** While one revoke runs, nobody else starts one on the same grant (longer than its statements can take). */
export const REVOKE_LEASE_MS = 10 * 60_000;
/** Retries after a failed revoke: 1 min, 2, 4, … at most this. */
export const MAX_BACKOFF_MS = 30 * 60_000;
/** The approvals channel hears of a failing revoke at this attempt, then every ESCALATE_EVERY more. */
export const ESCALATE_AFTER = 3;
export const ESCALATE_EVERY = 3;

export function backoffMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export function shouldEscalate(attempts: number): boolean {
  return attempts >= ESCALATE_AFTER && (attempts - ESCALATE_AFTER) % ESCALATE_EVERY === 0;
}

export interface RevokeRequest {
  grantId: string;
  cause: RevokeCause;
  /** Slack user id, or `system` for the expiry. */
  by: string;
}

export type RevokeOutcome =
  | { outcome: 'revoked'; grant: GrantRecord }
  | { outcome: 'retrying'; grant: GrantRecord; error: string; nextAttemptAt: number }
  | { outcome: 'not-due' | 'busy' | 'already' | 'missing'; grant?: GrantRecord };

/**
 * The one revoke path (expiry, `access revoke`, I'm done): claim the grant with a conditional write,
 * REVOKE, check it is gone, record it revoked, then end sessions if the role says so, and tell. A
 * failing REVOKE or check keeps the grant `revoking` with its next attempt as dueAt, so the expiry
 * task retries it until it works. Once the REVOKE holds, nothing after it (ending sessions, notices)
 * sends the grant back: a follow-up failure is recorded and said, never retried.
 */
export async function revokeGrant(context: WorkContext, request: RevokeRequest): Promise<RevokeOutcome> {
  const { store, clock } = context;
  const now = clock.now();
  let refused: 'not-due' | 'busy' | 'already' | undefined;
  let seen: GrantRecord | undefined;
  const claimed = await mutateGrant(store, request.grantId, (item) => {
    seen = item.data;
    refused = claimRefusal(item, request, now);
    if (refused) return undefined;
    const g = item.data;
    const data: GrantRecord = {
      ...g,
      status: 'revoking',
      attempts: g.attempts + 1,
      leaseUntil: now + REVOKE_LEASE_MS,
      revokeCause: g.revokeCause ?? request.cause,
      revokedBy: g.revokedBy ?? request.by,
    };
    return { data: withEvent(data, { event: `revoke-attempt-${data.attempts}`, by: request.by }, now), dueAt: now + REVOKE_LEASE_MS };
  });
  if (!claimed) return { outcome: seen ? (refused ?? 'busy') : 'missing', grant: seen };

  const g = claimed.data;
  const base = { target: g.target, grantId: request.grantId, actor: request.by };
  let statementId: string;
  let check: Membership;
  try {
    statementId = (await runAudited(context, { ...base, phase: 'revoke', statement: revokeStatement(g.mode, g.role, g.dbUser) })).id;
    check = await checkMembership(context, { ...base, phase: 'verify-revoke' }, g);
    if (check.state === 'held') throw new Error(`${g.dbUser} still holds ${g.role} after the revoke (Data API statement ${check.statementId})`);
  } catch (error) {
    return await failed(context, claimed, request, error);
  }
  return revoked(context, claimed, request, statementId, check);
}

function claimRefusal(item: Item<GrantRecord>, request: RevokeRequest, now: number): 'not-due' | 'busy' | 'already' | undefined {
  const g = item.data;
  if (!isLive(g.status)) return 'already';
  if (g.leaseUntil !== undefined && g.leaseUntil > now) return 'busy';
  // The expiry only takes what is due; a person revoking takes effect at once.
  if (request.cause === 'expired' && (item.dueAt === undefined || item.dueAt > now)) return 'not-due';
  return undefined;
}

async function revoked(context: WorkContext, claimed: Item<GrantRecord>, request: RevokeRequest, statementId: string, check: Membership): Promise<RevokeOutcome> {
  const now = context.clock.now();
  const why = check.state === 'cannot-verify' ? check.why : undefined;
  const done = await mutateGrant(context.store, request.grantId, (item) => ({
    data: withEvent(
      {
        ...item.data,
        status: 'revoked',
        revokedAt: now,
        leaseUntil: undefined,
        lastError: undefined,
        revokeConfirmation: why === undefined ? 'confirmed' : 'cannot-verify',
        unverifiedReason: why,
      },
      { event: why === undefined ? 'revoked' : 'revoked-unverified', by: request.by, statementId, ...(why ? { detail: why } : {}) },
      now,
    ),
    dueAt: null,
    expiresAt: now + FINISHED_GRANT_RETENTION_MS,
  }));
  let g = done?.data ?? claimed.data;
  await releaseSlot(context.store, g, request.grantId);
  await context.store.appendAudit({
    actor: request.by,
    action: 'access.revoked',
    target: g.target,
    input: { grantId: request.grantId, role: g.role, dbUser: g.dbUser, user: g.user, cause: g.revokeCause },
    result: { statementId, attempts: g.attempts, confirmation: g.revokeConfirmation, ...(why ? { unverified: why } : {}), endSessions: g.endSessionsOnRevoke },
  });
  if (g.endSessionsOnRevoke) g = await endSessions(context, request, g, check);
  // Earlier attempts failed often enough to be escalated: say it is resolved where they heard of it.
  await tellRevoked(context, request.grantId, g, claimed.data.attempts > ESCALATE_AFTER);
  return { outcome: 'revoked', grant: g };
}

/** The follow-up after a revoke that holds: recorded and audited whatever happens, never retried. */
async function endSessions(context: WorkContext, request: RevokeRequest, g: GrantRecord, check: Membership): Promise<GrantRecord> {
  const base = { target: g.target, grantId: request.grantId, actor: request.by };
  const sessions = await endUserSessions(context, base, g.dbUser, check.access);
  const now = context.clock.now();
  const event = sessions.error === undefined ? 'sessions-ended' : 'sessions-not-ended';
  const detail = `${sessions.ended} of ${sessions.found} ended${sessions.error === undefined ? '' : `: ${sessions.error}`}`;
  const after = await mutateGrant(context.store, request.grantId, (item) => ({ data: withEvent({ ...item.data, sessions }, { event, by: request.by, detail }, now) }));
  const updated = after?.data ?? { ...g, sessions };
  await context.store.appendAudit({
    actor: request.by,
    action: sessions.error === undefined ? 'access.sessions.ended' : 'access.sessions.failed',
    target: g.target,
    input: { grantId: request.grantId, dbUser: g.dbUser },
    result: { found: sessions.found, ended: sessions.ended, ...(sessions.error === undefined ? {} : { error: sessions.error }) },
  });
  if (sessions.error !== undefined) {
    const text = sessionsLeftOpenText(request.grantId, updated);
    await quietly(() => context.slack.chat.postMessage({ channel: context.config.channels.approvals, text }), context.log);
  }
  return updated;
}

async function failed(context: WorkContext, claimed: Item<GrantRecord>, request: RevokeRequest, error: unknown): Promise<RevokeOutcome> {
  const now = context.clock.now();
  const attempts = claimed.data.attempts;
  const nextAttemptAt = now + backoffMs(attempts);
  const message = failureText(error);
  const after = await mutateGrant(context.store, request.grantId, (item) => ({
    data: withEvent({ ...item.data, leaseUntil: undefined, lastError: message }, { event: 'revoke-failed', by: request.by, detail: message }, now),
    dueAt: nextAttemptAt,
  }));
  const g = after?.data ?? claimed.data;
  await context.store.appendAudit({
    actor: request.by,
    action: 'access.revoke.failed',
    target: g.target,
    input: { grantId: request.grantId, role: g.role, dbUser: g.dbUser, attempt: attempts },
    result: { ...failureRecord(error), nextAttemptAt: new Date(nextAttemptAt).toISOString() },
  });
  if (shouldEscalate(attempts)) {
    const text =
      `:rotating_light: I could not revoke ${grantLabel(g.role, g.target)} from \`${g.dbUser}\` (<@${g.user}>, grant \`${request.grantId}\`) ` +
      `after ${attempts} attempts: ${message}. They still hold it. I try again at ${slackTime(nextAttemptAt)} and keep trying until it is confirmed; ` +
      `to end it by hand: \`REVOKE ROLE ${g.role} FROM ${g.dbUser}\`.`;
    await quietly(() => context.slack.chat.postMessage({ channel: context.config.channels.approvals, text }), context.log);
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

/** The approval thread and requester copy (via note), the grantee's own message, and the channel if it heard of failures. */
async function tellRevoked(context: WorkContext, grantId: string, g: GrantRecord, escalated: boolean): Promise<void> {
  const now = context.clock.now();
  const text = endedText(grantId, g, now);
  await quietly(() => context.approvals.note(g.requestId, text, context.slack), context.log);
  const done = g.doneMessage;
  if (done) {
    await quietly(() => context.slack.chat.update({ channel: done.channel, ts: done.ts, ...endedMessage(text) } as never), context.log);
  }
  await quietly(() => directMessage(context.slack, g.user, { text }), context.log);
  if (escalated) {
    await quietly(
      () =>
        context.slack.chat.postMessage({
          channel: context.config.channels.approvals,
          text: `:white_check_mark: Resolved: ${grantLabel(g.role, g.target)} was revoked from \`${g.dbUser}\` (grant \`${grantId}\`) after ${g.attempts} attempts.`,
        }),
      context.log,
    );
  }
}
