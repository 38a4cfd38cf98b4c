import { crashPoint } from '../crash-point';
import type { Item } from '../store/store';
import { JobLease } from './lease';
import { FINISHED_RETENTION_MS, JOB_KIND, RUNNING_LEASE_MS } from './queue';
import type { JobBase, JobHandlerOf, JobRecord } from './types';

export type JobHandlersOf<C> = Readonly<Record<string, JobHandlerOf<C>>>;

export type RunOutcome = 'succeeded' | 'failed' | 'skipped' | 'lost-race' | 'missing';

/** The most attempts a job gets (first run plus re-dispatches after a lost worker). */
export const MAX_ATTEMPTS = 3;

/**
 * Runs one recorded job. The queued -> running step is a conditional write, so a redelivered
 * envelope or a second worker finds the job taken and does nothing.
 */
export async function runJob<C extends JobBase>(jobId: string, handlers: JobHandlersOf<C>, context: C): Promise<RunOutcome> {
  const { store, clock } = context;
  const item = await store.get<JobRecord>(JOB_KIND, jobId);
  if (!item) return 'missing';
  if (!isRunnable(item, clock.now())) return 'skipped';

  const started: JobRecord = { ...item.data, status: 'running', attempts: item.data.attempts + 1, updatedAt: clock.now() };
  if (!(await store.update(JOB_KIND, jobId, item.version, started, { dueAt: clock.now() + RUNNING_LEASE_MS }))) {
    return 'lost-race';
  }
  const lease = new JobLease(store, clock, jobId, item.version + 1, started);
  const handler = handlers[item.data.type];
  let finished: JobRecord;
  if (!handler) {
    finished = { ...started, status: 'failed', error: `No handler for job type ${item.data.type}`, updatedAt: clock.now() };
  } else {
    try {
      const result = await handler(item.data.payload, { ...context, jobId, actor: item.data.actor });
      finished = { ...started, status: 'succeeded', result: result ?? null, updatedAt: clock.now() };
    } catch (error) {
      finished = { ...started, status: 'failed', error: messageOf(error), updatedAt: clock.now() };
    }
  }
  crashPoint(`before-job-record:${item.data.type}`);
  // Lost only if this worker stalled past its lease and another took the job over: that run records it.
  if (!(await lease.finish(finished, { dueAt: null, expiresAt: clock.now() + FINISHED_RETENTION_MS }))) return 'lost-race';
  await store.appendAudit({
    actor: item.data.actor,
    action: `job.${finished.status}`,
    target: jobId,
    input: { type: item.data.type, attempt: finished.attempts },
    result: finished.status === 'failed' ? { error: finished.error } : finished.result,
  });
  return finished.status === 'succeeded' ? 'succeeded' : 'failed';
}

/** Queued jobs run; a running job runs again only when its worker's lease has run out. */
function isRunnable(item: Item<JobRecord>, now: number): boolean {
  if (item.data.status === 'queued') return true;
  return item.data.status === 'running' && item.dueAt !== undefined && item.dueAt <= now;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
