import * as z from 'zod/mini';
import { openWithinLimit } from '../../approvals/limits';
import { codeSpan, escapeMrkdwn } from '../../approvals/text';
import type { NewRequest } from '../../approvals/types';
import type { ChatopsConfig } from '../../config/chatops';
import { readPayload } from '../../jobs/payload';
import type { JobHandler, WorkContext } from '../types';
import { bestEffort } from '../../slack/best-effort';
import { replyToSchema } from '../shared/payload-schemas';
import { reply, type ReplyTo } from '../shared/reply';
import { restoreKeyFor, startRestore } from './restore-run';
import {
  OPEN_JOB,
  RESTORE_ACTION,
  restoreCall,
  restoreDetailsSchema,
  RUN_JOB,
  sourceLabel,
  tableLabel,
  type RestoreDetails,
} from './restore-details';

/** A checked restore on its way to approvers: what, who asked, where they hear back, and its key. */
export interface OpenJob {
  details: RestoreDetails;
  requester: string;
  replyTo: ReplyTo;
  /** The submission's key: the approval request and the restore are each made once for it. */
  requestKey: string;
}
const openJobSchema: z.ZodMiniType<OpenJob> = z.object({
  details: restoreDetailsSchema,
  requester: z.string(),
  replyTo: replyToSchema,
  requestKey: z.string(),
});

/** The approval request: what is restored from where, the exact AWS call, and the restore policy's approvers. */
export function restoreApproval(config: ChatopsConfig, job: OpenJob): NewRequest<RestoreDetails> {
  const { details } = job;
  const policy = config.policies.restore;
  const from = tableLabel(details.sourceSchema, details.sourceTable);
  const into = tableLabel(details.targetSchema, details.newTable);
  return {
    action: RESTORE_ACTION,
    requester: job.requester,
    target: details.target,
    title: `<@${job.requester}> asks to restore ${escapeMrkdwn(from)} on ${details.target} into ${escapeMrkdwn(into)}`,
    summary: [
      ':rewind: *Table restore*',
      `*Who:* <@${job.requester}>`,
      `*What:* ${codeSpan(from)} in database ${codeSpan(details.sourceDatabase)} of *${details.target}*, as it was in ${sourceLabel(details)}`,
      `*Into:* a new table ${codeSpan(into)} (nothing existing is overwritten)`,
    ],
    willRun: [restoreCall(details, config.targets[details.target])],
    details,
    approvers: policy.approvers,
    approvalsRequired: policy.approvalsRequired,
    breakGlassAllowed: false,
    executor: RUN_JOB,
    idempotencyKey: `restore:${job.requestKey}`,
  };
}

/** How opening went, in words for the requester (mrkdwn, user text escaped). */
export interface OpenOutcome {
  text: string;
  result: unknown;
}

/**
 * Opens the approval request, or (policy with no approvals) starts the restore at once; the requester
 * is told either way. The one path of a checked restore, from the form's check job (and OPEN_JOB).
 */
export async function openRestore(context: WorkContext, job: OpenJob): Promise<OpenOutcome> {
  const { details } = job;
  const into = tableLabel(details.targetSchema, details.newTable);
  const notice = (text: string) =>
    bestEffort("the restore requester's notice", () => reply(context.slack, job.replyTo, { text }), context.log);
  if (context.config.policies.restore.approvalsRequired === 0) {
    await context.store.appendAudit({
      actor: job.requester,
      action: 'restore.request',
      target: details.target,
      input: details,
      result: { approvals: 0 },
    });
    const text = `:rewind: Restoring into ${codeSpan(into)} now (no approval needed); progress follows in a thread.`;
    await notice(text);
    return { text, result: await startRestore(context, { key: restoreKeyFor(job.requestKey), details, requester: job.requester }) };
  }
  let refusal = '';
  const request = await openWithinLimit(
    () => context.approvals.open(restoreApproval(context.config, job), context.slack),
    (text) => {
      refusal = text;
      return reply(context.slack, job.replyTo, { text });
    },
    context.log,
  );
  if (!request) return { text: refusal, result: { refused: 'open-limit' } };
  await context.store.appendAudit({
    actor: job.requester,
    action: 'restore.request',
    target: details.target,
    input: details,
    result: { requestId: request.id },
  });
  const text = `:incoming_envelope: Asked approvers in <#${context.config.channels.approvals}> to restore into ${codeSpan(into)} (request \`${request.id}\`). Progress follows in its thread.`;
  await notice(text);
  return { text, result: { requestId: request.id } };
}

/** OPEN_JOB: a checked restore enqueued on its own (kept so jobs already queued still run). */
export const openRestoreJob: JobHandler = async (payload, context) =>
  (await openRestore(context, readPayload(OPEN_JOB, openJobSchema, payload))).result;
