import type { GrantRecord } from '../../../../src/features/access/grants';
import { FINISHED_GRANT_RETENTION_MS } from '../../../../src/features/access/grants';
import {
  GRANT_EVENT_TYPES,
  GRANT_PHASES,
  nextGrantState,
  phaseOf,
  type GrantEventInput,
  type GrantEventType,
  type GrantPhase,
  type GrantState,
} from '../../../../src/features/access/grant-state';
import { GRANT_RETRY_FIRST_DELAY_MS } from '../../../../src/features/access/transient';

const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);
const HOUR = 3_600_000;

function record(phase: GrantPhase, extra: Partial<GrantRecord> = {}): GrantRecord {
  const status = phase === 'finishing' ? 'revoked' : phase;
  return {
    requestId: 'r-1',
    requests: ['r-1'],
    user: 'U1',
    dbUser: 'alice',
    role: 'pii_users',
    target: 'prod',
    mode: 'role',
    endSessionsOnRevoke: false,
    endsAt: NOW + 4 * HOUR,
    status,
    attempts: phase === 'revoking' || phase === 'finishing' || phase === 'revoked' ? 1 : 0,
    ...(phase === 'finishing' ? { finishing: true } : {}),
    // Waiting out a transient fault, so the retry claim can apply; other events ignore it.
    ...(phase === 'granting' ? { grantRetry: { attempts: 1, until: NOW + HOUR, mayHold: false, lastError: 'throttled' } } : {}),
    history: [],
    ...extra,
  };
}

/** Due now and free of leases: every guard but the phase lets the event through. */
const state = (phase: GrantPhase, extra: Partial<GrantRecord> = {}): GrantState => ({ data: record(phase, extra), dueAt: NOW });

function event(type: GrantEventType, g: GrantRecord): GrantEventInput {
  switch (type) {
    case 'claim-grant-retry':
      return { type, leaseMs: 45_000 };
    case 'granted':
      return { type, durationMs: 2 * HOUR, statementId: 's-grant', verifyId: 's-check' };
    case 'grant-retry':
      return { type, error: 'throttled', mayHold: false };
    case 'grant-gave-up':
      return { type, error: 'denied', mayHold: false };
    case 'extend':
      return { type, requestId: 'r-2', durationMs: 8 * HOUR, by: 'U9' };
    case 'claim-revoke':
      return { type, cause: 'expired', by: 'system', leaseMs: 45_000 };
    case 'revoked':
      return { type, by: 'system', statementId: 's-revoke', finishLeaseMs: 45_000 };
    case 'revoke-failed':
      return { type, attempt: g.attempts, by: 'system', error: 'timeout', escalate: false };
    case 'claim-finish':
      return { type, by: 'system', leaseMs: 45_000 };
    case 'sessions-ended':
      return { type, lease: g.leaseUntil, by: 'system', sessions: { found: 1, ended: 1 } };
    case 'finished':
      return { type, lease: g.leaseUntil };
  }
}

/** The lifecycle as docs/ARCHITECTURE.md draws it: the phase each event leads to, from each phase it applies in. */
const EXPECTED: Record<GrantEventType, Partial<Record<GrantPhase, GrantPhase>>> = {
  'claim-grant-retry': { granting: 'granting' },
  granted: { granting: 'active', revoked: 'revoking', finishing: 'revoking' },
  'grant-retry': { granting: 'granting' },
  'grant-gave-up': { granting: 'failed' },
  extend: { granting: 'granting', active: 'active' },
  'claim-revoke': { granting: 'revoking', active: 'revoking', revoking: 'revoking' },
  revoked: { revoking: 'finishing' },
  'revoke-failed': { revoking: 'revoking' },
  'claim-finish': { finishing: 'finishing' },
  'sessions-ended': { finishing: 'finishing' },
  finished: { finishing: 'revoked' },
};

