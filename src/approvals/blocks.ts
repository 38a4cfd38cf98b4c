import type { types } from '@slack/bolt';
import { approvalsNeeded, approvers, breakGlassRecord, pendingWindow } from './state';
import { escapeMrkdwn, formatUtc, mention, truncate } from './text';
import type { ApprovalRequest, DecisionRecord, ExecutionProgress, ProgressState } from './types';

/** The approval message in the approvals channel and the requester's copy of it; pure, so tests read them directly. */

export const APPROVE_ACTION = 'approval_approve';
export const DENY_ACTION = 'approval_deny';
export const BREAK_GLASS_ACTION = 'approval_break_glass';
export const ACTIONS_BLOCK = 'approval_actions';

/** Slack's limit for a section's text. */
const SECTION_MAX = 3000;

export interface ApprovalMessage {
  /** The notification text (and what screen readers get). */
  text: string;
  blocks: types.KnownBlock[];
}

/** "1 of 2 approvals". */
export function progressText(request: ApprovalRequest): string {
  const needed = approvalsNeeded(request);
  const have = Math.min(approvers(request).length, needed);
  return `${have} of ${needed} approval${needed === 1 ? '' : 's'}`;
}

/** One line saying where the request stands. */
export function statusLine(request: ApprovalRequest): string {
  switch (request.status) {
    case 'pending':
      // When the request lapses undecided, not when access would end: said so, since the two read alike.
      return `:hourglass_flowing_sand: *Waiting for approval* · ${progressText(request)} · lapses unless decided by ${formatUtc(request.expiresAt)}`;
    case 'approved': {
      const glass = breakGlassRecord(request);
      const approved = glass
        ? `:rotating_light: *Approved with break-glass* by ${mention(glass.user)}`
        : `:white_check_mark: *Approved* · ${progressText(request)}`;
      return request.progress ? `${approved} · ${executionLine(request.progress)}` : approved;
    }
    case 'denied': {
      const denial = request.decisions.find((record) => record.decision === 'deny');
      return `:no_entry: *Denied*${denial ? ` by ${mention(denial.user)}` : ''}`;
    }
    case 'expired':
      return `:hourglass: Expired: nobody decided within ${pendingWindow(request)} (at ${formatUtc(request.expiresAt)})`;
    case 'cancelled':
      return `:wastebasket: *Withdrawn* by ${mention(request.requester)}`;
  }
}

const PROGRESS_EMOJI: Record<ProgressState, string> = {
  running: ':hourglass_flowing_sand:',
  retrying: ':hourglass:',
  done: ':large_green_circle:',
  failed: ':x:',
  ended: ':white_circle:',
};

/** The executor's report as the status shows it; its words are escaped, whoever wrote them. */
export function executionLine(progress: ExecutionProgress): string {
  return `${PROGRESS_EMOJI[progress.state]} ${escapeMrkdwn(progress.text)}`;
}

/** Who decided what and when, oldest first; reasons are user text, so they are escaped. */
export function decisionLines(request: ApprovalRequest): string[] {
  return request.decisions.map(decisionLine);
}

function decisionLine(record: DecisionRecord): string {
  const reason = record.reason ? ` — “${escapeMrkdwn(record.reason)}”` : '';
  const when = formatUtc(record.at);
  if (record.breakGlass) return `:rotating_light: ${mention(record.user)} *broke glass* at ${when}${reason}`;
  if (record.decision === 'deny') return `:no_entry: ${mention(record.user)} denied at ${when}${reason}`;
  return `:white_check_mark: ${mention(record.user)} approved at ${when}${reason}`;
}

/** The statements shown verbatim: escaped, and unable to close their own code block. */
export function willRunText(willRun: readonly string[]): string {
  const body = willRun.map((line) => escapeMrkdwn(line).replace(/```/g, '`\u200b`\u200b`')).join('\n');
  const frame = '*Will run*\n```\n\n```';
  return `*Will run*\n\`\`\`\n${truncate(body || '(nothing)', SECTION_MAX - frame.length)}\n\`\`\``;
}

const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_MAX) } });

