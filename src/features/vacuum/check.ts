import type { types } from '@slack/bolt';
import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { reply, type ReplyTo } from '../shared/reply';
import { replyToSchema } from '../shared/payload-schemas';
import { candidateBlocks } from './blocks';
import { targetCandidates } from './health';
import type { JobHandler } from '../types';

export const CHECK_JOB = 'vacuum.check';

export interface CheckJob {
  targets: string[];
  userId: string;
  replyTo: ReplyTo;
}

const checkJobSchema: z.ZodMiniType<CheckJob> = z.object({ targets: z.array(z.string()), userId: z.string(), replyTo: replyToSchema });

/** `vacuum check [target]`: the candidates of each target, answered to the person who asked. */
export const checkJob: JobHandler = async (payload, context) => {
  const job = readPayload(CHECK_JOB, checkJobSchema, payload);
  const blocks: types.KnownBlock[] = [];
  const summary: string[] = [];
  for (const target of job.targets) {
    const report = await targetCandidates(context, target, context.clock.now());
    if (blocks.length > 0) blocks.push({ type: 'divider' });
    blocks.push(...candidateBlocks(report, context.config.vacuum.snoozeDays));
    summary.push(
      report.error
        ? `${target}: could not read statistics`
        : report.hidden
          ? `${target}: table health not visible to the bot`
          : `${target}: ${report.advice.length} table(s) to look at`,
    );
  }
  await context.store.appendAudit({ actor: job.userId, action: 'vacuum.check', target: job.targets.join(','), result: { summary } });
  // 50 blocks is Slack's limit per message; with several targets, keep the first 50.
  // The one answer takes the place of the command's "Reading table statistics…" ack.
  await reply(context.slack, job.replyTo, {
    text: `Table health — ${summary.join('; ')}`,
    blocks: blocks.slice(0, 50),
    replace_original: true,
  });
  return { summary };
};
