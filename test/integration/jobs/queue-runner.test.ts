import { ManualClock } from '../../../src/clock';
import { advanceJobs } from '../../../src/jobs/advance';
import { InProcessDispatcher } from '../../../src/jobs/in-process-dispatcher';
import { JOB_KIND, JobQueue, QUEUED_GRACE_MS, RUNNING_LEASE_MS } from '../../../src/jobs/queue';
import { runJob, type JobHandlersOf } from '../../../src/jobs/runner';
import type { Dispatcher, JobEnvelope, JobBase, JobRecord } from '../../../src/jobs/types';
import { tempSqliteStore } from '../../support/temp-store';

function setup(handlers: JobHandlersOf<JobBase>) {
  const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  const { store, cleanup } = tempSqliteStore(clock);
  // The job machinery needs only these; what else a handler gets is the app's context.
  const context: JobBase = { store, clock, log: () => undefined };
  const dispatcher = new InProcessDispatcher(({ jobId }) => runJob(jobId, handlers, context), (error) => {
    throw error;
  });
  return { clock, store, cleanup, context, dispatcher, queue: new JobQueue(store, dispatcher, clock) };
}

class RecordingDispatcher implements Dispatcher {
  readonly sent: JobEnvelope[] = [];
  async dispatch(envelope: JobEnvelope): Promise<void> {
    this.sent.push(envelope);
  }
}

describe('job queue and runner', () => {
  test('the same idempotency key records and runs the work once', async () => {
    let runs = 0;
    const { cleanup, dispatcher, queue, store } = setup({ count: async () => ++runs });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => queue.enqueue({ idempotencyKey: 'command:T1:trigger-1', type: 'count', payload: {}, actor: 'U1' })),
    );
    await dispatcher.idle();
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.jobId)).size).toBe(1);
    expect(runs).toBe(1);
    const job = await store.get<JobRecord>(JOB_KIND, results[0].jobId);
    expect(job?.data).toMatchObject({ status: 'succeeded', attempts: 1, result: 1 });
    expect(job?.dueAt).toBeUndefined();
    await cleanup();
  });

  test('a redelivered envelope finds the job taken and does nothing', async () => {
    let runs = 0;
    const { cleanup, context, store, clock } = setup({});
    const handlers: JobHandlersOf<JobBase> = { slow: async () => { runs++; await new Promise((resolve) => setTimeout(resolve, 20)); } };
    const recording = new RecordingDispatcher();
    const { jobId } = await new JobQueue(store, recording, clock).enqueue({ idempotencyKey: 'k', type: 'slow', payload: {}, actor: 'U1' });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => runJob(jobId, handlers, context)));
    expect(outcomes.filter((outcome) => outcome === 'succeeded')).toHaveLength(1);
    expect(runs).toBe(1);
    expect(await runJob(jobId, handlers, context)).toBe('skipped');
    await cleanup();
  });

  test('a failing job is recorded as failed with its message, and audited', async () => {
    const { cleanup, dispatcher, queue, store } = setup({ boom: async () => Promise.reject(new Error('InvalidClusterState: cluster is paused')) });
    const { jobId } = await queue.enqueue({ idempotencyKey: 'k2', type: 'boom', payload: { a: 1 }, actor: 'U2' });
    await dispatcher.idle();
    expect((await store.get<JobRecord>(JOB_KIND, jobId))?.data).toMatchObject({ status: 'failed', error: 'InvalidClusterState: cluster is paused' });
    const audit = await store.listAudit({ from: 0, to: Date.parse('2027-01-01') });
    expect(audit.items).toEqual([expect.objectContaining({ actor: 'U2', action: 'job.failed', target: jobId })]);
    await cleanup();
  });

  test('a lost dispatch and a dead worker are picked up by jobs.advance, then given up on', async () => {
    let runs = 0;
    const { cleanup, context, store, clock } = setup({});
    const handlers: JobHandlersOf<JobBase> = { work: async () => void runs++ };
    const recording = new RecordingDispatcher();
    const { jobId } = await new JobQueue(store, recording, clock).enqueue({ idempotencyKey: 'k3', type: 'work', payload: {}, actor: 'U1' });
    expect(recording.sent).toEqual([{ jobId }]);

    expect((await advanceJobs(context, recording)).redispatched).toEqual([]);
    clock.advance(QUEUED_GRACE_MS);
    expect((await advanceJobs(context, recording)).redispatched).toEqual([jobId]);

    // A worker takes it and dies (status running, lease set) ...
    const queued = await store.get<JobRecord>(JOB_KIND, jobId);
    await store.update(JOB_KIND, jobId, queued!.version, { ...queued!.data, status: 'running', attempts: 3 }, { dueAt: clock.now() + RUNNING_LEASE_MS });
    expect(await runJob(jobId, handlers, context)).toBe('skipped');
    clock.advance(RUNNING_LEASE_MS);
    // ... and after the lease, with attempts used up, the job is failed loudly instead of run again.
    expect(await advanceJobs(context, recording)).toEqual({ redispatched: [], abandoned: [jobId] });
    expect((await store.get<JobRecord>(JOB_KIND, jobId))?.data).toMatchObject({ status: 'failed', error: 'gave up after 3 attempts' });
    expect(runs).toBe(0);
    await cleanup();
  });

  test('a running job whose lease ran out runs again', async () => {
    let runs = 0;
    const { cleanup, context, store, clock } = setup({});
    const handlers: JobHandlersOf<JobBase> = { work: async () => void runs++ };
    const { jobId } = await new JobQueue(store, new RecordingDispatcher(), clock).enqueue({ idempotencyKey: 'k4', type: 'work', payload: {}, actor: 'U1' });
    const queued = await store.get<JobRecord>(JOB_KIND, jobId);
    await store.update(JOB_KIND, jobId, queued!.version, { ...queued!.data, status: 'running', attempts: 1 }, { dueAt: clock.now() + RUNNING_LEASE_MS });
    clock.advance(RUNNING_LEASE_MS);
    expect(await runJob(jobId, handlers, context)).toBe('succeeded');
    expect((await store.get<JobRecord>(JOB_KIND, jobId))?.data).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(runs).toBe(1);
    await cleanup();
  });

  test('a job type nobody handles fails with a clear error', async () => {
    const { cleanup, dispatcher, queue, store } = setup({});
    const { jobId } = await queue.enqueue({ idempotencyKey: 'k5', type: 'nope', payload: {}, actor: 'U1' });
    await dispatcher.idle();
    expect((await store.get<JobRecord>(JOB_KIND, jobId))?.data).toMatchObject({ status: 'failed', error: 'No handler for job type nope' });
    await cleanup();
  });
});
