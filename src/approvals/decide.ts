import type { WebClient } from '@slack/web-api';
import { crashPoint } from '../crash-point';
import type { WriteOptions } from '../store/store';
import { breakGlassAnnouncement } from './blocks';
import { DECIDED_RETENTION_MS, MAX_WRITE_ATTEMPTS, messageOf, pause, SETTLE_GRACE_MS, type WorkflowDeps } from './context';
import { render } from './render';
import { expireItem, settle } from './settle';
import { retrySlackLater } from './slack-retry';
import { applyDecision, approvalsNeeded, approvers, type Outcome, type RefusalCode } from './state';
import { REQUEST_KIND, type ApprovalRequest, type Decision, type SlackMessageRef } from './types';

export interface DecideOptions {
  reason?: string;
  breakGlass?: boolean;
  /**
   * Called once the click's outcome is settled in the store (the decision written, or a refusal that
   * changes nothing) and before any Slack call: the listener acks here, so an acknowledged click is
   * never one the store does not hold.
   */
  onRecorded?: () => Promise<void> | void;
  /**
   * The message whose button was clicked. A request whose process died between posting its approval
   * message and recording where it is takes it from here, so its notes and updates still reach it.
   */
  clickedMessage?: SlackMessageRef;
}

export type Refusal = { ok: false; refusal: string; code: RefusalCode | 'not-found' | 'busy' };

export type DecideResult = { ok: true; request: ApprovalRequest; outcome: Outcome } | Refusal;

export type PrecheckResult = { ok: true; request: ApprovalRequest } | Refusal;

/**
 * Records one click. Refusals come back with the words to show the clicker, and are audited here;
 * the winning write does the follow-up (audit, break-glass notice, executor job, messages).
 */
export async function decide(
  deps: WorkflowDeps,
  requestId: string,
  user: string,
  decision: Decision,
  options: DecideOptions,
  slack: WebClient,
): Promise<DecideResult> {
  const { store, clock } = deps;
  const recorded = once(options.onRecorded);
  let item = await store.get<ApprovalRequest>(REQUEST_KIND, requestId);
  if (!item) return refuse(deps, requestId, user, decision, options, notFound(), undefined, recorded);
  const isApprover = await deps.people.includes(item.data.approvers, user);
  for (let attempt = 1; item; attempt += 1) {
    const now = clock.now();
    const step = applyDecision(item.data, { user, decision, isApprover, now, ...options });
    if (!step.ok) {
      await recorded();
      if (step.code === 'expired') await expireItem(deps, item, slack);
      return refuse(deps, requestId, user, decision, options, step, item.data);
    }
    // A decided request stays due, so whatever of its follow-up a crash cuts off is done by the next start or tick.
    const written: WriteOptions =
      step.request.status === 'pending'
        ? { dueAt: step.request.expiresAt }
        : { dueAt: now + SETTLE_GRACE_MS, expiresAt: now + DECIDED_RETENTION_MS };
    crashPoint('before-decision-write');
    const clicked = options.clickedMessage;
    const request =
      !step.request.approvalMessage && clicked?.channel === deps.config.channels.approvals
        ? { ...step.request, approvalMessage: clicked }
        : step.request;
    if (await store.update(REQUEST_KIND, requestId, item.version, request, written)) {
      crashPoint('after-decision-write');
      await recorded();
      crashPoint('after-decision-ack');
      const noticeIn = await recordDecision(deps, request, user, step.outcome, slack);
      // A pending request is redrawn only here, so a failed redraw goes to a job; a decided one stays
      // due until its follow-up is done, and the tick redraws it.
      let redraw = false;
      if (request.status === 'pending') redraw = !(await render(deps, requestId, slack)).ok;
      else await settle(deps, requestId, slack);
      if (noticeIn.length > 0 || redraw) await retrySlackLater(deps, { requestId, noticeIn, redraw }, item.version + 1);
      return { ok: true, request, outcome: step.outcome };
    }
    if (attempt >= MAX_WRITE_ATTEMPTS) break;
    // Someone else's click won this round; read their result and decide again on it.
    await pause(attempt);
    item = await store.get<ApprovalRequest>(REQUEST_KIND, requestId);
  }
  if (!item) return refuse(deps, requestId, user, decision, options, notFound(), undefined, recorded);
  return refuse(
    deps,
    requestId,
    user,
    decision,
    options,
    { code: 'busy', refusal: 'Too many people clicked at once and your click could not be recorded. Try again.' },
    undefined,
    recorded,
  );
}

