import { GRANT_KIND, grantIdFor } from '../../../src/features/access/grants';
import { GRANT_RETRY_WINDOW_MS } from '../../../src/features/access/transient';
import { ALICE, MIN, startAccessBot, type AccessBot } from '../../support/access-bot';

describe('a transient fault delays a grant, never ends it; the request always says where it stands', () => {
  let a: AccessBot;
  beforeAll(async () => {
    a = await startAccessBot();
  });
  afterAll(async () => a.bot.stopAll());
  afterEach(() => a.bot.aws.faults.clear());

  const throttle = (times: number, onlyGrant = false) =>
    a.bot.aws.faults.inject({
      service: 'redshift-data',
      operation: 'ExecuteStatement',
      fault: { kind: 'throttle' },
      times,
      ...(onlyGrant ? { when: (input: Readonly<Record<string, unknown>>) => String(input.Sql ?? '').startsWith('GRANT ROLE') } : {}),
    });
  const grantedNotes = (texts: string[]) => texts.filter((t) => t.startsWith(':white_check_mark: Granted'));
  const grantedDms = () =>
    a.bot.slack.calls.filter((c) => c.method === 'chat.postMessage' && String(c.body.text ?? '').includes('You now hold `pii_users`'));
  const sweepEachMinute = async (grantId: string, most: number, until: (status: string) => boolean) => {
    for (let n = 0; n < most; n++) {
      a.bot.clock.advance(MIN);
      await a.sweep();
      if (until((await a.grant(grantId)).data.status)) return;
    }
  };

  test('the Data API throttled three times: the GRANT is retried by the sweep, shown as granting meanwhile, and announced once after the fault clears', async () => {
    const requestId = await a.ask('1h');
    throttle(3, true);
    const dmsBefore = grantedDms().length;
    await a.approve(requestId);
    const grantId = grantIdFor(requestId);
    let g = await a.grant(grantId);
    expect(g.data.status).toBe('granting');
    expect(g.data.grantRetry).toMatchObject({ attempts: 1, mayHold: false });
    expect(g.dueAt).toBe(a.bot.clock.now() + MIN);
    expect((await a.request(requestId)).status).toBe('approved');
    const waiting = (await a.thread(requestId)).join('\n');
    expect(waiting).toContain('Approved; granting `pii_users` on *prod* to `alice` — AWS is throttling, retrying at');
    expect(waiting).toContain('Nothing is granted yet');
    expect(waiting).not.toContain('Approved, but not granted');
    expect(await a.aliceHolds()).toBe(false);

    await sweepEachMinute(grantId, 15, (status) => status !== 'granting');
    g = await a.grant(grantId);
    expect(g.data.status).toBe('active');
    expect(g.data.grantRetry).toBeUndefined();
    expect(await a.aliceHolds()).toBe(true);
    const thread = await a.thread(requestId);
    expect(grantedNotes(thread)).toHaveLength(1);
    expect(thread.filter((t) => t.startsWith(':hourglass_flowing_sand:'))).toHaveLength(1);
    expect(grantedDms().length - dmsBefore).toBe(1);
    const retries = (await a.audit()).filter(
      (r) => r.action === 'access.grant.retrying' && (r.input as { grantId: string }).grantId === grantId,
    );
    expect(retries.length).toBeGreaterThanOrEqual(1);
    // One more sweep changes nothing and says nothing.
    await sweepEachMinute(grantId, 1, () => true);
    expect(grantedNotes(await a.thread(requestId))).toHaveLength(1);

    // Clean up: end it, so the next test starts with alice holding nothing.
    a.bot.clock.advance(2 * 60 * MIN);
    await a.sweep();
    expect((await a.grant(grantId)).data.status).toBe('revoked');
  });

  test('a permanent error (AWS refuses the caller) fails at once: "approved, but not granted", no retry', async () => {
    const requestId = await a.ask('30m');
    a.bot.aws.faults.inject({
      service: 'redshift-data',
      operation: 'ExecuteStatement',
      fault: {
        kind: 'named',
        code: 'AccessDeniedException',
        message: 'User is not authorized to perform: redshift-data:ExecuteStatement',
        status: 400,
      },
      when: (input) => String(input.Sql ?? '').startsWith('GRANT ROLE'),
    });
    await a.approve(requestId);
    const g = await a.grant(grantIdFor(requestId));
    expect(g.data.status).toBe('failed');
    expect(g.dueAt).toBeUndefined();
    const thread = (await a.thread(requestId)).join('\n');
    expect(thread).toContain('Approved, but not granted: the GRANT of `pii_users` on *prod* to `alice` failed; nothing was granted.');
    expect(thread).toContain('AccessDenied');
    expect(thread).not.toContain('retrying at');
    expect(await a.aliceHolds()).toBe(false);
  });

  test('a fault that never clears: retried within the request\'s life, then "approved, but not granted", and nothing held', async () => {
    const requestId = await a.ask('15m');
    throttle(Number.POSITIVE_INFINITY, true);
    await a.approve(requestId);
    const grantId = grantIdFor(requestId);
    const started = a.bot.clock.now();
    await sweepEachMinute(grantId, 30, (status) => status !== 'granting');
    const g = await a.grant(grantId);
    expect(g.data.status).toBe('failed');
    expect(a.bot.clock.now() - started).toBeLessThanOrEqual(Math.min(15 * MIN, GRANT_RETRY_WINDOW_MS) + 5 * MIN);
    const thread = (await a.thread(requestId)).join('\n');
    expect(thread).toMatch(
      /Approved, but not granted: the GRANT of `pii_users` on \*prod\* to `alice` failed after \d+ attempts; nothing was granted/,
    );
    expect(grantedNotes(await a.thread(requestId))).toHaveLength(0);
    expect(await a.aliceHolds()).toBe(false);
    // The slot is free again: a later request is granted normally.
    a.bot.aws.faults.clear();
    const again = await a.grantPii('30m');
    expect((await a.bot.server.chatops.ports.store.get(GRANT_KIND, again.grantId))?.data).toMatchObject({ status: 'active', user: ALICE });
  });
});
