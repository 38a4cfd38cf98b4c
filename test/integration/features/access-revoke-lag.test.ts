import { GRANT_KIND, type GrantRecord } from '../../../src/features/access/grants';
import { ESCALATE_EVERY_MS, REVOKE_LEASE_MS } from '../../../src/features/access/revoke';
import { APPROVALS, MIN, startAccessBot, type AccessBot } from '../../support/access-bot';

/** The `access.expire` schedule's default: every minute. */
const SWEEP_MS = MIN;

describe('revocation lag: no grant outlives its end by more than a sweep (plus a short lease after a crash)', () => {
  let a: AccessBot;
  beforeAll(async () => {
    a = await startAccessBot();
  });
  afterAll(async () => a.bot.stopAll());
  afterEach(() => a.bot.aws.faults.clear());

  const failRevokes = () =>
    a.bot.aws.faults.inject({
      service: 'redshift-data',
      operation: 'ExecuteStatement',
      fault: { kind: 'internal' },
      times: Number.POSITIVE_INFINITY,
      when: (input) => String(input.Sql ?? '').startsWith('REVOKE ROLE'),
    });
  const escalations = (grantId: string) =>
    a.bot.slack.messages
      .inChannel(APPROVALS)
      .filter((m) => !m.thread_ts && (m.text ?? '').includes(grantId) && (m.text ?? '').includes(':rotating_light:'));
  /** Sweeps once a minute until the grant is revoked (or `most` sweeps): the time it was revoked at. */
  const sweepUntilRevoked = async (grantId: string, most: number) => {
    for (let n = 0; n < most; n++) {
      a.bot.clock.advance(SWEEP_MS);
      await a.sweep();
      const g = await a.grant(grantId);
      if (g.data.status === 'revoked') return g.data.revokedAt!;
    }
    throw new Error(`grant ${grantId} was still ${(await a.grant(grantId)).data.status} after ${most} sweeps`);
  };

  test('a REVOKE failing for 35 minutes is retried every sweep, escalated every 15 minutes, and revoked by the first sweep after AWS answers again', async () => {
    const { grantId, requestId } = await a.grantPii('30m');
    const endsAt = (await a.grant(grantId)).data.endsAt;
    failRevokes();
    a.bot.clock.set(endsAt);
    await a.sweep();
    for (let minute = 1; minute <= 35; minute++) {
      a.bot.clock.advance(SWEEP_MS);
      await a.sweep();
      const g = await a.grant(grantId);
      expect(g.data.status).toBe('revoking');
      // Never backed off: every sweep made an attempt, and the next sweep is due to make one.
      expect(g.data.attempts).toBe(minute + 1);
      expect(g.dueAt).toBeLessThanOrEqual(a.bot.clock.now());
    }
    expect(await a.aliceHolds()).toBe(true);
    // Attempt 3 (2 min past the end), then every 15 minutes: 36 attempts, 3 messages, none lost.
    const sent = escalations(grantId);
    expect(sent).toHaveLength(Math.floor((35 - 2) / (ESCALATE_EVERY_MS / MIN)) + 1);
    expect(sent[0].text).toContain('after 3 attempts');
    expect(sent[1].text).toContain('after 18 attempts');
    expect(sent[2].text).toContain('after 33 attempts');
    expect(sent[2].text).toContain('They still hold it');

    a.bot.aws.faults.clear();
    const cleared = a.bot.clock.now();
    const revokedAt = await sweepUntilRevoked(grantId, 5);
    expect(revokedAt - cleared).toBeLessThanOrEqual(SWEEP_MS);
    expect(await a.aliceHolds()).toBe(false);
    const resolved = a.bot.slack.messages
      .inChannel(APPROVALS)
      .filter((m) => !m.thread_ts && (m.text ?? '').includes('Resolved') && (m.text ?? '').includes(grantId));
    expect(resolved).toHaveLength(1);
    expect((await a.thread(requestId)).filter((text) => text.includes(':lock:'))).toHaveLength(1);
    expect((await a.grant(grantId)).dueAt).toBeUndefined();
  });

  test('a process killed during a revoke leaves a lease under a minute: revoked within one sweep plus the lease, and the lost attempt is recorded', async () => {
    const { grantId, requestId } = await a.grantPii('30m');
    const item = await a.grant(grantId);
    const endsAt = item.data.endsAt;
    // What a process killed mid-REVOKE leaves behind: the grant claimed (`revoking`, a lease, due when it ends), nothing else.
    a.bot.clock.set(endsAt);
    const claimed: GrantRecord = {
      ...item.data,
      status: 'revoking',
      attempts: 1,
      leaseUntil: endsAt + REVOKE_LEASE_MS,
      revokeCause: 'expired',
      revokedBy: 'system',
    };
    const store = a.bot.server.chatops.ports.store;
    expect(await store.update(GRANT_KIND, grantId, item.version, claimed, { dueAt: endsAt + REVOKE_LEASE_MS })).toBe(true);
    expect(REVOKE_LEASE_MS).toBeLessThan(MIN);

    const revokedAt = await sweepUntilRevoked(grantId, 15);
    expect(revokedAt - endsAt).toBeLessThanOrEqual(SWEEP_MS + REVOKE_LEASE_MS);
    expect(await a.aliceHolds()).toBe(false);
    const g = await a.grant(grantId);
    expect(g.data.history.map((e) => e.event)).toEqual(expect.arrayContaining(['revoke-abandoned', 'revoke-attempt-2', 'revoked']));
    expect(
      (await a.audit()).some((r) => r.action === 'access.revoke.abandoned' && (r.input as { grantId: string }).grantId === grantId),
    ).toBe(true);
    expect((await a.thread(requestId)).filter((text) => text.includes(':lock:'))).toHaveLength(1);
  });

  test('a REVOKE still running when its lease ran out cannot undo or repeat what the attempt that took over recorded', async () => {
    const { grantId, requestId } = await a.grantPii('30m');
    const endsAt = (await a.grant(grantId)).data.endsAt;
    a.bot.clock.set(endsAt);
    // The first attempt's REVOKE takes 70 s (emulator time): longer than its lease.
    a.bot.aws.faults.inject({
      service: 'redshift-data',
      operation: 'ExecuteStatement',
      fault: { kind: 'slow', ms: 70_000 },
      when: (input) => String(input.Sql ?? '').startsWith('REVOKE ROLE'),
    });
    const revokes = () => a.bot.aws.data.statements.filter((s) => s.sql.startsWith('REVOKE ROLE "pii_users" FROM "alice"'));
    const before = revokes().length;
    const first = a.sweep();
    const end = Date.now() + 10_000;
    while (revokes().length === before) {
      if (Date.now() > end) throw new Error('the first REVOKE was never sent');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Its lease runs out; the next sweep takes over and revokes.
    a.bot.clock.advance(REVOKE_LEASE_MS + 5_000);
    await a.sweep();
    let g = await a.grant(grantId);
    expect(g.data).toMatchObject({ status: 'revoked', attempts: 2 });
    const recorded = g.version;
    // The first REVOKE finishes late; whatever that attempt does next must change nothing.
    a.bot.clock.advance(30_000);
    await first;
    g = await a.grant(grantId);
    expect(g.data.status).toBe('revoked');
    expect(g.version).toBe(recorded);
    expect(g.dueAt).toBeUndefined();
    expect(g.data.lastError).toBeUndefined();
    expect(await a.aliceHolds()).toBe(false);
    expect((await a.thread(requestId)).filter((text) => text.includes(':lock:'))).toHaveLength(1);
    expect(escalations(grantId)).toHaveLength(0);
  });
});
