import * as z from 'zod/mini';
import type { ApprovalRequest } from '../../approvals/types';
import type { ApprovalWorkflow } from '../../approvals/workflow';

/** A stored request's details are not what its executor reads: the executor fails with this, never acts on a guess. */
export class RequestDetailsError extends Error {
  constructor(
    readonly requestId: string,
    readonly problems: string,
  ) {
    super(`approval request ${requestId}'s stored details are not what its executor expects: ${problems}`);
    this.name = 'RequestDetailsError';
  }
}

/**
 * An executor's request with its details checked: a request outlives the code that wrote it (a
 * deploy between asking and approving), so each executor states the schema of what it reads.
 */
export async function requestWithDetails<D>(
  approvals: Pick<ApprovalWorkflow, 'get'>,
  requestId: string,
  schema: z.ZodMiniType<D>,
): Promise<ApprovalRequest<D> | undefined> {
  const request = await approvals.get(requestId);
  if (!request) return undefined;
  const parsed = z.safeParse(schema, request.details);
  if (!parsed.success) throw new RequestDetailsError(requestId, z.prettifyError(parsed.error).replace(/\s*\n\s*/g, '; '));
  return { ...request, details: parsed.data };
}
