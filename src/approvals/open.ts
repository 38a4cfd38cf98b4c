import type { WebClient } from '@slack/web-api';
import type { Item, WriteOptions } from '../store/store';
import { approverMessage, requesterMessage } from './blocks';
import { MAX_WRITE_ATTEMPTS, messageOf, pause, type WorkflowDeps } from './context';
import { requestIdFor } from './ids';
import { holdOpenSlot, maxOpenPerPerson } from './limits';
import { render } from './render';
import { approvalsNeeded } from './state';
import { REQUEST_KIND, type ApprovalRequest, type NewRequest, type SlackMessageRef } from './types';

/** An open whose messages never got posted (its process died) is posted by a retry after this long. */
export const REPOST_AFTER_MS = 60_000;

/** Stores the request once per idempotency key and posts the approval message and the requester's copy. */
export async function openRequest<D>(deps: WorkflowDeps, request: NewRequest<D>, slack: WebClient): Promise<ApprovalRequest<D>> {
  const { store, clock, config } = deps;
  const id = requestIdFor(request.idempotencyKey);
  const now = clock.now();
  const record: ApprovalRequest<D> = {
    id,
    action: request.action,
    requester: request.requester,
    target: request.target,
    title: request.title,
    summary: [...request.summary],
    willRun: [...request.willRun],
    details: request.details,
    approvers: request.approvers,
    approvalsRequired: request.approvalsRequired,
    breakGlassAllowed: request.breakGlassAllowed,
    decisions: [],
    status: 'pending',
    createdAt: now,
    expiresAt: now + (request.expiresInMs ?? config.access.pendingExpiry),
    executor: request.executor,
  };
  // The per-person limit on open requests (limits.ts): throws OpenLimitError before anything is stored or posted.
  await holdOpenSlot({ store, clock }, record, maxOpenPerPerson(config));
  if (!(await store.create<ApprovalRequest<D>>(REQUEST_KIND, id, record, { dueAt: record.expiresAt }))) {
    const existing = await store.get<ApprovalRequest<D>>(REQUEST_KIND, id);
    if (!existing) throw new Error(`Approval request ${id} was stored and then vanished; try again.`);
    // A retry while the first attempt is still posting leaves it alone; one whose process died gets its messages now.
    const stale = !existing.data.approvalMessage && now - existing.data.createdAt >= REPOST_AFTER_MS;
    return stale ? postMessages(deps, existing, request.requesterChannel, slack) : existing.data;
  }
  const opened = await postMessages(deps, { kind: REQUEST_KIND, id, version: 1, data: record }, request.requesterChannel, slack);
  await store.appendAudit({
    actor: record.requester,
    action: 'approval.open',
    target: record.target,
    input: {
      requestId: id,
      action: record.action,
      title: record.title,
      willRun: record.willRun,
      approvers: record.approvers,
      approvalsRequired: approvalsNeeded(record),
      breakGlassAllowed: record.breakGlassAllowed,
      expiresAt: record.expiresAt,
    },
    result: { approvalMessage: opened.approvalMessage, requesterMessage: opened.requesterMessage },
  });
  return opened;
}

/** Posts whichever of the two messages is missing and stores where they are. */
async function postMessages<D>(
  deps: WorkflowDeps,
  item: Item<ApprovalRequest<D>>,
  requesterChannel: string | undefined,
  slack: WebClient,
): Promise<ApprovalRequest<D>> {
  const { config, store } = deps;
  const request = item.data;
  let approvalMessage = request.approvalMessage;
  if (!approvalMessage) {
    const message = approverMessage(request);
    const posted = await slack.chat.postMessage({ channel: config.channels.approvals, text: message.text, blocks: message.blocks });
    approvalMessage = { channel: posted.channel ?? config.channels.approvals, ts: posted.ts ?? '' };
  }
  let requesterMessageRef = request.requesterMessage;
  if (!requesterMessageRef) {
    try {
      requesterMessageRef = await postRequesterCopy(deps, request, requesterChannel, slack);
    } catch (error) {
      // The approvers have their message; a requester we cannot reach still gets their request decided.
      deps.log(`approval ${request.id}: could not post the requester's copy: ${messageOf(error)}`);
    }
  }
  let current: Item<ApprovalRequest<D>> | undefined = item;
  for (let attempt = 1; current; attempt += 1) {
    const data: ApprovalRequest<D> = {
      ...current.data,
      approvalMessage: current.data.approvalMessage ?? approvalMessage,
      ...((current.data.requesterMessage ?? requesterMessageRef)
        ? { requesterMessage: current.data.requesterMessage ?? requesterMessageRef }
        : {}),
    };
    const keep: WriteOptions =
      data.status === 'pending' ? { dueAt: data.expiresAt } : { dueAt: current.dueAt ?? null, expiresAt: current.expiresAt ?? null };
    if (await store.update(REQUEST_KIND, item.id, current.version, data, keep)) {
      // Someone may have clicked before the refs were stored; show their decision now.
      if (data.decisions.length > 0 || data.status !== 'pending') await render(deps, item.id, slack);
      return data;
    }
    if (attempt >= MAX_WRITE_ATTEMPTS) break;
    await pause(attempt);
    current = await store.get<ApprovalRequest<D>>(REQUEST_KIND, item.id);
  }
  throw new Error(`Approval request ${item.id} could not be saved with its messages; try again.`);
}

async function postRequesterCopy(
  deps: WorkflowDeps,
  request: ApprovalRequest,
  requesterChannel: string | undefined,
  slack: WebClient,
): Promise<SlackMessageRef> {
  let channel = requesterChannel;
  if (!channel) {
    const dm = await slack.conversations.open({ users: request.requester });
    channel = dm.channel?.id ?? request.requester;
  }
  const message = requesterMessage(request, deps.config.channels.approvals);
  const posted = await slack.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
  return { channel: posted.channel ?? channel, ts: posted.ts ?? '' };
}
