/**
 * What a job is, apart from what it needs to run: the record in the store and the envelope a
 * dispatcher sends. Kept free of the app's context so the queue, and the approval workflow that
 * enqueues through it, import no code above them.
 */

/** What travels to the worker: only the id; the job itself lives in the store, so a redelivery reads the truth. */
export interface JobEnvelope {
  jobId: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobRecord {
  type: string;
  payload: unknown;
  /** Slack user id of whoever caused the job, or `system`. */
  actor: string;
  status: JobStatus;
  attempts: number;
  createdAt: number;
  updatedAt: number;
  result?: unknown;
  error?: string;
}

/** Sends a recorded job to whatever runs it: in-process in the server runtime, an async Lambda invoke on Lambda. */
export interface Dispatcher {
  dispatch(envelope: JobEnvelope): Promise<void>;
}
