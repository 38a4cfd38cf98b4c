import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { bestEffort } from '../../slack/best-effort';
import { failureText } from '../shared/failure';
import { executorPayloadSchema } from '../shared/payload-schemas';
import { reportProgress } from '../shared/progress';
import { requestWithDetails } from '../shared/request-details';
import type { JobHandler } from '../types';
import { applyFixes } from './apply-run';
import { APPLY_JOB, type ApplyDetails } from './job-types';

const applyDetailsSchema: z.ZodMiniType<ApplyDetails> = z.object({
  target: z.string(),
  keys: z.array(z.string()),
  statements: z.array(z.string()),
});

/** The approved `grants apply`: runs what is still needed of what was approved, verifies, and says so in the request's threads. */
export const applyJob: JobHandler = async (payload, context) => {
  const { requestId } = readPayload(APPLY_JOB, executorPayloadSchema, payload);
  const request = await requestWithDetails(context.approvals, requestId, applyDetailsSchema);
  if (!request) return { skipped: `no request ${requestId}` };
  if (request.status !== 'approved') return { skipped: `request ${requestId} is ${request.status}` };
  await reportProgress(context, [requestId], 'running', 'applying the baseline');
  try {
    const outcome = await applyFixes(context, request.details, { actor: context.actor, requestId });
    await reportProgress(
      context,
      [requestId],
      outcome.ok ? 'done' : 'failed',
      outcome.ok ? `applied: ${outcome.ran} statements, verified` : `applied in part: ${outcome.remaining} differences remain`,
    );
    await bestEffort(
      'note on the permissions request of what ran',
      () => context.approvals.note(requestId, outcome.text, context.slack),
      context.log,
    );
    return { requestId, ran: outcome.ran, remaining: outcome.remaining, ok: outcome.ok };
  } catch (error) {
    await reportProgress(context, [requestId], 'failed', `not applied: ${failureText(error)}`);
    await bestEffort(
      'note on the permissions request that it failed',
      () => context.approvals.note(requestId, `:x: Could not apply: ${failureText(error)}`, context.slack),
      context.log,
    );
    throw error;
  }
};
