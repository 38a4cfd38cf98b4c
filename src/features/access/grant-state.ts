import { withEvent, FINISHED_GRANT_RETENTION_MS, type GrantChange, type GrantRecord, type GrantStatus, type RevokeCause, type SessionsOutcome } from './grants';
import { grantRetryDelayMs, GRANT_RETRY_WINDOW_MS } from './transient';

/**
 * The grant lifecycle as one pure step: a grant as stored, an event and the time go in; the grant's
 * next fields (with when it is due and when it expires) or a refusal come out. The jobs around it
 * (grant-job.ts, grant-attempt.ts, grant-outcomes.ts, revoke.ts, revoke-finish.ts, expiry.ts) only
 * add Redshift, Slack, the audit log and mutateGrant's conditional write; docs/ARCHITECTURE.md
 * draws it.
 */

/** A stored status, with `revoked` split into its `finishing` step (sessions and the announcement still to come). */
export type GrantPhase = Exclude<GrantStatus, 'revoked'> | 'finishing' | 'revoked';

export const GRANT_PHASES: readonly GrantPhase[] = ['granting', 'active', 'revoking', 'finishing', 'revoked', 'failed'];

export function phaseOf(g: Pick<GrantRecord, 'status' | 'finishing'>): GrantPhase {
  return g.status === 'revoked' && g.finishing === true ? 'finishing' : g.status;
}

/** What can happen to a grant; leases come in as durations (revoke.ts, revoke-finish.ts say how long). */
export type GrantEventInput =
  /** The sweep takes a GRANT waiting out a transient fault, once it is due and no lease holds it. */
  | { type: 'claim-grant-retry'; leaseMs: number }
  /** The GRANT ran and the check held (`unverified` undefined) or could not see (its reason). */
  | { type: 'granted'; durationMs: number; statementId: string; verifyId?: string; unverified?: string }
  /** A GRANT met a transient fault: try again later, within the request's life. */
  | { type: 'grant-retry'; error: string; mayHold: boolean }
  /** No more tries: undone through the revoke path when a GRANT may have landed, else failed. */
  | { type: 'grant-gave-up'; error: string; mayHold: boolean }
  /** An overlapping approved request moves the end. */
  | { type: 'extend'; requestId: string; durationMs: number; by: string }
  /** A revoke (expiry, `access revoke`, I'm done) claims the grant. */
  | { type: 'claim-revoke'; cause: RevokeCause; by: string; leaseMs: number }
  /** The REVOKE holds: recorded revoked, with the finishing step leased for finishLeaseMs. */
  | { type: 'revoked'; by: string; statementId: string; unverified?: string; finishLeaseMs: number }
  /** The REVOKE or its check failed for the attempt that claimed the grant; `escalate` says whether the channel is told now. */
  | { type: 'revoke-failed'; attempt: number; by: string; error: string; escalate: boolean }
  /** The sweep resumes a finishing step whose lease ran out (its process died). */
  | { type: 'claim-finish'; by: string; leaseMs: number }
  /** The finishing step recorded what ending the sessions did; `lease` is the attempt's own. */
  | { type: 'sessions-ended'; lease: number | undefined; by: string; sessions: SessionsOutcome }
  /** The finishing step is done: the grant is only kept for its retention from now on. */
  | { type: 'finished'; lease: number | undefined };

export type GrantEventType = GrantEventInput['type'];

export const GRANT_EVENT_TYPES: readonly GrantEventType[] = [
  'claim-grant-retry',
  'granted',
  'grant-retry',
  'grant-gave-up',
  'extend',
  'claim-revoke',
  'revoked',
  'revoke-failed',
  'claim-finish',
  'sessions-ended',
  'finished',
];

export type GrantRefusal =
  /** The event does not apply to the grant's phase. */
  | 'wrong-phase'
  /** Another attempt's lease still holds it (or the lease is no longer this attempt's). */
  | 'busy'
  /** The sweep came for it before it was due. */
  | 'not-due'
  /** This request already extended it. */
  | 'already-applied'
  /** A retry would start after the request's life: give up instead. */
  | 'retry-window-over';

export type GrantStep = { ok: true; change: GrantChange } | { ok: false; refused: GrantRefusal; phase: GrantPhase };