/**
 * Whether this click would be refused, without recording anything: lets Deny and Break-glass
 * refuse at once instead of after the user filled in a modal. Refusals are audited.
 */
export async function precheck(
  deps: WorkflowDeps,
  requestId: string,
  user: string,
  decision: Decision,
  options: { breakGlass?: boolean },
  slack: WebClient,
): Promise<PrecheckResult> {
  const item = await deps.store.get<ApprovalRequest>(REQUEST_KIND, requestId);
  if (!item) return refuse(deps, requestId, user, decision, options, notFound());
  const isApprover = await deps.people.includes(item.data.approvers, user);
  // The reason comes in the modal; a placeholder keeps "reason required" from refusing early.
  const step = applyDecision(item.data, {
    user,
    decision,
    isApprover,
    now: deps.clock.now(),
    breakGlass: options.breakGlass,
    reason: 'pending',
  });
  if (step.ok) return { ok: true, request: item.data };
  if (step.code === 'expired') await expireItem(deps, item, slack);
  return refuse(deps, requestId, user, decision, options, step, item.data);
}

/** The audit record of a winning click, and the loud notice when it broke glass; returns the channels the notice missed. */
async function recordDecision(deps: WorkflowDeps, request: ApprovalRequest, user: string, outcome: Outcome, slack: WebClient): Promise<string[]> {
  const latest = request.decisions[request.decisions.length - 1];
  const breakGlass = latest?.breakGlass === true;
  await deps.store.appendAudit({
    actor: user,
    action: breakGlass ? 'approval.break-glass' : outcome === 'denied' ? 'approval.deny' : 'approval.approve',
    target: request.target,
    input: { requestId: request.id, action: request.action, ...(latest?.reason ? { reason: latest.reason } : {}) },
    result: { status: request.status, outcome, approvals: approvers(request), needed: approvalsNeeded(request) },
  });
  return breakGlass ? announceBreakGlass(deps, request, slack) : [];
}

/**
 * In the approvals channel (broadcast from the request's thread) and in the audit channel, or only
 * in `only` (a retry); returns the channels where posting failed.
 */
export async function announceBreakGlass(deps: WorkflowDeps, request: ApprovalRequest, slack: WebClient, only?: readonly string[]): Promise<string[]> {
  const { channels } = deps.config;
  const notice = breakGlassAnnouncement(request);
  const posts = [
    request.approvalMessage
      ? { channel: request.approvalMessage.channel, thread_ts: request.approvalMessage.ts, reply_broadcast: true }
      : { channel: channels.approvals },
    { channel: channels.audit },
  ];
  const failed: string[] = [];
  for (const where of posts.filter((post) => !only || only.includes(post.channel))) {
    try {
      await slack.chat.postMessage({ ...where, text: notice.text, blocks: notice.blocks });
    } catch (error) {
      deps.log(`approval ${request.id}: could not announce break-glass in ${where.channel}: ${messageOf(error)}`);
      failed.push(where.channel);
    }
  }
  return failed;
}

async function refuse(
  deps: WorkflowDeps,
  requestId: string,
  user: string,
  decision: Decision,
  options: { breakGlass?: boolean },
  refusal: { code: Refusal['code']; refusal: string },
  request?: ApprovalRequest,
  recorded?: () => Promise<void>,
): Promise<Refusal> {
  // Nothing changes on a refusal, so the click can be acknowledged before the audit write.
  await recorded?.();
  await deps.store.appendAudit({
    actor: user,
    action: 'approval.refused',
    target: request?.target ?? requestId,
    input: { requestId, decision, breakGlass: options.breakGlass === true },
    result: { code: refusal.code, refusal: refusal.refusal, ...(request ? { status: request.status } : {}) },
  });
  return { ok: false, code: refusal.code, refusal: refusal.refusal };
}

function notFound(): { code: 'not-found'; refusal: string } {
  return { code: 'not-found', refusal: 'This request is no longer on record (decided requests are kept 30 days). Nothing was changed.' };
}

/** Runs `callback` at most once, however often the result is called. */
function once(callback: (() => Promise<void> | void) | undefined): () => Promise<void> {
  let called = false;
  return async () => {
    if (called || !callback) return;
    called = true;
    await callback();
  };
}
