import { describePeople } from '../../approvals/people';
import { openWithinLimit } from '../../approvals/limits';
import type { NewRequest } from '../../approvals/types';
import type { ExecutorPayload } from '../../approvals/workflow';
import type { ChatopsConfig } from '../../config/chatops';
import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { bestEffort } from '../../slack/best-effort';
import type { UsageLimitSpec } from '../../redshift/billing';
import { failureRecord, failureText } from '../shared/failure';
import { reply, type ReplyTo } from '../shared/reply';
import { replyToSchema } from '../shared/payload-schemas';
import type { AppPorts, JobHandler, WorkContext } from '../types';
import type { BudgetKind } from './budgets';
import { usd } from './format';
import { requestWithDetails } from '../shared/request-details';

/** A Serverless usage limit offered by a budget alert: asked for, approved through policies.usageLimit, then created once. */

export const LIMIT_OPEN_JOB = 'cost.limit.open';
export const LIMIT_JOB = 'cost.limit.create';

/** Emits a CloudWatch metric to alarm on; `log` would tell nobody, `deactivate` would stop every query. */
export const LIMIT_BREACH_ACTION = 'emit-metric' as const;

export interface UsageLimitOperation {
  target: string;
  spec: UsageLimitSpec;
  requester: string;
  /** The click's key: a double click asks once. */
  key: string;
  replyTo: ReplyTo;
}

const usageLimitOperationSchema: z.ZodMiniType<UsageLimitOperation> = z.object({
  target: z.string(),
  spec: z.object({
    amountRpuHours: z.number(),
    period: z.enum(['daily', 'weekly', 'monthly']),
    breachAction: z.enum(['log', 'emit-metric', 'deactivate']),
  }),
  requester: z.string(),
  key: z.string(),
  replyTo: replyToSchema,
});

/** The limit that matches a budget: the budget's dollars as whole RPU-hours per day or month (at least 1). */
export function limitForBudget(kind: BudgetKind, limitUsd: number, pricePerRpuHour: number): UsageLimitSpec | undefined {
  if (kind === 'spectrumTBPerDay' || pricePerRpuHour <= 0) return undefined;
  return {
    amountRpuHours: Math.max(1, Math.floor(limitUsd / pricePerRpuHour)),
    period: kind === 'dailyUsd' ? 'daily' : 'monthly',
    breachAction: LIMIT_BREACH_ACTION,
  };
}

export function limitCall(config: ChatopsConfig, operation: Pick<UsageLimitOperation, 'target' | 'spec'>): string {
  const target = config.targets[operation.target];
  const workgroup = target.kind === 'serverless' ? target.workgroup : operation.target;
  return `CreateUsageLimit resourceArn=<workgroup ${workgroup}> usageType=serverless-compute amount=${operation.spec.amountRpuHours} period=${operation.spec.period} breachAction=${operation.spec.breachAction}`;
}

export function limitRequest(config: ChatopsConfig, operation: UsageLimitOperation): NewRequest<UsageLimitOperation> {
  const policy = config.policies.usageLimit;
  const { spec } = operation;
  return {
    action: 'cost.usageLimit',
    requester: operation.requester,
    target: operation.target,
    title: `<@${operation.requester}> asks to cap ${operation.target} at ${spec.amountRpuHours} RPU-hours ${spec.period}`,
    summary: [
      `:no_entry_sign: *Usage limit on ${operation.target}*: ${spec.amountRpuHours} RPU-hours per ${spec.period === 'daily' ? 'day' : spec.period === 'weekly' ? 'week' : 'month'} (≈ ${usd(spec.amountRpuHours * config.cost.prices.serverlessPerRpuHour)})`,
      `*Who:* <@${operation.requester}>, from a budget alert`,
      `*On breach:* ${spec.breachAction} (a CloudWatch metric to alarm on; queries keep running)`,
      `*Approvers:* ${describePeople(policy.approvers)}; the requester cannot approve.`,
    ],
    willRun: [limitCall(config, operation)],
    details: operation,
    approvers: policy.approvers,
    approvalsRequired: policy.approvalsRequired,
    breakGlassAllowed: false,
    executor: LIMIT_JOB,
    idempotencyKey: `cost-limit:${operation.key}`,
  };
}

