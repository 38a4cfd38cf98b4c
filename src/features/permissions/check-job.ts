import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { failureText } from '../shared/failure';
import { replyToSchema } from '../shared/payload-schemas';
import { reply } from '../shared/reply';
import { CHECK_JOB, type CheckJob } from './job-types';
import type { JobHandler, WorkContext } from '../types';
import { observeScope } from './baseline';
import { drift } from './drift';
import { driftBlocks, driftSummary } from './findings-text';
import { liveGrantsOn } from './live-grants';
import { observe } from './observe';
import { baselineFor } from './targets';
import type { DriftResult } from './types';

const checkJobSchema: z.ZodMiniType<CheckJob> = z.object({ targets: z.array(z.string()), replyTo: replyToSchema });

/** The drift of one target: its baseline against what the privilege views say, the bot's live grants explaining temporary members. */
export async function driftOf(context: WorkContext, target: string): Promise<DriftResult> {
  const baseline = baselineFor(context.config, target);
  const config = context.config.targets[target];
  if (!baseline || !config) throw new Error(`${target} has no permissions baseline in chatops.yml`);
  const observed = await observe(context.sql, { name: target, target: config }, observeScope(baseline));
  // The bot's own identity holds the roles it hands out; drift leaves it alone when it is known.
  return drift(baseline, observed, await liveGrantsOn(context.store, target), config.kind === 'provisioned' ? config.dbUser : undefined);
}

/** `grants check`: each target's drift, one message per target, said in words. */
export const checkJob: JobHandler = async (payload, context) => {
  const job = readPayload(CHECK_JOB, checkJobSchema, payload);
  const outcomes: Record<string, number | string> = {};
  for (const [index, target] of job.targets.entries()) {
    // The first target's answer takes the place of the command's "Comparing…" ack; the others follow it.
    const replace_original = index === 0;
    try {
      const result = await driftOf(context, target);
      outcomes[target] = result.findings.length;
      await reply(context.slack, job.replyTo, {
        text: driftSummary(target, result),
        blocks: driftBlocks(target, result),
        response_type: 'ephemeral',
        replace_original,
      });
    } catch (error) {
      outcomes[target] = failureText(error);
      await reply(context.slack, job.replyTo, {
        text: `:x: Could not check the permissions of *${target}*. ${failureText(error)}`,
        response_type: 'ephemeral',
        replace_original,
      });
    }
  }
  return { findings: outcomes };
};
