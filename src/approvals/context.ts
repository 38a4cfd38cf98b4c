import type { Clock } from '../clock';
import type { ChatopsConfig } from '../config/chatops';
import type { JobQueue } from '../jobs/queue';
import type { Store } from '../store/store';
import type { PeopleResolver } from './people';

export interface ApprovalWorkflowDeps {
  config: Pick<ChatopsConfig, 'channels' | 'access'> & Partial<Pick<ChatopsConfig, 'approvals'>>;
  store: Store;
  clock: Clock;
  jobs: JobQueue;
  people: PeopleResolver;
  log?: (message: string) => void;
}

/** What the workflow's parts (open, decide, settle, render) share: its deps with the log settled. */
export type WorkflowDeps = ApprovalWorkflowDeps & { log: (message: string) => void };

/** A decided request stays due this long, so the tick finishes its follow-up (executor, messages) if this process dies first. */
export const SETTLE_GRACE_MS = 60_000;
/** Decided and expired requests are kept this long, then removed by the store's TTL. */
export const DECIDED_RETENTION_MS = 30 * 24 * 3_600_000;
/** Conditional writes lost to simultaneous clicks are retried this often before giving up. */
export const MAX_WRITE_ATTEMPTS = 40;

/** A short, growing, jittered wait, so losers of a conditional write do not collide again in lockstep. */
export function pause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 * attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
