import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock';
import type { ChatopsConfig } from '../config/chatops';
import type { JobQueue } from '../jobs/queue';
import type { Item, Store, WriteOptions } from '../store/store';
import { approverMessage, breakGlassAnnouncement, requesterMessage, type ApprovalMessage } from './blocks';
import { crashPoint } from '../crash-point';
import { requestIdFor } from './ids';
import { holdOpenSlot, maxOpenPerPerson } from './limits';
import { recordProgress } from './progress';
import type { PeopleResolver } from './people';
import { applyDecision, approvalsNeeded, approvers, expire, type Outcome, type RefusalCode } from './state';
import { REQUEST_KIND, type ApprovalRequest, type Decision, type ExecutionProgress, type NewRequest, type SlackMessageRef } from './types';

/** A decided request stays due this long, so the tick finishes its follow-up (executor, messages) if this process dies first. */
export const SETTLE_GRACE_MS = 60_000;
/** Decided and expired requests are kept this long, then removed by the store's TTL. */
export const DECIDED_RETENTION_MS = 30 * 24 * 3_600_000;
/** An open whose messages never got posted (its process died) is posted by a retry after this long. */
export const REPOST_AFTER_MS = 60_000;
/** Conditional writes lost to simultaneous clicks are retried this often before giving up. */
const MAX_WRITE_ATTEMPTS = 40;

export interface ApprovalWorkflowDeps {
  config: Pick<ChatopsConfig, 'channels' | 'access'> & Partial<Pick<ChatopsConfig, 'approvals'>>;
  store: Store;
  clock: Clock;
  jobs: JobQueue;
  people: PeopleResolver;
  log?: (message: string) => void;
}

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

/** What the executor job receives. */
export interface ExecutorPayload {
  requestId: string;
}

export function executorKey(requestId: string): string {
  return `approved:${requestId}`;
}

/**
 * The generic approval workflow: opens a request with its messages, records decisions with
 * conditional writes (so simultaneous clicks, Slack retries and redeliveries change it once), starts
 * the executor job exactly once, keeps both messages in step, and expires what nobody decided.
 */
export class ApprovalWorkflow {
  private readonly log: (message: string) => void;

  constructor(private readonly deps: ApprovalWorkflowDeps) {
    this.log = deps.log ?? (() => undefined);
  }

  async get(requestId: string): Promise<ApprovalRequest | undefined> {
    return (await this.deps.store.get<ApprovalRequest>(REQUEST_KIND, requestId))?.data;
  }

  /** Stores the request once per idempotency key and posts the approval message and the requester's copy. */
  async open<D>(request: NewRequest<D>, slack: WebClient): Promise<ApprovalRequest<D>> {
    const { store, clock, config } = this.deps;
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
      return stale ? this.postMessages(existing, request.requesterChannel, slack) : existing.data;
    }
    const opened = await this.postMessages({ kind: REQUEST_KIND, id, version: 1, data: record }, request.requesterChannel, slack);
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

