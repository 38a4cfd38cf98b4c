import * as z from 'zod/mini';
import { checkPolicy } from '../../approvals/policy';
import { readPayload } from '../../jobs/payload';
import { JOB_KIND } from '../../jobs/queue';
import type { JobRecord } from '../../jobs/types';
import { startWatch } from '../../jobs/watches';
import { AwsOperationError } from '../../redshift/errors';
import type { SnapshotInfo } from '../../redshift/warehouse';
import { failureRecord, failureText } from '../shared/failure';
import { replyToSchema } from '../shared/payload-schemas';
import { reply, type ReplyTo } from '../shared/reply';
import type { AppPorts, JobHandler, WatchHandler } from '../types';
import { durationText, retentionText } from './snapshot-blocks';
import { snapshotName } from '../shared/snapshot-name';
import { postParent } from '../shared/thread';
import { CREATE_JOB, READY_WATCH } from './snapshot-jobs';
import { mbText } from '../shared/figures';

/** How often a creating snapshot is looked at, and when we stop watching. */
export const CHECK_EVERY_MS = 30_000;
export const WATCH_TIMEOUT_MS = 6 * 3_600_000;

export interface SnapshotRequest {
  target: string;
  retention: number | 'forever';
  userId: string;
  channelId: string;
  replyTo: ReplyTo;
  requestKey: string;
}

interface SnapshotCreateJob {
  target: string;
  name: string;
  retention: number | 'forever';
  userId: string;
  channelId: string;
  replyTo: ReplyTo;
}
const retentionSchema = z.union([z.number(), z.literal('forever')]);
const createJobSchema: z.ZodMiniType<SnapshotCreateJob> = z.object({
  target: z.string(),
  name: z.string(),
  retention: retentionSchema,
  userId: z.string(),
  channelId: z.string(),
  replyTo: replyToSchema,
});

export interface SnapshotWatch {
  target: string;
  name: string;
  channel: string;
  ts: string;
  userId: string;
  startedAt: number;
}
const watchSchema: z.ZodMiniType<SnapshotWatch> = z.object({
  target: z.string(),
  name: z.string(),
  channel: z.string(),
  ts: z.string(),
  userId: z.string(),
  startedAt: z.number(),
});

/**
 * policies.snapshot (create, keep and delete): undefined when this user may go ahead, else the refusal
 * (audited). Approvals for snapshots are not built, so a policy asking for them refuses plainly.
 */
export async function snapshotRefusal(
  ports: AppPorts,
  userId: string,
  target: string,
  action = 'snapshot.refused',
): Promise<string | undefined> {
  const decision = await checkPolicy('snapshot', ports.config.policies.snapshot, userId, ports.people);
  const reason = !decision.allowed ? decision.message : decision.approvalsRequired > 0 ? 'approval required' : undefined;
  if (!reason) return undefined;
  await ports.store.appendAudit({ actor: userId, action, target, result: { reason } });
  if (!decision.allowed) return `:no_entry: ${decision.message}`;
  return `:no_entry: policies.snapshot asks for ${decision.approvalsRequired} approval(s), and approvals for snapshots are not available in this version yet. Nothing was run; set policies.snapshot.approvalsRequired to 0 to allow snapshots without approval.`;
}

/** Checks the policy and records the job; returns what to tell the requester at once. */
export async function requestSnapshot(ports: AppPorts, request: SnapshotRequest): Promise<string> {
  const refusal = await snapshotRefusal(ports, request.userId, request.target);
  if (refusal) return refusal;
  const job: SnapshotCreateJob = {
    target: request.target,
    name: snapshotName(request.target, new Date(ports.clock.now()), request.requestKey),
    retention: request.retention,
    userId: request.userId,
    channelId: request.channelId,
    replyTo: request.replyTo,
  };
  const { jobId, created } = await ports.jobs.enqueue({
    idempotencyKey: request.requestKey,
    type: CREATE_JOB,
    payload: job,
    actor: request.userId,
  });
  // A replayed request arrives later, so the name computed now has another time in it: answer with
  // the snapshot the first delivery recorded, the one that is actually being created.
  const stored = created ? undefined : await ports.store.get<JobRecord>(JOB_KIND, jobId);
  const recorded = stored ? readPayload(CREATE_JOB, createJobSchema, stored.data.payload) : job;
  return `:camera: Creating snapshot \`${recorded.name}\` of *${recorded.target}* (${retentionText(recorded.retention)}). Progress follows in a thread.`;
}

