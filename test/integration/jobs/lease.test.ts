import { ManualClock } from '../../../src/clock';
import { advanceJobs } from '../../../src/jobs/advance';
import { HEARTBEAT_MS } from '../../../src/jobs/lease';
import { JOB_KIND, JobQueue, RUNNING_LEASE_MS } from '../../../src/jobs/queue';
import { runJob, type JobHandlersOf } from '../../../src/jobs/runner';
import type { Dispatcher, JobEnvelope, JobBase, JobRecord } from '../../../src/jobs/types';
import { tempSqliteStore } from '../../support/temp-store';

class RecordingDispatcher implements Dispatcher {
  readonly sent: JobEnvelope[] = [];
  async dispatch(envelope: JobEnvelope): Promise<void> {
    this.sent.push(envelope);
  }
}

/**
 * A running job holds a short lease that its worker renews: a crash is noticed within one lease (not
 * the quarter hour it used to take), and a job that is merely slow is never run twice.
 */
describe('running job lease', () => {
  const setup = () => {
    const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
    const { store, cleanup } = tempSqliteStore(clock);
    // The job machinery needs only these; what else a handler gets is the app's context.
    const context: JobBase = { store, clock, log: () => undefined };
    const dispatcher = new RecordingDispatcher();
    return { clock, store, cleanup, context, dispatcher, queue: new JobQueue(store, dispatcher, clock) };
  };

  test('the lease is under a minute, so a job whose worker died is run again within one lease', () => {
    expect(RUNNING_LEASE_MS).toBeLessThanOrEqual(15_000);
    expect(HEARTBEAT_MS * 3).toBeLessThanOrEqual(RUNNING_LEASE_MS);
  });

  test('a slow job keeps renewing its lease: the tick does not hand it to another worker, and it is recorded once', async () => {
    const { clock, store, cleanup, context, dispatcher, queue } = setup();
    let release: () => void = () => undefined;
    let runs = 0;
    const handlers: JobHandlersOf<JobBase> = {
      slow: async () => {
        runs += 1;
        await new Promise<void>((resolve) => (release = resolve));
        return { done: true };
      },
    };
    try {
      const { jobId } = await queue.enqueue({ idempotencyKey: 'slow-1', type: 'slow', payload: {}, actor: 'U1' });
      const running = runJob(jobId, handlers, context);
      while ((await store.get<JobRecord>(JOB_KIND, jobId))?.data.status !== 'running')
        await new Promise((resolve) => setTimeout(resolve, 5));
      // Near the end of the first lease a heartbeat renews it; past that first lease, the tick finds nothing due.
      clock.advance(RUNNING_LEASE_MS - 1_000);
      await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS + 300));
      clock.advance(2_000);
      expect((await advanceJobs(context, dispatcher)).redispatched).toEqual([]);
      expect(await runJob(jobId, handlers, context)).toBe('skipped');
      release();
      expect(await running).toBe('succeeded');
      expect(runs).toBe(1);
      expect((await store.get<JobRecord>(JOB_KIND, jobId))?.data).toMatchObject({ status: 'succeeded', attempts: 1 });
    } finally {
      release();
      await cleanup();
    }
  }, 15_000);

  test('a job whose worker died (no more renewals) is sent again once its short lease ran out, and runs to its end', async () => {
    const { clock, store, cleanup, context, dispatcher, queue } = setup();
    try {
      const { jobId } = await queue.enqueue({ idempotencyKey: 'dead-1', type: 'work', payload: {}, actor: 'U1' });
      const item = await store.get<JobRecord>(JOB_KIND, jobId);
      // What a worker killed mid-job leaves: running, with the lease it took.
      await store.update(
        JOB_KIND,
        jobId,
        item!.version,
        { ...item!.data, status: 'running', attempts: 1 },
        { dueAt: clock.now() + RUNNING_LEASE_MS },
      );
      expect((await advanceJobs(context, dispatcher)).redispatched).toEqual([]);
      clock.advance(RUNNING_LEASE_MS);
      expect((await advanceJobs(context, dispatcher)).redispatched).toEqual([jobId]);
      expect(await runJob(jobId, { work: async () => 'ok' }, context)).toBe('succeeded');
      expect((await store.get<JobRecord>(JOB_KIND, jobId))?.data).toMatchObject({ status: 'succeeded', attempts: 2 });
    } finally {
      await cleanup();
    }
  });

  test('at start, a queued job whose dispatch was lost is sent at once, without waiting for its grace', async () => {
    const { cleanup, context, dispatcher } = setup();
    try {
      const lost = new RecordingDispatcher();
      const { jobId } = await new JobQueue(context.store, lost, context.clock).enqueue({
        idempotencyKey: 'lost-1',
        type: 'work',
        payload: {},
        actor: 'U1',
      });
      expect((await advanceJobs(context, dispatcher)).redispatched).toEqual([]);
      expect((await advanceJobs(context, dispatcher, 100, { atStart: true })).redispatched).toEqual([jobId]);
    } finally {
      await cleanup();
    }
  });
});
