import * as z from 'zod/mini';
import type { SlackMessageRef } from '../../approvals/types';
import type { FinalSnapshot } from '../../redshift/lifecycle';
import type { ReplyTo } from '../shared/reply';
import { replyToSchema } from '../shared/payload-schemas';
import type { ProgressPlace } from '../shared/progress-place';

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

// The stored forms of the types above, checked when a job or watch reads them (src/jobs/payload.ts).
const messageRefSchema: z.ZodMiniType<SlackMessageRef> = z.object({ channel: z.string(), ts: z.string() });

const finalSnapshotSchema: z.ZodMiniType<FinalSnapshot> = z.union([
  z.object({ skip: z.literal(false), name: z.string(), retentionDays: z.union([z.number(), z.literal('forever')]) }),
  z.object({ skip: z.literal(true) }),
]);

export const lifecycleOperationSchema: z.ZodMiniType<LifecycleOperation> = z.object({
  action: z.enum(['pause', 'resume', 'delete', 'maintenance']),
  target: z.string(),
  requester: z.string(),
  key: z.string(),
  channelId: z.string(),
  replyTo: z.optional(replyToSchema),
  finalSnapshot: z.optional(finalSnapshotSchema),
  deferDays: z.optional(z.number()),
  alert: z.optional(messageRefSchema),
});

export const progressPlaceSchema: z.ZodMiniType<ProgressPlace> = z.union([
  z.object({ requestId: z.string() }),
  z.object({ thread: messageRefSchema }),
]);