/** After the click: straight to the executor when the policy needs no approval, else an approval request; each once per click key. */
export async function askForLimit(ports: Pick<AppPorts, 'jobs' | 'store'>, operation: UsageLimitOperation, approvalsRequired: number): Promise<'running' | 'asking'> {
  await ports.store.appendAudit({ actor: operation.requester, action: 'cost.usageLimit.ask', target: operation.target, input: { ...operation.spec, key: operation.key }, result: { approvalsRequired } });
  if (approvalsRequired === 0) {
    await ports.jobs.enqueue({ idempotencyKey: `cost-limit-run:${operation.key}`, type: LIMIT_JOB, payload: { operation }, actor: operation.requester });
    return 'running';
  }
  await ports.jobs.enqueue({ idempotencyKey: `cost-limit-open:${operation.key}`, type: LIMIT_OPEN_JOB, payload: operation, actor: operation.requester });
  return 'asking';
}

export const limitOpenJob: JobHandler = async (payload, context) => {
  const operation = readPayload(LIMIT_OPEN_JOB, usageLimitOperationSchema, payload);
  try {
    const request = await openWithinLimit(
      () => context.approvals.open(limitRequest(context.config, operation), context.slack),
      (text) => reply(context.slack, operation.replyTo, { text }),
      context.log,
    );
    if (!request) return { refused: 'open-limit' };
    const text = `:incoming_envelope: Asked for approval of the usage limit on *${operation.target}* (request \`${request.id}\`) in <#${context.config.channels.approvals}>.`;
    await bestEffort('the reply that the usage-limit request was sent', () => reply(context.slack, operation.replyTo, { text }), context.log);
    return { requestId: request.id };
  } catch (error) {
    await context.store.appendAudit({ actor: operation.requester, action: 'cost.usageLimit.request.failed', target: operation.target, input: operation.spec, result: failureRecord(error) });
    const text = `:x: The request could not be sent: ${failureText(error)} Nothing was changed; try again.`;
    await bestEffort('the reply that the usage-limit request failed', () => reply(context.slack, operation.replyTo, { text }), context.log);
    throw error;
  }
};

type LimitPayload = ExecutorPayload | { operation: UsageLimitOperation };

const limitPayloadSchema: z.ZodMiniType<LimitPayload> = z.union([z.object({ requestId: z.string() }), z.object({ operation: usageLimitOperationSchema })]);

/** Creates the limit once: an equal limit already on the workgroup (a retried run) counts as done. */
export const limitJob: JobHandler = async (payload, context) => {
  const given = readPayload(LIMIT_JOB, limitPayloadSchema, payload);
  let operation: UsageLimitOperation;
  let requestId: string | undefined;
  if ('requestId' in given) {
    const request = await requestWithDetails(context.approvals, given.requestId, usageLimitOperationSchema);
    if (!request || request.status !== 'approved') return { skipped: `request ${given.requestId} is ${request?.status ?? 'missing'}` };
    operation = request.details;
    requestId = request.id;
  } else {
    operation = given.operation;
  }
  const tell = (text: string) =>
    requestId
      ? context.approvals.note(requestId, text, context.slack)
      : bestEffort('the reply on the usage limit', () => reply(context.slack, operation.replyTo, { text }), context.log);
  const audit = { actor: operation.requester, action: 'cost.usageLimit.create', target: operation.target, input: { ...operation.spec, call: limitCall(context.config, operation), requestId } };
  try {
    const outcome = await createOnce(context, operation);
    await context.store.appendAudit({ ...audit, result: { usageLimitId: outcome.limit.id, existed: outcome.existed } });
    await tell(
      `:white_check_mark: Usage limit \`${outcome.limit.id}\` ${outcome.existed ? 'was already' : 'is now'} on *${operation.target}*: ${operation.spec.amountRpuHours} RPU-hours ${operation.spec.period}, breach action ${operation.spec.breachAction}.`,
    );
    return { usageLimitId: outcome.limit.id, existed: outcome.existed };
  } catch (error) {
    await context.store.appendAudit({ ...audit, result: failureRecord(error) });
    await tell(`:x: Could not create the usage limit on *${operation.target}*: ${failureText(error)}`);
    return { error: failureText(error) };
  }
};

async function createOnce(context: Pick<WorkContext, 'billing'>, operation: UsageLimitOperation) {
  const { spec } = operation;
  const existing = (await context.billing.listUsageLimits(operation.target)).find(
    (limit) => limit.amountRpuHours === spec.amountRpuHours && limit.period === spec.period && limit.breachAction === spec.breachAction,
  );
  if (existing) return { limit: existing, existed: true };
  return { limit: await context.billing.createUsageLimit(operation.target, spec), existed: false };
}
