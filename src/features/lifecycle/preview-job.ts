import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { failureRecord, failureText } from '../shared/failure';
import { reply } from '../shared/reply';
import { replyToSchema } from '../shared/payload-schemas';
import { PREVIEW_JOB, type PreviewJob } from '../shared/lifecycle-preview';
import { pauseEffects, previewMessage, resumeEffects } from './preview';
import { readinessFor } from './readiness';
import type { JobHandler } from '../types';

const previewJobSchema: z.ZodMiniType<PreviewJob> = z.object({
  action: z.enum(['pause', 'resume']),
  target: z.string(),
  requester: z.string(),
  key: z.string(),
  replyTo: replyToSchema,
  replacesAck: z.optional(z.boolean()),
});

/** Looks at the cluster and answers with the preview; a cluster already there is answered without any change call. */
export const previewJob: JobHandler = async (payload, context) => {
  const job = readPayload(PREVIEW_JOB, previewJobSchema, payload);
  const warehouse = context.warehouses.get(job.target);
  const audit = { actor: job.requester, action: `lifecycle.${job.action}.preview`, target: job.target, input: { key: job.key } };
  const replace = job.replacesAck === true ? { replace_original: true } : {};
  try {
    const status = await warehouse.status();
    const readiness = readinessFor(job.action, status);
    if (readiness.kind === 'already') {
      await context.store.appendAudit({ ...audit, result: { state: status.state, outcome: 'already' } });
      await reply(context.slack, job.replyTo, { text: `:information_source: ${readiness.text}`, ...replace });
      return { state: status.state, outcome: 'already' };
    }
    const snapshotMb = job.action === 'pause' ? await latestSnapshotMb(warehouse, context.log) : undefined;
    const prices = context.config.cost.prices;
    const effects = job.action === 'pause' ? pauseEffects(status, prices, snapshotMb) : resumeEffects(status, prices);
    const approvals = context.config.policies[job.action].approvalsRequired;
    const message = previewMessage(job.action, status, effects, readiness, approvals, { a: job.action, t: job.target, k: job.key });
    await context.store.appendAudit({
      ...audit,
      result: { state: status.state, outcome: readiness.kind, ...(readiness.kind === 'blocked' ? { problems: readiness.problems } : {}) },
    });
    await reply(context.slack, job.replyTo, { ...message, ...replace });
    return { state: status.state, outcome: readiness.kind };
  } catch (error) {
    await context.store.appendAudit({ ...audit, result: failureRecord(error) });
    await reply(context.slack, job.replyTo, {
      text: `:x: Could not look at *${job.target}*: ${failureText(error)} Nothing was changed.`,
      ...replace,
    });
    return { outcome: 'failed', error: failureText(error) };
  }
};

/** The newest snapshot's size is the best measure of what storage a paused cluster keeps billing. */
async function latestSnapshotMb(
  warehouse: { listSnapshots(options: { limit: number }): Promise<{ snapshots: Array<{ sizeMb?: number }> }> },
  log: (message: string) => void,
): Promise<number | undefined> {
  // Without it the preview still comes, only without the storage estimate: not worth failing the preview for.
  const page = await warehouse.listSnapshots({ limit: 5 }).catch((error: unknown) => {
    log(`lifecycle preview: could not list snapshots for the storage estimate: ${failureText(error)}`);
    return undefined;
  });
  return page?.snapshots.find((snapshot) => snapshot.sizeMb !== undefined && snapshot.sizeMb > 0)?.sizeMb;
}
