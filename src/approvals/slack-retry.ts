import type { WebClient } from '@slack/web-api';
import * as z from 'zod/mini';
import { readPayload } from '../jobs/payload';
import type { WorkflowDeps } from './context';

/**
 * The Slack calls of a click that failed in its listener (on Lambda the listener's client fails fast,
 * so a rate-limited Slack does not hold the click's answer), handed to a job whose client waits
 * Slack out: the break-glass notice, and the redraw of a request still pending. A decided request's
 * messages need no job: it stays due until its follow-up is done (settle.ts).
 */
export const SLACK_RETRY_JOB = 'approvals.slack-retry';

export interface SlackRetry {
  requestId: string;
  /** The channels where the break-glass notice could not be posted. */
  noticeIn: string[];
  redraw: boolean;
}
const slackRetrySchema: z.ZodMiniType<SlackRetry> = z.object({ requestId: z.string(), noticeIn: z.array(z.string()), redraw: z.boolean() });

/** Queues the retry once per request version (a redelivered click queues nothing new). */
export async function retrySlackLater(deps: WorkflowDeps, retry: SlackRetry, version: number): Promise<void> {
  await deps.jobs.enqueue({ idempotencyKey: `approval-slack:${retry.requestId}:${version}`, type: SLACK_RETRY_JOB, payload: retry, actor: 'system' });
}

/** What the job does, given the workflow's own steps; throws when Slack still failed, so the job shows failed. */
export function slackRetryJob(steps: {
  /** Posts the notice where it is still missing; returns the channels where it failed again. */
  announceBreakGlass(requestId: string, channels: readonly string[], slack: WebClient): Promise<string[]>;
  redraw(requestId: string, slack: WebClient): Promise<boolean>;
}): (payload: unknown, context: { slack: WebClient }) => Promise<{ requestId: string }> {
  return async (payload, { slack }) => {
    const retry = readPayload(SLACK_RETRY_JOB, slackRetrySchema, payload);
    const missing = retry.noticeIn.length > 0 ? await steps.announceBreakGlass(retry.requestId, retry.noticeIn, slack) : [];
    const redrawn = retry.redraw ? await steps.redraw(retry.requestId, slack) : true;
    if (missing.length > 0) throw new Error(`approval ${retry.requestId}: the break-glass notice still could not be posted in ${missing.join(', ')}`);
    if (!redrawn) throw new Error(`approval ${retry.requestId}: its messages still could not be redrawn`);
    return { requestId: retry.requestId };
  };
}