describe('the grant state machine, every phase × every event', () => {
  const cases = GRANT_PHASES.flatMap((phase) => GRANT_EVENT_TYPES.map((type) => [phase, type] as const));
  test('covers six phases and eleven events', () => {
    expect(cases).toHaveLength(6 * 11);
  });

  test.each(cases)('%s + %s', (phase, type) => {
    const s = state(phase);
    const step = nextGrantState(s, event(type, s.data), NOW);
    const to = EXPECTED[type][phase];
    if (to === undefined) {
      expect(step).toEqual({ ok: false, refused: 'wrong-phase', phase });
    } else {
      if (!step.ok) throw new Error(`refused: ${step.refused}`);
      expect(phaseOf(step.change.data)).toBe(to);
    }
  });
});

describe('the guards besides the phase', () => {
  test('a lease held by another attempt refuses the claims (busy)', () => {
    const leaseUntil = NOW + 1;
    expect(nextGrantState(state('granting', { leaseUntil }), { type: 'claim-grant-retry', leaseMs: 1 }, NOW)).toMatchObject({ refused: 'busy' });
    expect(nextGrantState(state('active', { leaseUntil }), { type: 'claim-revoke', cause: 'done', by: 'U1', leaseMs: 1 }, NOW)).toMatchObject({ refused: 'busy' });
    expect(nextGrantState(state('finishing', { leaseUntil }), { type: 'claim-finish', by: 'system', leaseMs: 1 }, NOW)).toMatchObject({ refused: 'busy' });
  });

  test('a lease that ran out is taken over, and an abandoned revoke says so', () => {
    const step = nextGrantState(state('revoking', { leaseUntil: NOW - 1 }), { type: 'claim-revoke', cause: 'expired', by: 'system', leaseMs: 45_000 }, NOW);
    if (!step.ok) throw new Error(step.refused);
    expect(step.change.data.attempts).toBe(2);
    expect(step.change.data.history.map((e) => e.event)).toEqual(['revoke-abandoned', 'revoke-attempt-2']);
    expect(step.change.dueAt).toBe(NOW + 45_000);
  });

  test('the expiry takes only what is due; a person revoking takes effect at once', () => {
    const early: GrantState = { data: record('active'), dueAt: NOW + 1 };
    expect(nextGrantState(early, { type: 'claim-revoke', cause: 'expired', by: 'system', leaseMs: 1 }, NOW)).toMatchObject({ refused: 'not-due' });
    expect(nextGrantState(early, { type: 'claim-revoke', cause: 'revoked', by: 'U9', leaseMs: 1 }, NOW)).toMatchObject({ ok: true });
    const retry: GrantState = { data: record('granting'), dueAt: NOW + 1 };
    expect(nextGrantState(retry, { type: 'claim-grant-retry', leaseMs: 1 }, NOW)).toMatchObject({ refused: 'not-due' });
  });

  test('a granting grant with no retry pending is not the retry claim’s', () => {
    expect(nextGrantState(state('granting', { grantRetry: undefined }), { type: 'claim-grant-retry', leaseMs: 1 }, NOW)).toMatchObject({ refused: 'wrong-phase' });
  });

  test('an extension by a request already applied changes nothing, in any phase', () => {
    for (const phase of GRANT_PHASES) {
      const s = state(phase, { requests: ['r-1', 'r-2'] });
      expect(nextGrantState(s, { type: 'extend', requestId: 'r-2', durationMs: HOUR, by: 'U9' }, NOW)).toEqual({ ok: false, refused: 'already-applied', phase });
    }
  });

  test('an extension never shortens the grant', () => {
    const step = nextGrantState(state('active'), { type: 'extend', requestId: 'r-2', durationMs: HOUR, by: 'U9' }, NOW);
    if (!step.ok) throw new Error(step.refused);
    expect(step.change.data.endsAt).toBe(NOW + 4 * HOUR);
    expect(step.change.data.requests).toEqual(['r-1', 'r-2']);
  });

  test('a late revoke failure from an attempt that lost its claim changes nothing', () => {
    const s = state('revoking', { attempts: 3 });
    expect(nextGrantState(s, { type: 'revoke-failed', attempt: 2, by: 'system', error: 'x', escalate: true }, NOW)).toMatchObject({ refused: 'busy' });
    const step = nextGrantState(s, { type: 'revoke-failed', attempt: 3, by: 'system', error: 'x', escalate: true }, NOW);
    if (!step.ok) throw new Error(step.refused);
    expect(step.change).toMatchObject({ dueAt: NOW, data: { escalatedAt: NOW, lastError: 'x', leaseUntil: undefined } });
  });

  test('the finishing steps only land while the lease is this attempt’s', () => {
    const s = state('finishing', { leaseUntil: NOW + 10 });
    const stale = NOW + 5;
    expect(nextGrantState(s, { type: 'sessions-ended', lease: stale, by: 'system', sessions: { found: 0, ended: 0 } }, NOW)).toMatchObject({ refused: 'busy' });
    expect(nextGrantState(s, { type: 'finished', lease: stale }, NOW)).toMatchObject({ refused: 'busy' });
    const done = nextGrantState(s, { type: 'finished', lease: NOW + 10 }, NOW);
    expect(done).toMatchObject({ ok: true, change: { dueAt: null, expiresAt: NOW + FINISHED_GRANT_RETENTION_MS } });
  });

  test('a retry that would start after the request’s life is refused, so the caller gives up', () => {
    const s = state('granting', { grantRetry: { attempts: 1, until: NOW + 1000, mayHold: false, lastError: 'x' } });
    expect(nextGrantState(s, { type: 'grant-retry', error: 'x', mayHold: false }, NOW)).toMatchObject({ refused: 'retry-window-over' });
  });
});

