import type { SlackMessageRef } from '../../approvals/types';
import type { FinalSnapshot } from '../../redshift/lifecycle';
import type { ReplyTo } from '../shared/reply';

/** The changes this feature makes; each is also the chatops.yml policy that governs it. */
export type LifecycleAction = 'pause' | 'resume' | 'delete' | 'maintenance';

/** One confirmed change, as it is approved and then executed. */
export interface LifecycleOperation {
  action: LifecycleAction;
  target: string;
  requester: string;
  /** Idempotency key of the confirmation: a double click or a Slack retry names the same operation. */
  key: string;
  /** Where the requester asked (progress is threaded under a message there when no approval is needed). */
  channelId: string;
  replyTo?: ReplyTo;
  /** delete only. */
  finalSnapshot?: FinalSnapshot;
  /** maintenance only: days to defer (1–60). */
  deferDays?: number;
  /** maintenance only: the alert message the defer was chosen in (its thread gets the outcome). */
  alert?: SlackMessageRef;
}

/** Where progress is reported: the approval request's threads, or one message of our own. */
export type ProgressPlace = { requestId: string } | { thread: SlackMessageRef };
