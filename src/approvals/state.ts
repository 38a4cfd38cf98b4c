import { formatDuration } from '../config/duration';
import { describePeople } from './people';
import { formatUtc, listOf, mention, plural } from '../slack-text';
import type { ApprovalRequest, Decision, DecisionRecord } from './types';

/**
 * The approval rules as one pure step: a request, a click and the facts about the clicker go in; the
 * next request or a refusal (with the words the clicker reads) comes out. The workflow only adds
 * storage, Slack and the audit log around it.
 */

export interface DecisionInput {
  user: string;
  decision: Decision;
  reason?: string;
  /** The requester approving their own request, where the request allows it. */
  breakGlass?: boolean;
  /** Whether `user` is one of the request's approvers (resolved by the caller, usergroups included). */
  isApprover: boolean;
  now: number;
}

/** Reasons are kept and shown in full up to this length. */
export const MAX_REASON_LENGTH = 1000;

export type RefusalCode =
  /** Already approved, denied, expired or withdrawn. */
  | 'closed'
  /** Still pending in the store, but past its expiry: the caller marks it expired. */
  | 'expired'
  | 'own-request'
  | 'not-approver'
  | 'already-approved'
  | 'break-glass-not-allowed'
  | 'break-glass-not-requester'
  | 'break-glass-deny'
  | 'reason-required';

export type Outcome = 'recorded' | 'approved' | 'denied';

export type StepResult<D = unknown> =
  { ok: true; request: ApprovalRequest<D>; outcome: Outcome } | { ok: false; code: RefusalCode; refusal: string };

/** A request needs at least one approval, whatever it was opened with. */
export function approvalsNeeded(request: Pick<ApprovalRequest, 'approvalsRequired'>): number {
  return Math.max(1, Math.floor(request.approvalsRequired));
}

/** The distinct people whose approval counts, in the order they approved (break-glass not included). */
export function approvers(request: Pick<ApprovalRequest, 'decisions'>): string[] {
  const seen = new Set<string>();
  for (const record of request.decisions) if (record.decision === 'approve' && !record.breakGlass) seen.add(record.user);
  return [...seen];
}

export function breakGlassRecord(request: Pick<ApprovalRequest, 'decisions'>): DecisionRecord | undefined {
  return request.decisions.find((record) => record.breakGlass);
}

export function isPastExpiry(request: Pick<ApprovalRequest, 'status' | 'expiresAt'>, now: number): boolean {
  return request.status === 'pending' && now >= request.expiresAt;
}

/** The request marked expired, or undefined while it may still be decided. */
export function expire<D>(request: ApprovalRequest<D>, now: number): ApprovalRequest<D> | undefined {
  return isPastExpiry(request, now) ? { ...request, status: 'expired' } : undefined;
}

const HOUR = 3_600_000;

/** How long the request was open for decisions: "24h" (people say 24h, not 1d, for a day's wait). */
export function pendingWindow(request: Pick<ApprovalRequest, 'createdAt' | 'expiresAt'>): string {
  const ms = request.expiresAt - request.createdAt;
  return ms > 0 && ms % HOUR === 0 && ms <= 48 * HOUR ? `${ms / HOUR}h` : formatDuration(ms);
}

export function applyDecision<D>(request: ApprovalRequest<D>, input: DecisionInput): StepResult<D> {
  const { user, decision, now } = input;
  const reason = input.reason?.trim().slice(0, MAX_REASON_LENGTH) || undefined;
  if (request.status !== 'pending') return refuse('closed', closedText(request));
  if (now >= request.expiresAt) return refuse('expired', expiredText(request));

  if (input.breakGlass) {
    if (!request.breakGlassAllowed) {
      return refuse('break-glass-not-allowed', 'Break-glass is not allowed for this request; it needs the approvers. Nothing was changed.');
    }
    if (user !== request.requester) {
      return refuse(
        'break-glass-not-requester',
        `Only ${mention(request.requester)}, who asked, can break glass on this request. As an approver, use Approve or Deny.`,
      );
    }
    if (decision !== 'approve') return refuse('break-glass-deny', 'Break-glass can only approve a request. Nothing was changed.');
    if (!reason)
      return refuse('reason-required', 'Break-glass needs a reason: say why this cannot wait for an approver. Nothing was changed.');
    const record: DecisionRecord = { user, decision, at: now, reason, breakGlass: true };
    return { ok: true, request: { ...request, status: 'approved', decisions: [...request.decisions, record] }, outcome: 'approved' };
  }

  if (user === request.requester) {
    const hint = request.breakGlassAllowed
      ? ' If it cannot wait, use Break-glass with a reason; it is announced in the approvals and audit channels.'
      : ` Ask ${describePeople(request.approvers)}.`;
    const verb = decision === 'approve' ? 'approve' : 'deny';
    return refuse(
      'own-request',
      `You asked for this, so you cannot ${verb} it yourself.${decision === 'approve' ? hint : ' It expires by itself if nobody approves it.'}`,
    );
  }
  if (!input.isApprover) {
    return refuse(
      'not-approver',
      `You are not an approver of this request: only ${describePeople(request.approvers)} may approve or deny it. Nothing was changed.`,
    );
  }

  const record: DecisionRecord = { user, decision, at: now, ...(reason ? { reason } : {}) };
  if (decision === 'deny') {
    return { ok: true, request: { ...request, status: 'denied', decisions: [...request.decisions, record] }, outcome: 'denied' };
  }
  const already = request.decisions.find((earlier) => earlier.user === user && earlier.decision === 'approve');
  if (already) {
    const missing = approvalsNeeded(request) - approvers(request).length;
    return refuse(
      'already-approved',
      `You already approved this request at ${formatUtc(already.at)}; each approver counts once. It needs ${plural(missing, 'more approval')} from someone else.`,
    );
  }
  const next: ApprovalRequest<D> = { ...request, decisions: [...request.decisions, record] };
  if (approvers(next).length >= approvalsNeeded(next)) return { ok: true, request: { ...next, status: 'approved' }, outcome: 'approved' };
  return { ok: true, request: next, outcome: 'recorded' };
}

/** Why a decided request takes no more clicks, in the clicker's words. */
export function closedText(request: ApprovalRequest): string {
  switch (request.status) {
    case 'approved': {
      const glass = breakGlassRecord(request);
      if (glass)
        return `This request was already approved: ${mention(glass.user)} broke glass at ${formatUtc(glass.at)}. Nothing is left to decide.`;
      return `This request was already approved by ${listOf(approvers(request).map(mention))}. Nothing is left to decide.`;
    }
    case 'denied': {
      const denial = request.decisions.find((record) => record.decision === 'deny');
      return `This request was already denied${denial ? ` by ${mention(denial.user)} at ${formatUtc(denial.at)}` : ''}. Nothing is left to decide.`;
    }
    case 'expired':
      return expiredText(request);
    case 'cancelled':
      return `This request was withdrawn by ${mention(request.requester)}. Nothing is left to decide.`;
    case 'pending':
      return 'This request is still waiting for approvals.';
  }
}

function expiredText(request: ApprovalRequest): string {
  return `This request expired at ${formatUtc(request.expiresAt)}: nobody decided within ${pendingWindow(request)}. ${mention(request.requester)} can ask again.`;
}

function refuse(code: RefusalCode, refusal: string): { ok: false; code: RefusalCode; refusal: string } {
  return { ok: false, code, refusal };
}
