import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { Store } from '../store/store';
import type { Dispatcher, JobRecord } from './record';

export const JOB_KIND = 'job';
/** A queued job nobody picked up by then is dispatched again by the `jobs.advance` task. */
export const QUEUED_GRACE_MS = 60_000;
/**
 * A running job whose worker died is picked up again after this lease. The worker renews it while
 * the job runs (see lease.ts), so it can be short: a crash delays the job's finish by seconds.
 */
export const RUNNING_LEASE_MS = 10_000;
/** How long finished jobs are kept (DynamoDB TTL / SQLite expiry). */
export const FINISHED_RETENTION_MS = 30 * 24 * 3_600_000;

export interface EnqueueRequest {
  /**
   * What makes two requests "the same work": e.g. the slash command's trigger_id or a button click's
   * action_ts. A Slack retry or a double click carries the same key, so the job is recorded once.
   */
  idempotencyKey: string;
  type: string;
  payload: unknown;
  actor: string;
}

export interface EnqueueResult {
  jobId: string;
  /** False when the same key was seen before: nothing new was recorded or dispatched. */
  created: boolean;
}

export function jobIdFor(idempotencyKey: string): string {
  return 'j-' + createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24);
}

/** Records the job first, then dispatches it: if the dispatch is lost, the tick finds the job and sends it again. */
export class JobQueue {
  constructor(
    private readonly store: Store,
    private readonly dispatcher: Dispatcher,
    private readonly clock: Clock,
  ) {}

  async enqueue(request: EnqueueRequest): Promise<EnqueueResult> {
    const jobId = jobIdFor(request.idempotencyKey);
    const now = this.clock.now();
    const record: JobRecord = {
      type: request.type,
      payload: request.payload,
      actor: request.actor,
      status: 'queued',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    };
    const created = await this.store.create<JobRecord>(JOB_KIND, jobId, record, { dueAt: now + QUEUED_GRACE_MS });
    if (created) await this.dispatcher.dispatch({ jobId });
    return { jobId, created };
  }
}
