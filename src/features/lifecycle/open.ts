import { readPayload } from '../../jobs/payload';
import { bestEffort } from '../../slack/best-effort';
import { openWithinLimit } from '../../approvals/limits';
import type { AppPorts, JobHandler } from '../types';
import { failureRecord, failureText } from '../shared/failure';
import { reply } from '../shared/reply';
import { EXECUTE_JOB, OPEN_JOB } from './ids';
import { lifecycleRequest } from './requests';
import { lifecycleOperationSchema, type LifecycleOperation } from './types';

/**
 * A confirmed operation goes on: straight to the executor when its policy needs no approval,
 * else to an approval request. Both are keyed by the operation, so double clicks make one.
 */
export async function proceed(ports: AppPorts, operation: LifecycleOperation, approvalsRequired: number): Promise<'running' | 'asking'> {
  await ports.store.appendAudit({
    actor: operation.requester,
    action: `lifecycle.${operation.action}.confirm`,
    target: operation.target,
    input: {
      key: operation.key,
      ...(operation.finalSnapshot ? { finalSnapshot: operation.finalSnapshot } : {}),
      ...(operation.deferDays ? { deferDays: operation.deferDays } : {}),
    },
    result: { approvalsRequired },
  });
  if (approvalsRequired === 0) {
    await ports.jobs.enqueue({
      idempotencyKey: `lifecycle:${operation.action}:${operation.key}`,
      type: EXECUTE_JOB,
      payload: { operation },
      actor: operation.requester,
    });
    return 'running';
  }
  await ports.jobs.enqueue({
    idempotencyKey: `lifecycle-open:${operation.action}:${operation.key}`,
    type: OPEN_JOB,
    payload: operation,
    actor: operation.requester,
  });
  return 'asking';
}

/** The `lifecycle.open` job: opens the approval request and tells the requester where it is. */
export const openJob: JobHandler = async (payload, context) => {
  const operation = readPayload(OPEN_JOB, lifecycleOperationSchema, payload);
  const { replyTo } = operation;
  const tell = (text: string) =>
    replyTo ? bestEffort('the reply to the requester', () => reply(context.slack, replyTo, { text }), context.log) : Promise.resolve();
  try {
    const request = await openWithinLimit(
      () => context.approvals.open(lifecycleRequest(context.config, operation), context.slack),
      tell,
      context.log,
    );
    if (!request) return { refused: 'open-limit' };
    await context.store.appendAudit({
      actor: operation.requester,
      action: `lifecycle.${operation.action}.request`,
      target: operation.target,
      input: { key: operation.key },
      result: { requestId: request.id, approvalsRequired: request.approvalsRequired },
    });
    await tell(
      `:incoming_envelope: Asked for approval (request \`${request.id}\`): ${request.approvalsRequired} approval${request.approvalsRequired === 1 ? '' : 's'} from different people in <#${context.config.channels.approvals}>, not yours. Progress follows in its thread once approved.`,
    );
    return { requestId: request.id };
  } catch (error) {
    await context.store.appendAudit({
      actor: operation.requester,
      action: `lifecycle.${operation.action}.request.failed`,
      target: operation.target,
      input: { key: operation.key },
      result: failureRecord(error),
    });
    await tell(`:x: The request could not be sent: ${failureText(error)}. Nothing was run; try again.`);
    throw error;
  }
};
