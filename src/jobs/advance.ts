import { FINISHED_RETENTION_MS, JOB_KIND, QUEUED_GRACE_MS } from './queue';
import { MAX_ATTEMPTS } from './runner';
import type { Dispatcher, JobBase, JobRecord } from './types';

export interface AdvanceResult {
  redispatched: string[];
  abandoned: string[];
}

/**
 * The `jobs.advance` task: finds jobs whose dispatch was lost or whose worker died (their dueAt
 * passed) and sends them again, giving up loudly after MAX_ATTEMPTS.
 */
export async function advanceJobs(
  context: JobBase,
  dispatcher: Dispatcher,
  limit = 100,
  options: { atStart?: boolean } = {},
): Promise<AdvanceResult> {
  const { store, clock } = context;
  const result: AdvanceResult = { redispatched: [], abandoned: [] };
  const now = clock.now();
  // At start, queued jobs are sent at once: a dispatch this process lost when it died needs no grace.
  const horizon = now + (options.atStart ? QUEUED_GRACE_MS : 0);
  for (const item of await store.due<JobRecord>(JOB_KIND, horizon, limit)) {
    const leaseLive = item.dueAt !== undefined && item.dueAt > now;
    if (leaseLive && item.data.status !== 'queued') continue;
    if (item.data.attempts >= MAX_ATTEMPTS) {
      const failed: JobRecord = {
        ...item.data,
        status: 'failed',
        error: `gave up after ${item.data.attempts} attempts`,
        updatedAt: clock.now(),
      };
      if (await store.update(JOB_KIND, item.id, item.version, failed, { dueAt: null, expiresAt: clock.now() + FINISHED_RETENTION_MS })) {
        result.abandoned.push(item.id);
        await store.appendAudit({
          actor: 'system',
          action: 'job.abandoned',
          target: item.id,
          input: { type: item.data.type },
          result: { error: failed.error },
        });
      }
      continue;
    }
    await dispatcher.dispatch({ jobId: item.id });
    result.redispatched.push(item.id);
  }
  return result;
}
