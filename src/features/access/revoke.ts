import type { WorkContext } from '../../jobs/types';
import type { Item } from '../../store/store';
import { failureRecord, failureText } from '../shared/failure';
import { endedMessage } from './blocks';
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
import { runAudited } from './run-sql';
import { endSessionsStatement, revokeStatement, verifyStatement } from './sql';
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
 * REVOKE, check it is gone, end sessions if the role says so, then record and tell. A failure keeps
 * the grant `revoking` with its next attempt as dueAt, so the expiry task retries it until it works.
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
  const actor = request.by;
  const base = { target: g.target, grantId: request.grantId, actor };
  try {
    const revoke = await runAudited(context, { ...base, phase: 'revoke', statement: revokeStatement(g.mode, g.role, g.dbUser) });
    const check = await runAudited(context, { ...base, phase: 'verify-revoke', statement: verifyStatement(g.mode, g.role, g.dbUser) });
    if (check.totalRows > 0) throw new Error(`${g.dbUser} still holds ${g.role} after the revoke (Data API statement ${check.id})`);
    if (g.endSessionsOnRevoke) await runAudited(context, { ...base, phase: 'end-sessions', statement: endSessionsStatement(g.dbUser) });
    return await revoked(context, claimed, request, revoke.id);
  } catch (error) {
    return await failed(context, claimed, request, error);
  }
}

function claimRefusal(item: Item<GrantRecord>, request: RevokeRequest, now: number): 'not-due' | 'busy' | 'already' | undefined {
  const g = item.data;
  if (!isLive(g.status)) return 'already';
  if (g.leaseUntil !== undefined && g.leaseUntil > now) return 'busy';
  // The expiry only takes what is due; a person revoking takes effect at once.
  if (request.cause === 'expired' && (item.dueAt === undefined || item.dueAt > now)) return 'not-due';
  return undefined;
}

async function revoked(context: WorkContext, claimed: Item<GrantRecord>, request: RevokeRequest, statementId: string): Promise<RevokeOutcome> {
  const now = context.clock.now();
  const done = await mutateGrant(context.store, request.grantId, (item) => ({
    data: withEvent(
      { ...item.data, status: 'revoked', revokedAt: now, leaseUntil: undefined, lastError: undefined },
      { event: 'revoked', by: request.by, statementId },
      now,
    ),
    dueAt: null,
    expiresAt: now + FINISHED_GRANT_RETENTION_MS,
  }));
  const g = done?.data ?? claimed.data;
  await releaseSlot(context.store, g, request.grantId);
  await context.store.appendAudit({
    actor: request.by,
    action: 'access.revoked',
    target: g.target,
    input: { grantId: request.grantId, role: g.role, dbUser: g.dbUser, user: g.user, cause: g.revokeCause },
    result: { statementId, attempts: g.attempts, endSessions: g.endSessionsOnRevoke },
  });
  // Earlier attempts failed often enough to be escalated: say it is resolved where they heard of it.
  await tellRevoked(context, request.grantId, g, claimed.data.attempts > ESCALATE_AFTER);
  return { outcome: 'revoked', grant: g };
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

function endedText(grantId: string, g: GrantRecord, now: number): string {
  const what = `${grantLabel(g.role, g.target)} for \`${g.dbUser}\` (grant \`${grantId}\`)`;
  const sessions = g.endSessionsOnRevoke ? ' Open sessions were ended.' : '';
  switch (g.revokeCause) {
    case 'revoked':
      return `:lock: Access to ${what} was revoked by <@${g.revokedBy}> at ${slackTime(now)}.${sessions}`;
    case 'done':
      return `:lock: Access to ${what} ended at ${slackTime(now)}: <@${g.user}> was done.${sessions}`;
    case 'unverified':
      return `:lock: The unconfirmed grant ${what} was undone at ${slackTime(now)}.${sessions}`;
    default:
      return `:lock: Access to ${what} ended at ${slackTime(now)}: its time was up.${sessions}`;
  }
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