function body(request: ApprovalRequest): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [];
  if (request.summary.length > 0) blocks.push(section(request.summary.join('\n')));
  if (request.willRun.length > 0) blocks.push(section(willRunText(request.willRun)));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: statusLine(request) }] });
  if (request.decisions.length > 0) blocks.push(section(decisionLines(request).join('\n')));
  return blocks;
}

const approveButton = (id: string): types.Button => ({
  type: 'button',
  action_id: APPROVE_ACTION,
  text: { type: 'plain_text', text: 'Approve' },
  style: 'primary',
  value: id,
});

const denyButton = (request: ApprovalRequest): types.Button => ({
  type: 'button',
  action_id: DENY_ACTION,
  text: { type: 'plain_text', text: 'Deny' },
  style: 'danger',
  value: request.id,
  confirm: {
    title: { type: 'plain_text', text: 'Deny this request?' },
    text: { type: 'mrkdwn', text: `${mention(request.requester)} will see that you denied it. You can give a reason next.` },
    confirm: { type: 'plain_text', text: 'Deny' },
    deny: { type: 'plain_text', text: 'Back' },
    style: 'danger',
  },
});

const breakGlassButton = (id: string): types.Button => ({
  type: 'button',
  action_id: BREAK_GLASS_ACTION,
  text: { type: 'plain_text', text: 'Break-glass' },
  style: 'danger',
  value: id,
});

function actions(elements: types.Button[]): types.ActionsBlock[] {
  return elements.length === 0 ? [] : [{ type: 'actions', block_id: ACTIONS_BLOCK, elements }];
}

/** What the approvers see; buttons only while the request is pending. */
export function approverMessage(request: ApprovalRequest): ApprovalMessage {
  const head = `:lock: *${request.title}*\nRequested by ${mention(request.requester)} · target *${request.target}* · \`${request.action}\``;
  const pending = request.status === 'pending';
  const buttons = pending
    ? [approveButton(request.id), denyButton(request), ...(request.breakGlassAllowed ? [breakGlassButton(request.id)] : [])]
    : [];
  return {
    text: `${request.title} — ${plainStatus(request)}`,
    blocks: [section(head), ...body(request), ...actions(buttons)],
  };
}

/** The requester's copy: the same status; their only button is Break-glass, where the request allows it. */
export function requesterMessage(request: ApprovalRequest, approvalsChannel: string): ApprovalMessage {
  const where = request.status === 'pending' ? `\nWaiting for approval in <#${approvalsChannel}>.` : '';
  const head = `:lock: *Your request:* ${request.title} · target *${request.target}*${where}`;
  const buttons = request.status === 'pending' && request.breakGlassAllowed ? [breakGlassButton(request.id)] : [];
  return {
    text: `Your request: ${request.title} — ${plainStatus(request)}`,
    blocks: [section(head), ...body(request), ...actions(buttons)],
  };
}

/** The status for notifications, where emoji codes and mrkdwn would read badly. */
export function plainStatus(request: ApprovalRequest): string {
  switch (request.status) {
    case 'pending':
      return `waiting for approval (${progressText(request)})`;
    case 'approved': {
      const approved = breakGlassRecord(request) ? 'approved with break-glass' : 'approved';
      return request.progress ? `${approved} · ${escapeMrkdwn(request.progress.text)}` : approved;
    }
    case 'denied':
      return 'denied';
    case 'expired':
      return `expired: nobody decided within ${pendingWindow(request)}`;
    case 'cancelled':
      return 'withdrawn';
  }
}

/** The loud notice of a break-glass approval, for the approvals and audit channels. */
export function breakGlassAnnouncement(request: ApprovalRequest): ApprovalMessage {
  const glass = breakGlassRecord(request);
  const who = mention(glass?.user ?? request.requester);
  const reason = glass?.reason ? escapeMrkdwn(glass.reason) : '(none)';
  const head = `:rotating_light: *Break-glass:* ${who} approved their own request without an approver.\n*${request.title}* · target *${request.target}* · \`${request.action}\`\n*Reason:* ${reason}`;
  const blocks: types.KnownBlock[] = [section(head)];
  if (request.willRun.length > 0) blocks.push(section(willRunText(request.willRun)));
  return { text: `Break-glass: ${glass?.user ?? request.requester} approved their own request: ${request.title}`, blocks };
}
