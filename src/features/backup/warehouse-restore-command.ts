import * as z from 'zod/mini';
import { checkPolicy } from '../../approvals/policy';
import { usageFor } from '../../commands/help';
import { RECOVERY_POINT_PATTERN } from '../../commands/args';
import { readPayload } from '../../jobs/payload';
import { failureRecord, failureText } from '../shared/failure';
import { replyToSchema } from '../shared/payload-schemas';
import { reply, type ReplyTo } from '../shared/reply';
import { shortKey } from '../shared/short-key';
import type { WarehouseRestorePlan } from '../../redshift/warehouse-restore';
import type { CommandHandler, JobHandler, WorkContext } from '../types';
import { approvalsFor, commandRefusal, planRefusal, previewLines, previewMessage } from './warehouse-restore-preview';
import { operationSchema, PLAN_JOB, restoreRequest, type WarehouseRestoreOperation } from './warehouse-restore-types';

/** `restore cluster <snapshot> <new-name> [target]`: checks on the ack path (no AWS call), then the preview in a job. */

interface PlanJob {
  operation: WarehouseRestoreOperation;
  replyTo: ReplyTo;
}
const planJobSchema: z.ZodMiniType<PlanJob> = z.object({ operation: operationSchema, replyTo: replyToSchema });

export const restoreClusterCommand: CommandHandler<'restore.cluster'> = async ({
  command,
  ports,
  ack,
  userId,
  channelId,
  responseUrl,
  requestKey,
}) => {
  const { source, newName } = command;
  if (source === undefined || newName === undefined) {
    await ack({
      text: `:warning: Name the snapshot and the new cluster: \`${usageFor('restore.cluster')}\`. \`/redshift snapshot list\` shows the snapshots.`,
    });
    return;
  }
  // Left out with several targets: a Serverless namespace's name says which target it is.
  const target =
    command.target ??
    Object.keys(ports.config.targets).find((name) => {
      const t = ports.config.targets[name];
      return t.kind === 'serverless' && t.namespace === newName;
    });
  if (target === undefined) {
    await ack({
      text: `:warning: Name the target the snapshot belongs to: \`${usageFor('restore.cluster')}\` (targets: ${Object.keys(ports.config.targets).join(', ')}).`,
    });
    return;
  }
  const refuse = async (reason: string) => {
    await ports.store.appendAudit({
      actor: userId,
      action: 'restore.cluster.refused',
      target,
      input: { source, name: newName },
      result: { reason },
    });
    await ack({ text: `:no_entry: ${reason}` });
  };
  const isRecoveryPoint = RECOVERY_POINT_PATTERN.test(source);
  const refusal = commandRefusal(target, ports.config.targets[target], source, newName, isRecoveryPoint);
  if (refusal) return refuse(refusal);
  const decision = await checkPolicy('restore', ports.config.policies.restore, userId, ports.people);
  if (!decision.allowed) return refuse(`${decision.message} Nothing was restored.`);
  const kind = ports.config.targets[target].kind === 'provisioned' ? 'new-cluster' : 'namespace';
  const operation: WarehouseRestoreOperation = {
    target,
    kind,
    source: { kind: isRecoveryPoint ? 'recovery-point' : 'snapshot', id: source },
    name: newName,
    requester: userId,
    key: shortKey(requestKey),
    channelId,
    replyTo: { responseUrl },
  };
  const job: PlanJob = { operation, replyTo: { responseUrl } };
  await ports.jobs.enqueue({ idempotencyKey: `restore-cluster-plan:${requestKey}`, type: PLAN_JOB, payload: job, actor: userId });
  await ack({ text: `:mag: Looking at \`${source}\` of *${target}*…` });
};

/** The plan (read-only), or why it cannot go ahead: audited and told; the preview and the Confirm both ask. */
export async function lookUp(
  context: WorkContext,
  operation: WarehouseRestoreOperation,
  tell: (text: string) => Promise<unknown>,
): Promise<WarehouseRestorePlan | { refusal: string }> {
  const plan = await context.warehouses.get(operation.target).backups.planRestore(restoreRequest(operation));
  const refusal = planRefusal(plan);
  if (!refusal) return plan;
  await context.store.appendAudit({
    actor: operation.requester,
    action: 'restore.cluster.refused',
    target: operation.target,
    input: { source: operation.source, name: operation.name, key: operation.key },
    result: { reason: refusal },
  });
  await tell(`:no_entry: ${refusal}`);
  return { refusal };
}

/** Looks the source and the name up (read-only) and answers with the preview, or why it cannot be done. */
export const planJob: JobHandler = async (payload, context) => {
  const { operation, replyTo } = readPayload(PLAN_JOB, planJobSchema, payload);
  const audit = {
    actor: operation.requester,
    action: 'restore.cluster.preview',
    target: operation.target,
    input: { source: operation.source, name: operation.name, key: operation.key },
  };
  const answer = (text: string) => reply(context.slack, replyTo, { text, replace_original: true });
  try {
    const plan = await lookUp(context, operation, answer);
    if ('refusal' in plan) return { outcome: 'refused', reason: plan.refusal };
    const approvals = approvalsFor(operation.kind, context.config.policies.restore);
    const lines = previewLines(operation.target, plan, context.config.cost.prices.nodeHour, approvals);
    const token = {
      t: operation.target,
      s: operation.source.id,
      r: operation.source.kind === 'recovery-point',
      n: operation.name,
      k: operation.key,
      at: context.clock.now(),
    };
    await context.store.appendAudit({ ...audit, result: { outcome: 'previewed', approvals: approvals.count } });
    await reply(context.slack, replyTo, { ...previewMessage(lines, token, operation.kind), replace_original: true });
    return { outcome: 'previewed' };
  } catch (error) {
    await context.store.appendAudit({ ...audit, result: failureRecord(error) });
    await answer(`:x: Could not look at \`${operation.source.id}\` of *${operation.target}*: ${failureText(error)} Nothing was restored.`);
    return { outcome: 'failed', error: failureText(error) };
  }
};
