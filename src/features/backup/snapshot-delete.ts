import type { App } from '@slack/bolt';
import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import type { SnapshotInfo } from '../../redshift/warehouse';
import { failureRecord, failureText } from '../shared/failure';
import { replyToSchema } from '../shared/payload-schemas';
import { reply, type ReplyTo } from '../shared/reply';
import type { AppPorts, JobHandler, WorkContext } from '../types';
import type { BackupVerb } from './backup-ask';
import { snapshotRefusal } from './snapshot-create';
import { formatTime, mbText } from '../shared/figures';

/**
 * `snapshot delete <snapshot>`: find it, refuse what AWS would (automated snapshots, recovery points),
 * ask for a confirm, then DeleteClusterSnapshot or DeleteSnapshot once.
 */
export const DELETE_CHECK_JOB = 'snapshot.delete.check';
export const DELETE_JOB = 'snapshot.delete';
export const CONFIRM_DELETE = 'snapshot_delete_confirm';
export const CANCEL_DELETE = 'snapshot_delete_cancel';

interface DeleteJob {
  snapshot: string;
  userId: string;
  replyTo: ReplyTo;
  target?: string;
}
/** The check job looks the snapshot up; the delete job, enqueued by the confirm click, names its target. */
const checkJobSchema: z.ZodMiniType<DeleteJob> = z.object({
  snapshot: z.string(),
  userId: z.string(),
  replyTo: replyToSchema,
  target: z.optional(z.string()),
});
const deleteJobSchema: z.ZodMiniType<DeleteJob & { target: string }> = z.object({
  snapshot: z.string(),
  userId: z.string(),
  replyTo: replyToSchema,
  target: z.string(),
});

export const requestDelete: BackupVerb<'snapshot.delete'> = async (ports, command, ask) => {
  const { snapshot } = command;
  if (!snapshot) return ':warning: Name the snapshot: `/redshift snapshot delete <snapshot>`.';
  const refusal = await snapshotRefusal(ports, ask.userId, snapshot, 'snapshot.delete.refused');
  if (refusal) return refusal;
  const job: DeleteJob = { snapshot, userId: ask.userId, replyTo: ask.replyTo };
  await ports.jobs.enqueue({
    idempotencyKey: `snapshot-delete-check:${ask.requestKey}`,
    type: DELETE_CHECK_JOB,
    payload: job,
    actor: ask.userId,
  });
  return `:mag: Looking for snapshot \`${snapshot}\`…`;
};

/** The target holding the snapshot, and the snapshot as AWS reports it. */
async function find(context: WorkContext, name: string): Promise<{ target: string; snapshot: SnapshotInfo } | undefined> {
  for (const target of Object.keys(context.config.targets)) {
    const snapshot = await context.warehouses.get(target).getSnapshot(name);
    if (snapshot) return { target, snapshot };
  }
  return undefined;
}

/** Why this snapshot may not be deleted from here, or undefined for a manual one. */
export function deleteRefusal(snapshot: SnapshotInfo, target: string): string | undefined {
  if (snapshot.kind === 'automated') {
    return `\`${snapshot.id}\` is an automated snapshot of *${target}*: AWS deletes those itself when their retention ends, and nobody can delete one early. Shorten the retention with \`/redshift backup retention ${target} <days>\`, or keep a copy with \`/redshift snapshot create\`.`;
  }
  if (snapshot.kind === 'recovery-point') {
    return `\`${snapshot.id}\` is a recovery point of *${target}*: they expire by themselves after 24 hours and cannot be deleted.`;
  }
  return undefined;
}

const notFound = (name: string) => `No target in chatops.yml has a snapshot \`${name}\`; \`/redshift snapshot list\` shows them.`;