describe('what each transition records', () => {
  test('the first retry is due after the first delay, and remembers a GRANT that may have landed', () => {
    const step = nextGrantState(state('granting', { grantRetry: undefined }), { type: 'grant-retry', error: 'throttled', mayHold: true }, NOW);
    if (!step.ok) throw new Error(step.refused);
    expect(step.change.dueAt).toBe(NOW + GRANT_RETRY_FIRST_DELAY_MS);
    expect(step.change.data.grantRetry).toEqual({ attempts: 1, until: NOW + HOUR, mayHold: true, lastError: 'throttled' });
  });

  test('giving up after a GRANT that may have landed revokes it (cause unverified), due at once', () => {
    const s = state('granting', { grantRetry: { attempts: 2, until: NOW, mayHold: true, lastError: 'x' } });
    const step = nextGrantState(s, { type: 'grant-gave-up', error: 'denied', mayHold: false }, NOW);
    expect(step).toMatchObject({ ok: true, change: { dueAt: NOW, data: { status: 'revoking', revokeCause: 'unverified', grantRetry: undefined } } });
  });

  test('giving up when nothing can have landed fails the grant and keeps it for its retention', () => {
    const s = state('granting', { grantRetry: undefined });
    const step = nextGrantState(s, { type: 'grant-gave-up', error: 'denied', mayHold: false }, NOW);
    expect(step).toMatchObject({ ok: true, change: { dueAt: null, expiresAt: NOW + FINISHED_GRANT_RETENTION_MS, data: { status: 'failed' } } });
  });

  test('granted: active until its end, confirmed or not', () => {
    const step = nextGrantState(state('granting'), { type: 'granted', durationMs: HOUR, statementId: 's', unverified: 'not a superuser' }, NOW);
    expect(step).toMatchObject({
      ok: true,
      change: { dueAt: NOW + HOUR, data: { status: 'active', grantedAt: NOW, endsAt: NOW + HOUR, grantConfirmation: 'cannot-verify', grantRetry: undefined } },
    });
  });

  test('a GRANT landing after the revoke sends the grant back to revoking, due at once and no longer expiring', () => {
    const step = nextGrantState(state('revoked'), { type: 'granted', durationMs: HOUR, statementId: 's' }, NOW);
    expect(step).toMatchObject({ ok: true, change: { dueAt: NOW, expiresAt: null, data: { status: 'revoking' } } });
  });

  test('revoked: finishing under a fresh lease, due when it ends', () => {
    const step = nextGrantState(state('revoking'), { type: 'revoked', by: 'U1', statementId: 's', finishLeaseMs: 45_000 }, NOW);
    expect(step).toMatchObject({
      ok: true,
      change: { dueAt: NOW + 45_000, expiresAt: null, data: { status: 'revoked', finishing: true, revokedAt: NOW, revokeConfirmation: 'confirmed' } },
    });
  });
});
