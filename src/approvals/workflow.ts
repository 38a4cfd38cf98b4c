import type { WebClient } from '@slack/web-api';
import { messageOf, type ApprovalWorkflowDeps, type WorkflowDeps } from './context';
import { announceBreakGlass, decide, precheck, type DecideOptions, type DecideResult, type PrecheckResult } from './decide';
import { openRequest } from './open';
import { recordProgress } from './progress';
import { render } from './render';
import { expireDue } from './settle';
import { slackRetryJob } from './slack-retry';
import { REQUEST_KIND, type ApprovalRequest, type Decision, type ExecutionProgress, type NewRequest } from './types';

// The parts, re-exported so callers keep one import: opening (open.ts), deciding (decide.ts),
// expiring and settling (settle.ts), redrawing the messages (render.ts).
export { DECIDED_RETENTION_MS, SETTLE_GRACE_MS, type ApprovalWorkflowDeps } from './context';
export type { DecideOptions, DecideResult, PrecheckResult, Refusal } from './decide';
export { REPOST_AFTER_MS } from './open';
export { executorKey, type ExecutorPayload } from './settle';
export { SLACK_RETRY_JOB } from './slack-retry';

/**
 * The generic approval workflow: opens a request with its messages, records decisions with
 * conditional writes (so simultaneous clicks, Slack retries and redeliveries change it once), starts
 * the executor job exactly once, keeps both messages in step, and expires what nobody decided.
 */
export class ApprovalWorkflow {
  private readonly deps: WorkflowDeps;

  constructor(deps: ApprovalWorkflowDeps) {
    this.deps = { ...deps, log: deps.log ?? (() => undefined) };
  }

  async get(requestId: string): Promise<ApprovalRequest | undefined> {
    return (await this.deps.store.get<ApprovalRequest>(REQUEST_KIND, requestId))?.data;
  }

  /** Stores the request once per idempotency key and posts the approval message and the requester's copy. */
  open<D>(request: NewRequest<D>, slack: WebClient): Promise<ApprovalRequest<D>> {
    return openRequest(this.deps, request, slack);
  }

  /**
   * Records one click. Refusals come back with the words to show the clicker, and are audited;
   * the winning write does the follow-up (audit, break-glass notice, executor job, messages).
   */
  decide(requestId: string, user: string, decision: Decision, options: DecideOptions, slack: WebClient): Promise<DecideResult> {
    return decide(this.deps, requestId, user, decision, options, slack);
  }

  /**
   * Whether this click would be refused, without recording anything: lets Deny and Break-glass
   * refuse at once instead of after the user filled in a modal. Refusals are audited.
   */
  precheck(requestId: string, user: string, decision: Decision, options: { breakGlass?: boolean }, slack: WebClient): Promise<PrecheckResult> {
    return precheck(this.deps, requestId, user, decision, options, slack);
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
        this.deps.log(`approval ${requestId}: could not post a note in ${ref.channel}: ${messageOf(error)}`);
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
      if (written !== 'stale') this.deps.log(`approval ${requestId}: progress not recorded (${written})`);
      return false;
    }
    await render(this.deps, requestId, slack);
    return true;
  }

  /** The job that retries a click's Slack calls its listener could not make (slack-retry.ts). */
  slackRetryJob() {
    return slackRetryJob({
      announceBreakGlass: async (requestId, channels, slack) => {
        const request = await this.get(requestId);
        return request ? announceBreakGlass(this.deps, request, slack, channels) : [];
      },
      redraw: async (requestId, slack) => (await render(this.deps, requestId, slack)).ok,
    });
  }

  /**
   * The tick's part: expires pending requests past their time and finishes the follow-up of decided
   * ones whose process died before it was done.
   */
  expireDue(slack: WebClient, limit = 100, options: { resumeAll?: boolean } = {}): Promise<{ expired: string[]; settled: string[] }> {
    return expireDue(this.deps, slack, limit, options);
  }
}
