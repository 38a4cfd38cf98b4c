import { ManualClock } from '../../../src/clock';
import type { JobBase } from '../../../src/jobs/types';
import { advanceWatches, startWatch, WATCH_KIND, type WatchRecord } from '../../../src/jobs/watches';
import { tempSqliteStore } from '../../support/temp-store';

function setup() {
  const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  const { store, cleanup } = tempSqliteStore(clock);
  const logs: string[] = [];
  // The job machinery needs only these; what else a handler gets is the app's context.
  const context: JobBase = { store, clock, log: (message) => logs.push(message) };
  return { clock, store, cleanup, context, logs };
}

describe('watches (long operations followed by the tick)', () => {
  test('checked when due until done, then kept only as history', async () => {
    const { clock, store, cleanup, context } = setup();
    let checks = 0;
    const handlers = { poll: async () => (++checks < 3 ? { done: false as const, nextCheckInMs: 30_000 } : { done: true as const }) };
    expect(await startWatch(context, { id: 'w1', type: 'poll', payload: {}, actor: 'U1', firstCheckInMs: 30_000, timeoutMs: 3_600_000 })).toBe(true);
    expect(await startWatch(context, { id: 'w1', type: 'poll', payload: {}, actor: 'U1', firstCheckInMs: 30_000, timeoutMs: 3_600_000 })).toBe(false);
    expect(await advanceWatches(context, handlers)).toEqual([]);
    for (let i = 0; i < 3; i++) {
      clock.advance(30_000);
      expect(await advanceWatches(context, handlers)).toEqual(['w1']);
    }
    clock.advance(30_000);
    expect(await advanceWatches(context, handlers)).toEqual([]);
    expect((await store.get<WatchRecord>(WATCH_KIND, 'w1'))?.data).toMatchObject({ status: 'done', checks: 3 });
    await cleanup();
  });

  test('two ticks at once check a watch once', async () => {
    const { clock, cleanup, context } = setup();
    let checks = 0;
    const handlers = { poll: async () => { checks++; await new Promise((r) => setTimeout(r, 10)); return { done: true as const }; } };
    await startWatch(context, { id: 'w2', type: 'poll', payload: {}, actor: 'U1', firstCheckInMs: 0, timeoutMs: 60_000 });
    clock.advance(1);
    await Promise.all(Array.from({ length: 5 }, () => advanceWatches(context, handlers)));
    expect(checks).toBe(1);
    await cleanup();
  });

  test('a failing check is retried later; past the deadline the handler is told and the watch ends', async () => {
    const { clock, store, cleanup, context, logs } = setup();
    const seen: boolean[] = [];
    let fail = true;
    const handlers = {
      poll: async (_: unknown, check: { timedOut: boolean }) => {
        seen.push(check.timedOut);
        if (fail) throw new Error('Throttling: Rate exceeded');
        return { done: false as const, nextCheckInMs: 60_000 };
      },
    };
    await startWatch(context, { id: 'w3', type: 'poll', payload: {}, actor: 'U1', firstCheckInMs: 1_000, timeoutMs: 120_000 });
    clock.advance(1_000);
    await advanceWatches(context, handlers);
    expect(logs[0]).toContain('Throttling: Rate exceeded');
    fail = false;
    clock.advance(60_000);
    await advanceWatches(context, handlers);
    clock.advance(60_000);
    await advanceWatches(context, handlers);
    expect(seen).toEqual([false, false, true]);
    expect((await store.get<WatchRecord>(WATCH_KIND, 'w3'))?.data.status).toBe('done');
    await cleanup();
  });
});