export const createSnapshotJob: JobHandler = async (payload, context) => {
  const job = readPayload(CREATE_JOB, createJobSchema, payload);
  const warehouse = context.warehouses.get(job.target);
  let snapshot: SnapshotInfo;
  try {
    snapshot = await warehouse.createSnapshot(job.name, job.retention);
  } catch (error) {
    // A retried job finds the snapshot it created the first time: that is success, not a clash.
    const existing = isAlreadyExists(error) ? await warehouse.getSnapshot(job.name) : undefined;
    if (!existing) {
      await context.store.appendAudit({
        actor: job.userId,
        action: 'snapshot.create',
        target: job.target,
        input: { name: job.name, retention: job.retention },
        result: failureRecord(error),
      });
      await reply(context.slack, job.replyTo, {
        text: `:x: Snapshot \`${job.name}\` of *${job.target}* was not started. ${failureText(error)}`,
      });
      return { started: false, error: failureText(error) };
    }
    snapshot = existing;
  }
  await context.store.appendAudit({
    actor: job.userId,
    action: 'snapshot.create',
    target: job.target,
    input: {
      name: job.name,
      retention: job.retention,
      call: warehouse.kind === 'provisioned' ? 'CreateClusterSnapshot' : 'CreateSnapshot',
    },
    result: { status: snapshot.status, source: snapshot.source },
  });
  const posted = await postParent(
    context,
    job.channelId,
    job.userId,
    `:camera: <@${job.userId}> started snapshot \`${job.name}\` of *${job.target}* (${retentionText(job.retention)}). Status: *${snapshot.status}*.`,
  );
  const watch: SnapshotWatch = {
    target: job.target,
    name: job.name,
    channel: posted.channel,
    ts: posted.ts,
    userId: job.userId,
    startedAt: context.clock.now(),
  };
  await startWatch(context, {
    id: `snapshot:${job.target}:${job.name}`,
    type: READY_WATCH,
    payload: watch,
    actor: job.userId,
    firstCheckInMs: CHECK_EVERY_MS,
    timeoutMs: WATCH_TIMEOUT_MS,
  });
  return { started: true, name: job.name, status: snapshot.status };
};

export const snapshotReadyWatch: WatchHandler = async (payload, context) => {
  const watch = readPayload(READY_WATCH, watchSchema, payload);
  const snapshot = await context.warehouses.get(watch.target).getSnapshot(watch.name);
  const say = (text: string) => context.slack.chat.postMessage({ channel: watch.channel, thread_ts: watch.ts, text });
  const finish = async (status: string, text: string) => {
    await say(text);
    await context.slack.chat.update({
      channel: watch.channel,
      ts: watch.ts,
      text: `:camera: Snapshot \`${watch.name}\` of *${watch.target}*: *${status}*.`,
    });
    await context.store.appendAudit({
      actor: 'system',
      action: `snapshot.${status}`,
      target: watch.target,
      input: { name: watch.name },
      result: { status, sizeMb: snapshot?.sizeMb },
    });
    return { done: true } as const;
  };
  if (!snapshot) return finish('gone', `:warning: Snapshot \`${watch.name}\` no longer exists; someone deleted it, or its cluster.`);
  if (snapshot.status === 'available') {
    const took = snapshot.elapsedSeconds ?? (context.clock.now() - watch.startedAt) / 1000;
    const size = snapshot.sizeMb !== undefined ? mbText(snapshot.sizeMb) : 'size not reported';
    return finish('available', `:white_check_mark: Snapshot \`${watch.name}\` is available: ${size}, took ${durationText(took)}.`);
  }
  if (snapshot.status === 'failed')
    return finish(
      'failed',
      `:x: Snapshot \`${watch.name}\` failed. AWS gives no reason for failed snapshots; try again, and check the cluster's events if it repeats.`,
    );
  if (context.timedOut)
    return finish(
      snapshot.status,
      `:hourglass: Snapshot \`${watch.name}\` is still *${snapshot.status}* after ${durationText(WATCH_TIMEOUT_MS / 1000)}; I stopped watching. \`/redshift snapshot list ${watch.target}\` shows it.`,
    );
  return { done: false, nextCheckInMs: CHECK_EVERY_MS };
};

function isAlreadyExists(error: unknown): boolean {
  return error instanceof AwsOperationError && (error.fault === 'ClusterSnapshotAlreadyExists' || error.fault === 'ConflictException');
}
