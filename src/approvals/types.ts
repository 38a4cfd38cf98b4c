import type { People } from '../config/policies';

/**
 * The generic approval workflow's records: any action that needs people to agree (a PII grant, a
 * restore, a pause, a delete) is opened as a request, decided by clicks, and executed by a job once
 * enough distinct approvers said yes. Requests live in the store as kind `request`.
 */
export const REQUEST_KIND = 'request';

export type Decision = 'approve' | 'deny';

export interface DecisionRecord {
  user: string;
  decision: Decision;
  at: number;
  reason?: string;
  /** True when the requester approved their own request under break-glass. */
  breakGlass?: boolean;
}

export type RequestStatus =
  /** Waiting for approvals. */
  | 'pending'
  /** Enough approvals: the executor job has been recorded. */
  | 'approved'
  | 'denied'
  /** Nobody decided in time (access.pendingExpiry, default 24 h). */
  | 'expired'
  /** The requester withdrew it. */
  | 'cancelled';

/**
 * Where the executor of an approved request stands. The workflow knows nothing of what an executor
 * does; it draws the state with the approval, so the message says what really happened.
 */
export type ProgressState =
  /** The executor is at work. */
  | 'running'
  /** A transient fault: the executor tries again later. */
  | 'retrying'
  /** The action took effect (for a time-bound action: it is in force). */
  | 'done'
  /** The action did not take effect, for good. */
  | 'failed'
  /** A time-bound action's effect is over (access revoked, for instance). */
  | 'ended';

export interface ExecutionProgress {
  state: ProgressState;
  /** Plain words, no mrkdwn (the message escapes them): "granting — AWS is throttling, attempt 2, until 14:05 UTC". */
  text: string;
  /** When the executor saw this state (clock ms): a report older than the recorded one is dropped. */
  at: number;
}

export interface SlackMessageRef {
  channel: string;
  ts: string;
}

export interface ApprovalRequest<D = unknown> {
  /** `r-` + 10 lower-case hex. */
  id: string;
  /** What is being asked, as a dotted action: `access.grant`, `restore`, `pause`, `delete`… */
  action: string;
  /** Slack user id of the requester. */
  requester: string;
  /** chatops.yml target name. */
  target: string;
  /** One line for notifications: "alice asks for pii_users on prod for 4h". */
  title: string;
  /** mrkdwn lines shown to approvers: who, what, for how long, why. */
  summary: string[];
  /** The exact statements or API calls that will run, shown verbatim (in a code block). */
  willRun: string[];
  /** Action-specific data the executor job reads. */
  details: D;
  approvers: People;
  approvalsRequired: number;
  /** Whether the requester may approve their own request with a reason (role's breakGlass). */
  breakGlassAllowed: boolean;
  decisions: DecisionRecord[];
  status: RequestStatus;
  createdAt: number;
  /** A pending request expires at this time; its message then says so. */
  expiresAt: number;
  /** The job type run once approved; its payload is `{ requestId }`. */
  executor: string;
  /** The message in the approvals channel with the buttons. */
  approvalMessage?: SlackMessageRef;
  /** Where the requester sees the same status (a DM or the channel they asked in). */
  requesterMessage?: SlackMessageRef;
  /** The executor's latest report, shown once the request is approved (set through ApprovalWorkflow.progress). */
  progress?: ExecutionProgress;
}

/** What a feature hands the workflow to open a request. */
export type NewRequest<D = unknown> = Pick<
  ApprovalRequest<D>,
  'action' | 'requester' | 'target' | 'title' | 'summary' | 'willRun' | 'details' | 'approvers' | 'approvalsRequired' | 'breakGlassAllowed' | 'executor'
> & {
  /** Defaults to config access.pendingExpiry. */
  expiresInMs?: number;
  /** Channel to show the requester's copy in (default: a DM with the requester). */
  requesterChannel?: string;
  /** Makes a Slack retry of the same command open one request, not two. */
  idempotencyKey: string;
};