export const deleteCheckJob: JobHandler = async (payload, context) => {
  const job = readPayload(DELETE_CHECK_JOB, checkJobSchema, payload);
  const found = await find(context, job.snapshot);
  const refusal = found ? deleteRefusal(found.snapshot, found.target) : notFound(job.snapshot);
  if (!found || refusal) {
    await context.store.appendAudit({
      actor: job.userId,
      action: 'snapshot.delete.refused',
      target: found?.target ?? job.snapshot,
      input: { snapshot: job.snapshot },
      result: { reason: refusal },
    });
    await reply(context.slack, job.replyTo, { text: `:no_entry: ${refusal} Nothing was deleted.` });
    return { confirmable: false };
  }
  const { snapshot, target } = found;
  const size = snapshot.sizeMb !== undefined ? `, ${mbText(snapshot.sizeMb)}` : '';
  const text = `:warning: Delete manual snapshot \`${snapshot.id}\` of *${target}* (taken ${formatTime(snapshot.createdAt)}${size})? This cannot be undone.`;
  const value = JSON.stringify({ target, snapshot: snapshot.id });
  await reply(context.slack, job.replyTo, {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: CONFIRM_DELETE, style: 'danger', text: { type: 'plain_text', text: 'Delete it' }, value },
          { type: 'button', action_id: CANCEL_DELETE, text: { type: 'plain_text', text: 'Cancel' }, value },
        ],
      },
    ],
  });
  return { confirmable: true, target };
};

const confirmValue = z.object({ target: z.string(), snapshot: z.string().check(z.minLength(1), z.maxLength(255)) });

/** Confirm and Cancel: the policy is checked again on the click; a double click deletes once (one job per message). */
export function registerDeleteConfirm(app: App, ports: AppPorts): void {
  app.action(CONFIRM_DELETE, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    let value: z.infer<typeof confirmValue>;
    try {
      value = confirmValue.parse(JSON.parse(action.value ?? ''));
    } catch {
      return;
    }
    if (!Object.prototype.hasOwnProperty.call(ports.config.targets, value.target)) return;
    const refusal = await snapshotRefusal(ports, body.user.id, value.target, 'snapshot.delete.refused');
    if (refusal) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: refusal });
      return;
    }
    const job: DeleteJob = {
      snapshot: value.snapshot,
      target: value.target,
      userId: body.user.id,
      replyTo: body.response_url ? { responseUrl: body.response_url } : { channel: body.channel?.id ?? body.user.id, user: body.user.id },
    };
    const message = body.container?.message_ts ?? ('action_ts' in action ? action.action_ts : body.trigger_id);
    const { created } = await ports.jobs.enqueue({
      idempotencyKey: `snapshot-delete:${value.target}:${value.snapshot}:${String(message)}`,
      type: DELETE_JOB,
      payload: job,
      actor: body.user.id,
    });
    if (created)
      await respond({
        response_type: 'ephemeral',
        replace_original: true,
        text: `:wastebasket: Deleting snapshot \`${value.snapshot}\` of *${value.target}*…`,
      });
  });
  app.action(CANCEL_DELETE, async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: true, text: 'Cancelled; nothing was deleted.' });
  });
}

export const deleteJob: JobHandler = async (payload, context) => {
  const job = readPayload(DELETE_JOB, deleteJobSchema, payload);
  const { target } = job;
  const warehouse = context.warehouses.get(target);
  const input = { snapshot: job.snapshot, call: warehouse.kind === 'provisioned' ? 'DeleteClusterSnapshot' : 'DeleteSnapshot' };
  // Looked at again: it may have gone, or (same name) be another snapshot now.
  const snapshot = await warehouse.getSnapshot(job.snapshot);
  const refusal = snapshot ? deleteRefusal(snapshot, target) : notFound(job.snapshot);
  if (refusal) {
    await context.store.appendAudit({ actor: job.userId, action: 'snapshot.delete.refused', target, input, result: { reason: refusal } });
    await reply(context.slack, job.replyTo, { text: `:no_entry: ${refusal} Nothing was deleted.` });
    return { deleted: false };
  }
  try {
    await warehouse.backups.deleteSnapshot(job.snapshot);
  } catch (error) {
    await context.store.appendAudit({ actor: job.userId, action: 'snapshot.delete', target, input, result: failureRecord(error) });
    await reply(context.slack, job.replyTo, { text: `:x: Snapshot \`${job.snapshot}\` was not deleted. ${failureText(error)}` });
    return { deleted: false, error: failureText(error) };
  }
  await context.store.appendAudit({ actor: job.userId, action: 'snapshot.delete', target, input, result: { deleted: true } });
  await reply(context.slack, job.replyTo, { text: `:wastebasket: Deleted manual snapshot \`${job.snapshot}\` of *${target}*.` });
  return { deleted: true };
};
