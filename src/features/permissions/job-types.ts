import type { ReplyTo } from '../shared/reply';

/** The job types of this feature, stored with each job: never rename one. */
export const CHECK_JOB = 'permissions.check';
export const BASELINE_JOB = 'permissions.baseline';
export const WHO_JOB = 'permissions.who';

export interface CheckJob {
  targets: string[];
  replyTo: ReplyTo;
}

export interface BaselineJob {
  target: string;
  replyTo: ReplyTo;
}

export interface WhoJob {
  target: string;
  schema: string;
  table?: string;
  replyTo: ReplyTo;
}
