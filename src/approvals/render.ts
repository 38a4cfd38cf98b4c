import type { WebClient } from '@slack/web-api';
import type { Item } from '../store/store';
import { approverMessage, requesterMessage, type ApprovalMessage } from './blocks';
import { messageOf, type WorkflowDeps } from './context';
import { REQUEST_KIND, type ApprovalRequest, type SlackMessageRef } from './types';

/**
 * Brings both messages up to the stored state. Two clicks may render out of order, so whoever
 * renders checks afterwards that nothing newer was written, and renders again if it was.
 */
export async function render(
  deps: WorkflowDeps,
  requestId: string,
  slack: WebClient,
): Promise<{ ok: boolean; item?: Item<ApprovalRequest> }> {
  const { store, config } = deps;
  let item = await store.get<ApprovalRequest>(REQUEST_KIND, requestId);
  for (let round = 0; item && round < 5; round += 1) {
    const request = item.data;
    const okApprovers = await update(deps, request.approvalMessage, approverMessage(request), slack, requestId);
    const okRequester = await update(
      deps,
      request.requesterMessage,
      requesterMessage(request, config.channels.approvals),
      slack,
      requestId,
    );
    const after = await store.get<ApprovalRequest>(REQUEST_KIND, requestId);
    if (!after || JSON.stringify(after.data) === JSON.stringify(request)) return { ok: okApprovers && okRequester, item: after };
    item = after;
  }
  return { ok: false, item };
}

/** Redraws one message; a failure is logged and reported, so the request stays due and is redrawn later. */
async function update(
  deps: WorkflowDeps,
  ref: SlackMessageRef | undefined,
  message: ApprovalMessage,
  slack: WebClient,
  requestId: string,
): Promise<boolean> {
  if (!ref) return true;
  try {
    await slack.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks });
    return true;
  } catch (error) {
    deps.log(`approval ${requestId}: could not update the message in ${ref.channel}: ${messageOf(error)}`);
    return false;
  }
}
