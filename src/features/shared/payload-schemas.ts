import * as z from 'zod/mini';
import type { ExecutorPayload } from '../../approvals/workflow';
import type { ReplyTo } from './reply';

/** The pieces many stored job payloads share, stated once for readPayload (jobs/payload.ts). */
export const replyToSchema: z.ZodMiniType<ReplyTo> = z.union([
  z.object({ responseUrl: z.string() }),
  z.object({ channel: z.string(), user: z.string() }),
]);

/** What an approved request's executor job receives. */
export const executorPayloadSchema: z.ZodMiniType<ExecutorPayload> = z.object({ requestId: z.string() });
