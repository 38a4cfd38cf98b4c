import type { WebClient } from '@slack/web-api';
import type { Item } from '../store/store';
import { DECIDED_RETENTION_MS, messageOf, SETTLE_GRACE_MS, type WorkflowDeps } from './context';
import { render } from './render';
import { approvers, expire } from './state';
import { REQUEST_KIND, type ApprovalRequest } from './types';

/** What the executor job receives. */
export interface ExecutorPayload {
  requestId: string;
}

export function executorKey(requestId: string): string {
  return `approved:${requestId}`;
}

/**
 * The tick's part: expires pending requests past their time and finishes the follow-up of decided
 * ones whose process died before it was done.
 */
export async function expireDue(
  deps: WorkflowDeps,
  slack: WebClient,
  limit: number,
  options: { resumeAll?: boolean },
): Promise<{ expired: string[]; settled: string[] }> {
  const { store, clock } = deps;
  const result: { expired: string[]; settled: string[] } = { expired: [], settled: [] };
  // At start no follow-up of this process can be under way, so decided requests still in their grace are finished at once.
  const horizon = clock.now() + (options.resumeAll ? SETTLE_GRACE_MS : 0);
  for (const item of await store.due<ApprovalRequest>(REQUEST_KIND, horizon, limit)) {
    try {
      if (item.data.status === 'pending') {
        if (await expireItem(deps, item, slack)) result.expired.push(item.id);
      } else if (await settle(deps, item.id, slack)) {
        result.settled.push(item.id);
      }
    } catch (error) {
      // One broken request must not hold up the others; it stays due and is tried again next tick.
      deps.log(`approval ${item.id}: tick failed: ${messageOf(error)}`);
    }
  }
  return result;
}

/** Marks a pending request expired (once, whoever gets there first) and updates its messages. */
export async function expireItem(deps: WorkflowDeps, item: Item<ApprovalRequest>, slack: WebClient): Promise<boolean> {
  const now = deps.clock.now();
  const expired = expire(item.data, now);
  if (!expired) return false;
  const written = await deps.store.update(REQUEST_KIND, item.id, item.version, expired, {
    dueAt: now + SETTLE_GRACE_MS,
    expiresAt: now + DECIDED_RETENTION_MS,
  });
  if (!written) return false;
  await deps.store.appendAudit({
    actor: 'system',
    action: 'approval.expire',
    target: expired.target,
    input: { requestId: item.id, action: expired.action, expiresAt: expired.expiresAt },
    result: { status: 'expired', approvals: approvers(expired) },
  });
  await settle(deps, item.id, slack);
  return true;
}

/**
 * The follow-up of a decided request, safe to repeat: the executor job (its idempotency key makes
 * it run once), both messages, then the request stops being due.
 */
export async function settle(deps: WorkflowDeps, requestId: string, slack: WebClient): Promise<boolean> {
  const { store, jobs, clock } = deps;
  const item = await store.get<ApprovalRequest>(REQUEST_KIND, requestId);
  if (!item || item.data.status === 'pending') return false;
  if (item.data.status === 'approved') {
    const payload: ExecutorPayload = { requestId };
    const { jobId, created } = await jobs.enqueue({
      idempotencyKey: executorKey(requestId),
      type: item.data.executor,
      payload,
      actor: item.data.requester,
    });
    if (created) {
      await store.appendAudit({
        actor: 'system',
        action: 'approval.execute',
        target: item.data.target,
        input: { requestId, executor: item.data.executor },
        result: { jobId },
      });
    }
  }
  const rendered = await render(deps, requestId, slack);
  if (!rendered.ok || !rendered.item) return false;
  const latest = rendered.item;
  if (latest.dueAt === undefined) return true;
  await store.update(REQUEST_KIND, requestId, latest.version, latest.data, {
    dueAt: null,
    expiresAt: latest.expiresAt ?? clock.now() + DECIDED_RETENTION_MS,
  });
  return true;
}