/** The grant as the store holds it: its fields and when the sweep must look at it. */
export interface GrantState {
  data: GrantRecord;
  dueAt?: number;
}

/** Which phases each event may start from; everything else is refused as `wrong-phase`. */
export const ALLOWED_FROM: Readonly<Record<GrantEventType, readonly GrantPhase[]>> = {
  'claim-grant-retry': ['granting'],
  // From `revoked`/`finishing`: a GRANT still running finished after a REVOKE, so revoke once more.
  granted: ['granting', 'revoked', 'finishing'],
  'grant-retry': ['granting'],
  'grant-gave-up': ['granting'],
  extend: ['granting', 'active'],
  'claim-revoke': ['granting', 'active', 'revoking'],
  revoked: ['revoking'],
  'revoke-failed': ['revoking'],
  'claim-finish': ['finishing'],
  'sessions-ended': ['finishing'],
  finished: ['finishing'],
};

const refuse = (refused: GrantRefusal, phase: GrantPhase): GrantStep => ({ ok: false, refused, phase });
const leased = (g: GrantRecord, now: number) => g.leaseUntil !== undefined && g.leaseUntil > now;

/** The one place that says whether and how an event changes a grant. */
export function nextGrantState(state: GrantState, event: GrantEventInput, now: number): GrantStep {
  const g = state.data;
  const phase = phaseOf(g);
  // `extend` by a request it already holds is a re-run: nothing to do, whatever the phase.
  if (event.type === 'extend' && g.requests.includes(event.requestId)) return refuse('already-applied', phase);
  if (!ALLOWED_FROM[event.type].includes(phase)) return refuse('wrong-phase', phase);
  const step = (change: GrantChange): GrantStep => ({ ok: true, change });
  switch (event.type) {
    case 'claim-grant-retry': {
      if (!g.grantRetry) return refuse('wrong-phase', phase);
      if (leased(g, now)) return refuse('busy', phase);
      if (state.dueAt === undefined || state.dueAt > now) return refuse('not-due', phase);
      const leaseUntil = now + event.leaseMs;
      return step({ data: withEvent({ ...g, leaseUntil }, { event: `grant-attempt-${g.grantRetry.attempts + 1}`, by: 'system' }, now), dueAt: leaseUntil });
    }
    case 'granted': {
      if (g.status === 'revoked') {
        return step({ data: withEvent({ ...g, status: 'revoking' }, { event: 'granted-after-revoke', statementId: event.statementId }, now), dueAt: now, expiresAt: null });
      }
      const endsAt = now + event.durationMs;
      const why = event.unverified;
      const record =
        why === undefined
          ? { event: 'granted', statementId: event.statementId, detail: `verified by ${event.verifyId}` }
          : { event: 'granted-unverified', statementId: event.statementId, detail: why };
      const data: GrantRecord = {
        ...g,
        status: 'active',
        grantedAt: now,
        endsAt,
        grantConfirmation: why === undefined ? 'confirmed' : 'cannot-verify',
        unverifiedReason: why,
        grantRetry: undefined,
        leaseUntil: undefined,
        lastError: undefined,
      };
      return step({ data: withEvent(data, record, now), dueAt: endsAt });
    }
    case 'grant-retry': {
      const attempts = (g.grantRetry?.attempts ?? 0) + 1;
      // The request's life: until its access would have ended, and at most the retry window.
      const until = g.grantRetry?.until ?? Math.min(g.endsAt, now + GRANT_RETRY_WINDOW_MS);
      const at = now + grantRetryDelayMs(attempts);
      if (at > until) return refuse('retry-window-over', phase);
      const grantRetry = { attempts, until, mayHold: (g.grantRetry?.mayHold ?? false) || event.mayHold, lastError: event.error };
      return step({
        data: withEvent({ ...g, grantRetry, leaseUntil: undefined, lastError: event.error }, { event: 'grant-retry', detail: `attempt ${attempts}: ${event.error}` }, now),
        dueAt: at,
      });
    }
    case 'grant-gave-up': {
      const landed = event.mayHold || (g.grantRetry?.mayHold ?? false);
      const data = { ...g, grantRetry: undefined, leaseUntil: undefined, lastError: event.error };
      return landed
        ? step({ data: withEvent({ ...data, status: 'revoking', revokeCause: 'unverified' }, { event: 'unverified', detail: event.error }, now), dueAt: now })
        : step({
            data: withEvent({ ...data, status: 'failed' }, { event: 'grant-failed', detail: event.error }, now),
            dueAt: null,
            expiresAt: now + FINISHED_GRANT_RETENTION_MS,
          });
    }
    case 'extend': {
      const endsAt = Math.max(g.endsAt, now + event.durationMs);
      return step({
        data: withEvent(
          { ...g, endsAt, requests: [...g.requests, event.requestId] },
          { event: 'extended', requestId: event.requestId, by: event.by, detail: `until ${new Date(endsAt).toISOString()}` },
          now,
        ),
        dueAt: endsAt,
      });
    }
    case 'claim-revoke': {
      if (leased(g, now)) return refuse('busy', phase);
      // The expiry only takes what is due; a person revoking takes effect at once.
      if (event.cause === 'expired' && (state.dueAt === undefined || state.dueAt > now)) return refuse('not-due', phase);
      // A lease left behind: the process running that attempt died (or hung) before it recorded anything.
      const abandoned = g.status === 'revoking' && g.leaseUntil !== undefined;
      const data: GrantRecord = {
        ...g,
        status: 'revoking',
        attempts: g.attempts + 1,
        leaseUntil: now + event.leaseMs,
        revokeCause: g.revokeCause ?? event.cause,
        revokedBy: g.revokedBy ?? event.by,
      };
      const events = abandoned ? withEvent(data, { event: 'revoke-abandoned', detail: `attempt ${g.attempts} left its lease to run out` }, now) : data;
      return step({ data: withEvent(events, { event: `revoke-attempt-${data.attempts}`, by: event.by }, now), dueAt: now + event.leaseMs });
    }
    case 'revoked': {
      // Confirmed gone is true whoever holds the claim now.
      const why = event.unverified;
      const leaseUntil = now + event.finishLeaseMs;
      const data: GrantRecord = {
        ...g,
        status: 'revoked',
        finishing: true,
        revokedAt: now,
        leaseUntil,
        lastError: undefined,
        revokeConfirmation: why === undefined ? 'confirmed' : 'cannot-verify',
        unverifiedReason: why,
      };
      const record = { event: why === undefined ? 'revoked' : 'revoked-unverified', by: event.by, statementId: event.statementId, ...(why ? { detail: why } : {}) };
      return step({ data: withEvent(data, record, now), dueAt: leaseUntil, expiresAt: null });
    }
    case 'revoke-failed': {
      // Only while the claim is still this attempt's: a late failure must not undo another attempt's revoke or reschedule it.
      if (g.attempts !== event.attempt) return refuse('busy', phase);
      const data = { ...g, leaseUntil: undefined, lastError: event.error, ...(event.escalate ? { escalatedAt: now } : {}) };
      // Due at once: the next sweep retries it, never later.
      return step({ data: withEvent(data, { event: 'revoke-failed', by: event.by, detail: event.error }, now), dueAt: now });
    }
    case 'claim-finish': {
      if (leased(g, now)) return refuse('busy', phase);
      const leaseUntil = now + event.leaseMs;
      return step({ data: withEvent({ ...g, leaseUntil }, { event: 'revoke-finish-resumed', by: event.by }, now), dueAt: leaseUntil });
    }
    case 'sessions-ended': {
      if (g.leaseUntil !== event.lease) return refuse('busy', phase);
      const { sessions } = event;
      const record = {
        event: sessions.error === undefined ? 'sessions-ended' : 'sessions-not-ended',
        by: event.by,
        detail: `${sessions.ended} of ${sessions.found} ended${sessions.error === undefined ? '' : `: ${sessions.error}`}`,
      };
      return step({ data: withEvent({ ...g, sessions }, record, now) });
    }
    case 'finished': {
      if (g.leaseUntil !== event.lease) return refuse('busy', phase);
      return step({ data: { ...g, finishing: undefined, leaseUntil: undefined }, dueAt: null, expiresAt: now + FINISHED_GRANT_RETENTION_MS });
    }
  }
}

/** The change a mutateGrant callback writes, or undefined (leave the grant alone) when the step is refused. */
export function changeOf(step: GrantStep): GrantChange | undefined {
  return step.ok ? step.change : undefined;
}
