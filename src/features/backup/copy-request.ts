import * as z from 'zod/mini';
import { checkPolicy } from '../../approvals/policy';
import { readPayload } from '../../jobs/payload';
import type { Warehouse } from '../../redshift/warehouse';
import { failureText } from '../shared/failure';
import { replyToSchema } from '../shared/payload-schemas';
import { reply, type ReplyTo } from '../shared/reply';
import { targetsFor } from '../shared/targets';
import type { JobHandler } from '../types';
import type { BackupVerb } from './backup-ask';
import { daysProblem, regionProblem } from './copy-plan';
import { COPY_ESTIMATE_NOTE, copySize, copyStatusLines, type CopySize } from './copy-text';

/**
 * `backup copy [target]`: shows cross-region snapshot copy and what the copies cost (COPY_SHOW_JOB);
 * `backup copy <target> <region> [days]` and `backup copy <target> off`: checked here with no AWS
 * call, then COPY_OPEN_JOB (copy-change.ts) reads the copy as it is and asks approvers.
 */
export const COPY_SHOW_JOB = 'backup.copy.show';
export const COPY_OPEN_JOB = 'backup.copy.open';
/** The approved change's executor (copy-change.ts, loaded on its first run). */
export const COPY_SET_JOB = 'backup.copy.set';

interface ShowJob {
  targets: string[];
  replyTo: ReplyTo;
}
const showJobSchema: z.ZodMiniType<ShowJob> = z.object({ targets: z.array(z.string()), replyTo: replyToSchema });

export interface CopyOpenJob {
  target: string;
  /** A Region code, or `off`. */
  region: string;
  days?: number;
  userId: string;
  replyTo: ReplyTo;
  requestKey: string;
}
export const copyOpenJobSchema: z.ZodMiniType<CopyOpenJob> = z.object({
  target: z.string(),
  region: z.string(),
  days: z.optional(z.number()),
  userId: z.string(),
  replyTo: replyToSchema,
  requestKey: z.string(),
});

export const requestCopy: BackupVerb<'backup.copy'> = async (ports, command, ask) => {
  const { target, region, days } = command;
  if (region === undefined) {
    if (days !== undefined)
      return `:warning: Name the Region to copy to: \`/redshift backup copy ${target ?? '<target>'} us-west-2 ${days}\`.`;
    const job: ShowJob = { targets: targetsFor(ports.config, target), replyTo: ask.replyTo };
    await ports.jobs.enqueue({ idempotencyKey: `copy-show:${ask.requestKey}`, type: COPY_SHOW_JOB, payload: job, actor: ask.userId });
    return `Looking up cross-region snapshot copy of ${job.targets.join(', ')}…`;
  }
  if (!target) return ':warning: Name the target: `/redshift backup copy <target> <region> [days]`.';
  const configured = ports.config.targets[target];
  if (region === 'off' && days !== undefined)
    return `:warning: \`off\` takes no days: \`/redshift backup copy ${target} off\`. Nothing was changed.`;
  if (region !== 'off') {
    // The configured Region is known without asking AWS; the SDK's own is checked again in the job.
    const badRegion = regionProblem(region, configured.region);
    if (badRegion) return `:no_entry: ${badRegion}. Nothing was changed.`;
    const badDays = daysProblem(configured.kind, days);
    if (badDays) return `:no_entry: ${badDays}. Nothing was changed.`;
  }
  const decision = await checkPolicy('retention', ports.config.policies.retention, ask.userId, ports.people);
  if (!decision.allowed) {
    await ports.store.appendAudit({
      actor: ask.userId,
      action: 'backup-copy.refused',
      target,
      input: { region, days },
      result: { reason: decision.message },
    });
    return `:no_entry: ${decision.message}`;
  }
  const job: CopyOpenJob = {
    target,
    region,
    ...(days === undefined ? {} : { days }),
    userId: ask.userId,
    replyTo: ask.replyTo,
    requestKey: ask.requestKey,
  };
  await ports.jobs.enqueue({ idempotencyKey: `copy-open:${ask.requestKey}`, type: COPY_OPEN_JOB, payload: job, actor: ask.userId });
  return region === 'off'
    ? `:earth_americas: Looking at cross-region copy of *${target}* before turning it off…`
    : `:earth_americas: Looking at cross-region copy of *${target}* to ${region}…`;
};

/** The size copies are estimated from; without one the estimate says the size is unknown. */
export async function warehouseCopySize(
  warehouse: Warehouse,
  capacityMb: number | undefined,
  log: (message: string) => void,
): Promise<CopySize | undefined> {
  // Not worth failing the answer for: it comes without the estimate's size.
  const page = await warehouse.listSnapshots({ limit: 5 }).catch((error: unknown) => {
    log(`backup copy: could not list snapshots for the cost estimate: ${failureText(error)}`);
    return undefined;
  });
  const snapshotMb = page?.snapshots.find((snapshot) => snapshot.sizeMb !== undefined && snapshot.sizeMb > 0)?.sizeMb;
  return copySize(snapshotMb, capacityMb);
}

export const showCopyJob: JobHandler = async (payload, context) => {
  const job = readPayload(COPY_SHOW_JOB, showJobSchema, payload);
  const lines: string[] = [];
  let anyOn = false;
  for (const target of job.targets) {
    try {
      const warehouse = context.warehouses.get(target);
      const copy = await warehouse.backups.snapshotCopy();
      const size =
        copy.destinations.length > 0
          ? await warehouseCopySize(warehouse, (await warehouse.status()).storageCapacityMb, context.log)
          : undefined;
      anyOn ||= copy.destinations.length > 0;
      lines.push(...copyStatusLines(target, copy, size, context.config.cost.prices));
    } catch (error) {
      lines.push(`*${target}*: could not be read. ${failureText(error)}`);
    }
  }
  if (anyOn) lines.push(`_${COPY_ESTIMATE_NOTE}_`);
  // Takes the place of the command's "Looking up…".
  await reply(context.slack, job.replyTo, { text: lines.join('\n'), replace_original: true });
  return { targets: job.targets };
};
