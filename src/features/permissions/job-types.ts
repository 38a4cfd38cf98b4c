import type { ReplyTo } from '../shared/reply';

/** The job types of this feature, stored with each job: never rename one. */
export const CHECK_JOB = 'permissions.check';
export const BASELINE_JOB = 'permissions.baseline';
export const WHO_JOB = 'permissions.who';
/** `grants apply`: works out the fixes and asks approvers (or applies at once when the policy needs none). */
export const PLAN_JOB = 'permissions.plan';
/** The approved request's executor. */
export const APPLY_JOB = 'permissions.apply';
export const APPLY_ACTION = 'permissions.apply';

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

export interface PlanJob {
  target: string;
  requester: string;
  replyTo: ReplyTo;
  requestKey: string;
}

/** What an apply request carries: the findings approved (by key) and the exact statements approvers saw. */
export interface ApplyDetails {
  target: string;
  keys: string[];
  statements: string[];
}
