import type { Command } from '../../commands/types';
import type { JobHandler, WorkContext } from '../../jobs/types';
import { startWatch } from '../../jobs/watches';
import { failureRecord, failureText } from '../shared/failure';
import { reply, type ReplyTo } from '../shared/reply';
import type { BackupVerb } from './backup-ask';
import { retentionText } from './snapshot-blocks';
import { CHECK_EVERY_MS, snapshotRefusal, WATCH_TIMEOUT_MS, type SnapshotWatch } from './snapshot-create';
import { snapshotName } from './snapshot-name';
import { postParent } from '../shared/thread';

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

export const requestKeep: BackupVerb = async (ports, command, ask) => {
  const { recoveryPoint, retentionDays } = command as Extract<Command, { verb: 'snapshot.keep' }>;
  if (!recoveryPoint) return ':warning: Name the recovery point: `/redshift snapshot keep <recovery-point> [retention-days]`.';
  const refusal = await snapshotRefusal(ports, ask.userId, recoveryPoint);
  if (refusal) return refusal;
  const job: KeepJob = { recoveryPoint, retention: retentionDays ?? 'forever', userId: ask.userId, channelId: ask.channelId, replyTo: ask.replyTo, requestKey: ask.requestKey };
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
  const job = payload as KeepJob;
  const target = await ownerOf(context, job.recoveryPoint).catch((error: unknown) => error as Error);
  if (target instanceof Error || target === undefined) {
    const why =
      target === undefined
        ? `No Serverless target in chatops.yml has recovery point \`${job.recoveryPoint}\`. Recovery points are kept 24 hours; \`/redshift snapshot list\` shows the current ones.`
        : `Could not look the recovery point up. ${failureText(target)}`;
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
  const posted = await postParent(context, job.channelId, job.userId, `:inbox_tray: <@${job.userId}> is keeping recovery point \`${job.recoveryPoint}\` of *${target}* as snapshot \`${name}\`.`);
  const watch: SnapshotWatch = { target, name, channel: posted.channel, ts: posted.ts, userId: job.userId, startedAt: context.clock.now() };
  await startWatch(context, { id: `snapshot:${target}:${name}`, type: 'snapshot.ready', payload: watch, actor: job.userId, firstCheckInMs: CHECK_EVERY_MS, timeoutMs: WATCH_TIMEOUT_MS });
  await reply(context.slack, job.replyTo, { text: `:inbox_tray: Snapshot \`${name}\` of *${target}* is being made from recovery point \`${job.recoveryPoint}\` (${retentionText(job.retention)}).` }).catch(() => undefined);
  return { kept: true, target, name };
};