  /**
   * Records one click. Refusals come back with the words to show the clicker, and are audited here;
   * the winning write does the follow-up (audit, break-glass notice, executor job, messages).
   */
  async decide(requestId: string, user: string, decision: Decision, options: DecideOptions, slack: WebClient): Promise<DecideResult> {
    const { store, clock } = this.deps;
    const recorded = once(options.onRecorded);
    let item = await store.get<ApprovalRequest>(REQUEST_KIND, requestId);
    if (!item) return this.refuse(requestId, user, decision, options, notFound(), undefined, recorded);
    const isApprover = await this.deps.people.includes(item.data.approvers, user);
    for (let attempt = 1; item; attempt += 1) {
      const now = clock.now();
      const step = applyDecision(item.data, { user, decision, isApprover, now, ...options });
      if (!step.ok) {
        await recorded();
        if (step.code === 'expired') await this.expireItem(item, slack);
        return this.refuse(requestId, user, decision, options, step, item.data);
      }
      // A decided request stays due, so whatever of its follow-up a crash cuts off is done by the next start or tick.
      const written: WriteOptions =
        step.request.status === 'pending'
          ? { dueAt: step.request.expiresAt }
          : { dueAt: now + SETTLE_GRACE_MS, expiresAt: now + DECIDED_RETENTION_MS };
      crashPoint('before-decision-write');
      const clicked = options.clickedMessage;
      const request =
        !step.request.approvalMessage && clicked?.channel === this.deps.config.channels.approvals
          ? { ...step.request, approvalMessage: clicked }
          : step.request;
      if (await store.update(REQUEST_KIND, requestId, item.version, request, written)) {
        crashPoint('after-decision-write');
        await recorded();
        crashPoint('after-decision-ack');
        await this.recordDecision(request, user, step.outcome, slack);
        if (request.status === 'pending') await this.render(requestId, slack);
        else await this.settle(requestId, slack);
        return { ok: true, request, outcome: step.outcome };
      }
      if (attempt >= MAX_WRITE_ATTEMPTS) break;
      // Someone else's click won this round; read their result and decide again on it.
      await pause(attempt);
      item = await store.get<ApprovalRequest>(REQUEST_KIND, requestId);
    }
    if (!item) return this.refuse(requestId, user, decision, options, notFound(), undefined, recorded);
    return this.refuse(
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
  async precheck(
    requestId: string,
    user: string,
    decision: Decision,
    options: { breakGlass?: boolean },
    slack: WebClient,
  ): Promise<PrecheckResult> {
    const item = await this.deps.store.get<ApprovalRequest>(REQUEST_KIND, requestId);
    if (!item) return this.refuse(requestId, user, decision, options, notFound());
    const isApprover = await this.deps.people.includes(item.data.approvers, user);
    // The reason comes in the modal; a placeholder keeps "reason required" from refusing early.
    const step = applyDecision(item.data, {
      user,
      decision,
      isApprover,
      now: this.deps.clock.now(),
      breakGlass: options.breakGlass,
      reason: 'pending',
    });
    if (step.ok) return { ok: true, request: item.data };
    if (step.code === 'expired') await this.expireItem(item, slack);
    return this.refuse(requestId, user, decision, options, step, item.data);
  }

  /** Posts `text` in the threads of the approval message and of the requester's copy (executors report here). */
  async note(requestId: string, text: string, slack: WebClient): Promise<void> {
    const request = await this.get(requestId);
    if (!request) throw new Error(`No approval request ${requestId} is on record.`);
    for (const ref of [request.approvalMessage, request.requesterMessage]) {
      if (!ref) continue;
      try {
        await slack.chat.postMessage({ channel: ref.channel, thread_ts: ref.ts, text });
      } catch (error) {
        // A lost note must not fail the executor that already did its work.
        this.log(`approval ${requestId}: could not post a note in ${ref.channel}: ${messageOf(error)}`);
      }
    }
  }

  /**
   * An executor's report on where its action stands, drawn in both messages' status. Recorded with a
   * conditional write that keeps the newest report (progress.ts), so a late, older one changes nothing.
   */
  async progress(requestId: string, progress: ExecutionProgress, slack: WebClient): Promise<boolean> {
    const written = await recordProgress(this.deps.store, requestId, progress);
    if (written !== 'recorded') {
      if (written !== 'stale') this.log(`approval ${requestId}: progress not recorded (${written})`);
      return false;
    }
    await this.render(requestId, slack);
    return true;
  }

  /**
   * The tick's part: expires pending requests past their time and finishes the follow-up of decided
   * ones whose process died before it was done.
   */
  async expireDue(slack: WebClient, limit = 100, options: { resumeAll?: boolean } = {}): Promise<{ expired: string[]; settled: string[] }> {
    const { store, clock } = this.deps;
    const result = { expired: [] as string[], settled: [] as string[] };
    // At start no follow-up of this process can be under way, so decided requests still in their grace are finished at once.
    const horizon = clock.now() + (options.resumeAll ? SETTLE_GRACE_MS : 0);
    for (const item of await store.due<ApprovalRequest>(REQUEST_KIND, horizon, limit)) {
      try {
        if (item.data.status === 'pending') {
          if (await this.expireItem(item, slack)) result.expired.push(item.id);
        } else if (await this.settle(item.id, slack)) {
          result.settled.push(item.id);
        }
      } catch (error) {
        // One broken request must not hold up the others; it stays due and is tried again next tick.
        this.log(`approval ${item.id}: tick failed: ${messageOf(error)}`);
      }
    }
    return result;
  }

  /** Marks a pending request expired (once, whoever gets there first) and updates its messages. */
  private async expireItem(item: Item<ApprovalRequest>, slack: WebClient): Promise<boolean> {
    const now = this.deps.clock.now();
    const expired = expire(item.data, now);
    if (!expired) return false;
    const written = await this.deps.store.update(REQUEST_KIND, item.id, item.version, expired, {
      dueAt: now + SETTLE_GRACE_MS,
      expiresAt: now + DECIDED_RETENTION_MS,
    });
    if (!written) return false;
    await this.deps.store.appendAudit({
      actor: 'system',
      action: 'approval.expire',
      target: expired.target,
      input: { requestId: item.id, action: expired.action, expiresAt: expired.expiresAt },
      result: { status: 'expired', approvals: approvers(expired) },
    });
    await this.settle(item.id, slack);
    return true;
  }

  /**
   * The follow-up of a decided request, safe to repeat: the executor job (its idempotency key makes
   * it run once), both messages, then the request stops being due.
   */
  private async settle(requestId: string, slack: WebClient): Promise<boolean> {
    const { store, jobs, clock } = this.deps;
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
    const rendered = await this.render(requestId, slack);
    if (!rendered.ok || !rendered.item) return false;
    const latest = rendered.item;
    if (latest.dueAt === undefined) return true;
    await store.update(REQUEST_KIND, requestId, latest.version, latest.data, {
      dueAt: null,
      expiresAt: latest.expiresAt ?? clock.now() + DECIDED_RETENTION_MS,
    });
    return true;
  }

  /**
   * Brings both messages up to the stored state. Two clicks may render out of order, so whoever
   * renders checks afterwards that nothing newer was written, and renders again if it was.
   */
  private async render(requestId: string, slack: WebClient): Promise<{ ok: boolean; item?: Item<ApprovalRequest> }> {
    const { store, config } = this.deps;
    let item = await store.get<ApprovalRequest>(REQUEST_KIND, requestId);
    for (let round = 0; item && round < 5; round += 1) {
      const request = item.data;
      const okApprovers = await this.update(request.approvalMessage, approverMessage(request), slack, requestId);
      const okRequester = await this.update(
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

  private async update(ref: SlackMessageRef | undefined, message: ApprovalMessage, slack: WebClient, requestId: string): Promise<boolean> {
    if (!ref) return true;
    try {
      await slack.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks });
      return true;
    } catch (error) {
      this.log(`approval ${requestId}: could not update the message in ${ref.channel}: ${messageOf(error)}`);
      return false;
    }
  }

  /** Posts whichever of the two messages is missing and stores where they are. */
  private async postMessages<D>(
    item: Item<ApprovalRequest<D>>,
    requesterChannel: string | undefined,
    slack: WebClient,
  ): Promise<ApprovalRequest<D>> {
    const { config, store } = this.deps;
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
        requesterMessageRef = await this.postRequesterCopy(request, requesterChannel, slack);
      } catch (error) {
        // The approvers have their message; a requester we cannot reach still gets their request decided.
        this.log(`approval ${request.id}: could not post the requester's copy: ${messageOf(error)}`);
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
        if (data.decisions.length > 0 || data.status !== 'pending') await this.render(item.id, slack);
        return data;
      }
      if (attempt >= MAX_WRITE_ATTEMPTS) break;
      await pause(attempt);
      current = await store.get<ApprovalRequest<D>>(REQUEST_KIND, item.id);
    }
    throw new Error(`Approval request ${item.id} could not be saved with its messages; try again.`);
  }

  private async postRequesterCopy(
    request: ApprovalRequest,
    requesterChannel: string | undefined,
    slack: WebClient,
  ): Promise<SlackMessageRef> {
    let channel = requesterChannel;
    if (!channel) {
      const dm = await slack.conversations.open({ users: request.requester });
      channel = dm.channel?.id ?? request.requester;
    }
    const message = requesterMessage(request, this.deps.config.channels.approvals);
    const posted = await slack.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    return { channel: posted.channel ?? channel, ts: posted.ts ?? '' };
  }

  /** The audit record of a winning click, and the loud notice when it broke glass. */
  private async recordDecision(request: ApprovalRequest, user: string, outcome: Outcome, slack: WebClient): Promise<void> {
    const latest = request.decisions[request.decisions.length - 1];
    const breakGlass = latest?.breakGlass === true;
    await this.deps.store.appendAudit({
      actor: user,
      action: breakGlass ? 'approval.break-glass' : outcome === 'denied' ? 'approval.deny' : 'approval.approve',
      target: request.target,
      input: { requestId: request.id, action: request.action, ...(latest?.reason ? { reason: latest.reason } : {}) },
      result: { status: request.status, outcome, approvals: approvers(request), needed: approvalsNeeded(request) },
    });
    if (breakGlass) await this.announceBreakGlass(request, slack);
  }

  /** In the approvals channel (broadcast from the request's thread) and in the audit channel. */
  private async announceBreakGlass(request: ApprovalRequest, slack: WebClient): Promise<void> {
    const { channels } = this.deps.config;
    const notice = breakGlassAnnouncement(request);
    const posts = [
      request.approvalMessage
        ? { channel: request.approvalMessage.channel, thread_ts: request.approvalMessage.ts, reply_broadcast: true }
        : { channel: channels.approvals },
      { channel: channels.audit },
    ];
    for (const where of posts) {
      try {
        await slack.chat.postMessage({ ...where, text: notice.text, blocks: notice.blocks });
      } catch (error) {
        this.log(`approval ${request.id}: could not announce break-glass in ${where.channel}: ${messageOf(error)}`);
      }
    }
  }

  private async refuse(
    requestId: string,
    user: string,
    decision: Decision,
    options: DecideOptions,
    refusal: { code: Refusal['code']; refusal: string },
    request?: ApprovalRequest,
    recorded?: () => Promise<void>,
  ): Promise<Refusal> {
    // Nothing changes on a refusal, so the click can be acknowledged before the audit write.
    await recorded?.();
    await this.deps.store.appendAudit({
      actor: user,
      action: 'approval.refused',
      target: request?.target ?? requestId,
      input: { requestId, decision, breakGlass: options.breakGlass === true },
      result: { code: refusal.code, refusal: refusal.refusal, ...(request ? { status: request.status } : {}) },
    });
    return { ok: false, code: refusal.code, refusal: refusal.refusal };
  }
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

/** A short, growing, jittered wait, so losers of a conditional write do not collide again in lockstep. */
function pause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 * attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
