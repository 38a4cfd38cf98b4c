import type { ReplyTo } from './reply';

/**
 * The lifecycle preview job, as other features start it: `/redshift pause|resume` and the cost
 * alert's Pause button both enqueue it, and the lifecycle feature runs it (lifecycle/preview-job.ts).
 */

/** Looks at the target and answers with the preview (AWS calls stay off the ack path). */
export const PREVIEW_JOB = 'lifecycle.preview';

export interface PreviewJob {
  action: 'pause' | 'resume';
  target: string;
  requester: string;
  /** The command's key: the preview's Confirm names one operation, whoever clicks how often. */
  key: string;
  replyTo: ReplyTo;
  /** The answer replaces the command's "Looking at …" ack; a click on a shared alert's button must never replace that alert. */
  replacesAck?: boolean;
}
