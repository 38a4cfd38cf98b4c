import type { App } from '@slack/bolt';
import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { failureText } from '../shared/failure';
import { safeJson } from '../shared/json';
import { replyToSchema } from '../shared/payload-schemas';
import { reply, type ReplyTo } from '../shared/reply';
import type { AppPorts, JobHandler } from '../types';
import { LIST_MORE_ACTION, snapshotListBlocks } from './snapshot-blocks';
import { LIST_JOB } from './snapshot-jobs';

export const PAGE_SIZE = 10;

/** The "More" button's value as snapshotListBlocks writes it; a forged one is ignored. */
const moreValue = z.strictObject({
  target: z.string(),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  page: z.int().check(z.minimum(2), z.maximum(10_000)),
});

export interface SnapshotListJob {
  targets: string[];
  cursor?: string;
  page: number;
  replyTo: ReplyTo;
}
const listJobSchema: z.ZodMiniType<SnapshotListJob> = z.object({
  targets: z.array(z.string()),
  cursor: z.optional(z.string()),
  page: z.number(),
  replyTo: replyToSchema,
});

export const listSnapshotsJob: JobHandler = async (payload, context) => {
  const job = readPayload(LIST_JOB, listJobSchema, payload);
  for (const [index, target] of job.targets.entries()) {
    // The command's first answer takes the place of its "Listing snapshots…"; the other targets and More's pages follow it.
    const replace = { replace_original: job.page === 1 && index === 0 };
    try {
      const page = await context.warehouses.get(target).listSnapshots({ limit: PAGE_SIZE, cursor: job.cursor });
      await reply(context.slack, job.replyTo, { ...snapshotListBlocks(target, page.snapshots, page.cursor, job.page), ...replace });
    } catch (error) {
      await reply(context.slack, job.replyTo, { text: `:warning: Could not list the snapshots of *${target}*. ${failureText(error)}`, ...replace });
    }
  }
  return { targets: job.targets, page: job.page };
};

/** "More": the next page, answered through the button's response_url. */
export function registerListMore(app: App, ports: AppPorts): void {
  app.action(LIST_MORE_ACTION, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !body.response_url) return;
    const parsed = moreValue.safeParse(safeJson(action.value));
    if (!parsed.success || !Object.prototype.hasOwnProperty.call(ports.config.targets, parsed.data.target)) return;
    const next = parsed.data;
    const job: SnapshotListJob = {
      targets: [next.target],
      cursor: next.cursor,
      page: next.page,
      replyTo: { responseUrl: body.response_url },
    };
    await ports.jobs.enqueue({
      idempotencyKey: `action:${body.user.id}:${'action_ts' in action ? action.action_ts : body.trigger_id}`,
      type: LIST_JOB,
      payload: job,
      actor: body.user.id,
    });
  });
}
