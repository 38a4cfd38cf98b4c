import type { types } from '@slack/bolt';
import { MAX_REASON_LENGTH } from './state';
import { truncate } from './text';
import type { ApprovalRequest } from './types';

/** The modals that ask for a reason: optional when denying, required for break-glass. */

export const DENY_MODAL = 'approval_deny';
export const BREAK_GLASS_MODAL = 'approval_break_glass';
export const REASON_BLOCK = 'reason';
export const REASON_INPUT = 'value';

/**
 * Where the click came from, so a refusal after the modal lands in the same channel. The submitter
 * can forge it, so register.ts uses it only when it is a channel the request was posted in.
 */
export interface ReasonModalMetadata {
  requestId: string;
  channel?: string;
}

function reasonInput(optional: boolean, hint: string): types.InputBlock {
  return {
    type: 'input',
    block_id: REASON_BLOCK,
    optional,
    label: { type: 'plain_text', text: 'Reason' },
    hint: { type: 'plain_text', text: hint },
    element: { type: 'plain_text_input', action_id: REASON_INPUT, multiline: true, max_length: MAX_REASON_LENGTH },
  };
}

const about = (request: ApprovalRequest): types.SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(`*${request.title}*\nRequested by <@${request.requester}> · target *${request.target}*`, 3000) },
});

export function denyModal(request: ApprovalRequest, metadata: ReasonModalMetadata): types.ModalView {
  return {
    type: 'modal',
    callback_id: DENY_MODAL,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'Deny request' },
    submit: { type: 'plain_text', text: 'Deny' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [about(request), reasonInput(true, 'Optional. The requester sees it in their copy of the request.')],
  };
}

export function breakGlassModal(request: ApprovalRequest, metadata: ReasonModalMetadata): types.ModalView {
  return {
    type: 'modal',
    callback_id: BREAK_GLASS_MODAL,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'Break-glass' },
    submit: { type: 'plain_text', text: 'Approve it myself' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      about(request),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: ':rotating_light: You approve your own request without an approver. It runs at once, and it is announced in the approvals and audit channels with your reason.',
          },
        ],
      },
      reasonInput(false, 'Required: why this cannot wait for an approver.'),
    ],
  };
}

/** The metadata back from Slack, or undefined when it is not ours. */
export function readModalMetadata(raw: string | undefined): ReasonModalMetadata | undefined {
  try {
    const parsed: unknown = JSON.parse(raw ?? '');
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const requestId = 'requestId' in parsed ? parsed.requestId : undefined;
    const channel = 'channel' in parsed ? parsed.channel : undefined;
    if (typeof requestId !== 'string') return undefined;
    return { requestId, ...(typeof channel === 'string' ? { channel } : {}) };
  } catch {
    return undefined;
  }
}
