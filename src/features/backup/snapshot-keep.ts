import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { startWatch } from '../../jobs/watches';
import { bestEffort } from '../../slack/best-effort';
import { failureRecord, failureText } from '../shared/failure';
import { replyToSchema } from '../shared/payload-schemas';
import { reply, type ReplyTo } from '../shared/reply';
import type { BackupVerb } from './backup-ask';
import { retentionText } from './snapshot-blocks';
import { CHECK_EVERY_MS, snapshotRefusal, WATCH_TIMEOUT_MS, type SnapshotWatch } from './snapshot-create';
import { snapshotName } from '../shared/snapshot-name';
import { postParent } from '../shared/thread';
import { READY_WATCH } from './snapshot-jobs';
import type { JobHandler, WorkContext } from '../types';

/** `snapshot keep <recovery-point> [retention-days]`: ConvertRecoveryPointToSnapshot before the point ages out (24 h). */
export const KEEP_JOB = 'snapshot.keep';

interface KeepJob {
  recoveryPoint: string;
  retention: number | 'forever';
  userId: string;
  channelId: string;
  replyTo: ReplyTo;
  requestKey: string;
}
const keepJobSchema: z.ZodMiniType<KeepJob> = z.object({
  recoveryPoint: z.string(),
  retention: z.union([z.number(), z.literal('forever')]),
  userId: z.string(),
  channelId: z.string(),
  replyTo: replyToSchema,
  requestKey: z.string(),
});

export const requestKeep: BackupVerb<'snapshot.keep'> = async (ports, command, ask) => {
  const { recoveryPoint, retentionDays } = command;
  if (!recoveryPoint) return ':warning: Name the recovery point: `/redshift snapshot keep <recovery-point> [retention-days]`.';
  const refusal = await snapshotRefusal(ports, ask.userId, recoveryPoint);
  if (refusal) return refusal;
  const job: KeepJob = {
    recoveryPoint,
    retention: retentionDays ?? 'forever',
    userId: ask.userId,
    channelId: ask.channelId,
    replyTo: ask.replyTo,
    requestKey: ask.requestKey,
  };
  await ports.jobs.enqueue({ idempotencyKey: `snapshot-keep:${ask.requestKey}`, type: KEEP_JOB, payload: job, actor: ask.userId });
  return `:inbox_tray: Keeping recovery point \`${recoveryPoint}\` as a snapshot (${retentionText(job.retention)})…`;
};

/** The Serverless target whose namespace holds this recovery point, if any. */
async function ownerOf(context: WorkContext, recoveryPoint: string): Promise<string | undefined> {
  for (const [name, target] of Object.entries(context.config.targets)) {
    if (target.kind !== 'serverless') continue;
    const found = await context.warehouses.get(name).getSnapshot(recoveryPoint);
    if (found?.kind === 'recovery-point') return name;
  }
  return undefined;
}

export const keepJob: JobHandler = async (payload, context) => {
  const job = readPayload(KEEP_JOB, keepJobSchema, payload);
  const owner = await ownerOf(context, job.recoveryPoint).then(
    (name) => ({ name }),
    (error: unknown) => ({ error }),
  );
  const target = 'name' in owner ? owner.name : undefined;
  if (target === undefined) {
    const why =
      'error' in owner
        ? `Could not look the recovery point up. ${failureText(owner.error)}`
        : `No Serverless target in chatops.yml has recovery point \`${job.recoveryPoint}\`. Recovery points are kept 24 hours; \`/redshift snapshot list\` shows the current ones.`;
    await context.store.appendAudit({ actor: job.userId, action: 'snapshot.keep', target: job.recoveryPoint, result: { error: why } });
    await reply(context.slack, job.replyTo, { text: `:x: ${why}` });
    return { kept: false };
  }
  const name = snapshotName(target, new Date(context.clock.now()), job.requestKey);
  const input = { recoveryPoint: job.recoveryPoint, name, retention: job.retention, call: 'ConvertRecoveryPointToSnapshot' };
  try {
    const made = await context.warehouses.get(target).backups.convertRecoveryPoint(job.recoveryPoint, name, job.retention);
    await context.store.appendAudit({ actor: job.userId, action: 'snapshot.keep', target, input, result: { status: made.status } });
  } catch (error) {
    await context.store.appendAudit({ actor: job.userId, action: 'snapshot.keep', target, input, result: failureRecord(error) });
    await reply(context.slack, job.replyTo, { text: `:x: Recovery point \`${job.recoveryPoint}\` was not kept. ${failureText(error)}` });
    return { kept: false, error: failureText(error) };
  }
  // The same watch as `snapshot create`: it reports in a thread when the snapshot is available.
  const posted = await postParent(
    context,
    job.channelId,
    job.userId,
    `:inbox_tray: <@${job.userId}> is keeping recovery point \`${job.recoveryPoint}\` of *${target}* as snapshot \`${name}\`.`,
  );
  const watch: SnapshotWatch = { target, name, channel: posted.channel, ts: posted.ts, userId: job.userId, startedAt: context.clock.now() };
  await startWatch(context, {
    id: `snapshot:${target}:${name}`,
    type: READY_WATCH,
    payload: watch,
    actor: job.userId,
    firstCheckInMs: CHECK_EVERY_MS,
    timeoutMs: WATCH_TIMEOUT_MS,
  });
  await bestEffort(
    "the snapshot keep requester's notice",
    () =>
      reply(context.slack, job.replyTo, {
        text: `:inbox_tray: Snapshot \`${name}\` of *${target}* is being made from recovery point \`${job.recoveryPoint}\` (${retentionText(job.retention)}).`,
      }),
    context.log,
  );
  return { kept: true, target, name };
};
