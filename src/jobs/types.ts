import type { WebClient } from '@slack/web-api';
import type { ChatopsConfig } from '../config/chatops';
import type { Clock } from '../clock';
import type { Store } from '../store/store';

export type { Dispatcher, JobEnvelope, JobRecord } from './record';

/**
 * What the job machinery itself needs of the context it runs handlers with. The context handlers
 * receive is the app's (features/types.ts WorkContext); jobs are generic over it, so they import
 * nothing above them.
 */
export interface JobBase {
  store: Store;
  clock: Clock;
  log: (message: string) => void;
}

/** Runs one job of a type, with the context C the app runs jobs with, plus which job and who started it. */
export type JobHandlerOf<C> = (payload: unknown, context: C & { jobId: string; actor: string }) => Promise<unknown>;

/** What publishing the audit log needs: the store, a clock, Slack, and where the audit channel is. */
export interface AuditFeedContext extends JobBase {
  slack: WebClient;
  config: Pick<ChatopsConfig, 'channels'>;
}
