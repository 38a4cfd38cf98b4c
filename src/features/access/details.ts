import * as z from 'zod/mini';
import type { GrantMode } from './sql';

/** The approval request's `action` and the job type its executor runs once approved. */
export const ACCESS_ACTION = 'access.grant';
export const GRANT_JOB = 'access.grant';
/** Opens the approval request (posts the messages) after the command or modal has acked. */
export const OPEN_JOB = 'access.open';
/** `access revoke` and "I'm done": revoke now, the same path as expiry. */
export const REVOKE_JOB = 'access.revoke';
export const LIST_JOB = 'access.list';
/** The "I'm done" button on the grantee's message; value = grant id. */
export const DONE_ACTION = 'access_done';

/** What the approval request carries for the `access.grant` executor. */
export interface AccessDetails {
  role: string;
  target: string;
  dbUser: string;
  durationMs: number;
  reason: string;
  mode: GrantMode;
  /** Set when the request extends a live grant. */
  grantId?: string;
}

export const accessDetailsSchema: z.ZodMiniType<AccessDetails> = z.object({
  role: z.string(),
  target: z.string(),
  dbUser: z.string(),
  durationMs: z.number(),
  reason: z.string(),
  mode: z.enum(['role', 'group']),
  grantId: z.optional(z.string()),
});
