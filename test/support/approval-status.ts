import type { ApprovalRequest } from '../../src/approvals/types';
import { textOfBlocks, type JsonValue, type SlackStandIn } from '../../src/sandbox/slack';

/**
 * The "*Approved*" status line as both messages of a request show it (the approvers' and the
 * requester's copy). While one of them is being redrawn they may differ for a moment: the answer
 * then says so, and no expectation accepts it, so a test polls until they agree.
 */
export function approvedStatusLine(slack: SlackStandIn, request: ApprovalRequest | undefined): string {
  const lines = [request?.approvalMessage, request?.requesterMessage].map((ref) => {
    const message = ref ? slack.messages.get(ref.channel, ref.ts) : undefined;
    return (
      textOfBlocks((message?.blocks ?? []) as JsonValue[])
        .split('\n')
        .find((line) => line.includes('*Approved*')) ?? ''
    );
  });
  return lines[0] === lines[1] ? lines[0] : `(the messages disagree: ${lines[0]} | ${lines[1]})`;
}
