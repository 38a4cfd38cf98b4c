import type { Command, MissingField, Verb } from '../../commands/types';
import { lazyJob, lazyWatch } from '../shared/lazy-job';
import { targetsFor } from '../shared/targets';
import { openViewAfterAck } from '../shared/open-view';
import type { CommandContext, CommandHandler, Feature } from '../types';
import { askForm, registerAskModal, type BackupVerb, type BackupVerbs } from './backup-ask';
import { COPY_OPEN_JOB, COPY_SET_JOB, COPY_SHOW_JOB, requestCopy, showCopyJob } from './copy-request';
import { restoreCheckJob } from './restore-check-job';
import { planJob as restoreClusterPlanJob, restoreClusterCommand } from './warehouse-restore-command';
import { openRestoreClusterJob, registerRestoreClusterConfirm } from './warehouse-restore-confirm';
import * as restoreCluster from './warehouse-restore-types';
import { CHECK_JOB, FORM_JOB, OPEN_JOB, PROGRESS_WATCH, RUN_JOB, SWAP_JOB } from './restore-details';
import { restoreFormJob } from './restore-form-job';
import { openRestoreJob } from './restore-open';
import { handleRestore, registerRestoreModal } from './restore-request';
import { restoreProgressWatch, runRestoreJob } from './restore-run';
import { registerSwapButton, swapJob } from './restore-swap';
import {
  OPEN_RETENTION_JOB,
  openRetentionJob,
  requestRetention,
  SET_RETENTION_JOB,
  setRetentionJob,
  SHOW_JOB,
  showRetentionJob,
} from './retention';
import { createSnapshotJob, requestSnapshot, snapshotReadyWatch } from './snapshot-create';
import { registerCreateModal, snapshotForm } from './snapshot-create-form';
import { DELETE_CHECK_JOB, DELETE_JOB, deleteCheckJob, deleteJob, registerDeleteConfirm, requestDelete } from './snapshot-delete';
import { CREATE_JOB, LIST_JOB, READY_WATCH } from './snapshot-jobs';
import { KEEP_JOB, keepJob, requestKeep } from './snapshot-keep';
import { listSnapshotsJob, registerListMore, type SnapshotListJob } from './snapshot-list';

/** The verbs that answer through one BackupVerb, from a typed command or from the missing-argument modal. */
const backupVerbs = {
  'snapshot.keep': requestKeep,
  'snapshot.delete': requestDelete,
  'backup.retention': requestRetention,
  'backup.copy': requestCopy,
} satisfies BackupVerbs;

/** The words typed after the missing argument, so the modal's answer is put back in its place. */
function restOf(command: Command): string {
  if (command.verb === 'snapshot.keep') return command.retentionDays === undefined ? '' : String(command.retentionDays);
  if (command.verb === 'backup.retention') return command.days === undefined ? '' : String(command.days);
  if (command.verb === 'backup.copy') return [command.region, command.days].filter((word) => word !== undefined).join(' ');
  return '';
}

/** An ephemeral answer through the command's response URL, once it has been acked. */
function tell(context: CommandContext, text: string): Promise<unknown> {
  return context.respond({ response_type: 'ephemeral', text });
}

/** The handler of a verb answered by a BackupVerb; a missing argument is asked for in a modal first. */
function answeredBy<V extends Verb>(verb: BackupVerb<V>): CommandHandler<V> {
  return async (context) => {
    const { command, ports, ack, userId, channelId } = context;
    const missing: MissingField | undefined = context.missing[0];
    if (missing) {
      const words = command.verb.replace('.', ' ');
      // Ack first; views.open, bound to the trigger_id (3 s), goes through the fail-fast client.
      await ack();
      await openViewAfterAck(
        context.client,
        context.triggerId,
        await askForm(ports, userId, channelId, { words, rest: restOf(command), field: missing }),
        (text) => tell(context, text),
        (message) => ports.logger.warn(message),
      );
      return;
    }
    const text = await verb(ports, command, {
      userId,
      channelId,
      replyTo: { responseUrl: context.responseUrl },
      requestKey: context.requestKey,
    });
    await ack({ text });
  };
}

/** `snapshot create [target] [retention]`: several targets and none named, a modal asks which. */
const createSnapshot: CommandHandler<'snapshot.create'> = async (context) => {
  const { command, ports, ack, userId, channelId, responseUrl, requestKey } = context;
  const { target, retentionDays } = command;
  if (!target) {
    // Several targets and none named: ask in a modal rather than fail. Acked first, as above.
    await ack();
    await openViewAfterAck(
      context.client,
      context.triggerId,
      await snapshotForm(ports, userId, channelId, retentionDays),
      (text) => tell(context, text),
      (message) => ports.logger.warn(message),
    );
    return;
  }
  const text = await requestSnapshot(ports, {
    target,
    retention: retentionDays ?? 'forever',
    userId,
    channelId,
    replyTo: { responseUrl },
    requestKey,
  });
  await ack({ text });
};

/** `snapshot list [target]`: the first page, read in a job. */
const listSnapshots: CommandHandler<'snapshot.list'> = async ({ command, ports, ack, userId, responseUrl, requestKey }) => {
  const targets = targetsFor(ports.config, command.target);
  const job: SnapshotListJob = { targets, page: 1, replyTo: { responseUrl } };
  await ports.jobs.enqueue({ idempotencyKey: requestKey, type: LIST_JOB, payload: job, actor: userId });
  await ack({ text: `Listing snapshots of ${targets.join(', ')}…` });
};

/**
 * `/redshift snapshot create|list|keep|delete`, `backup retention` and `restore`: snapshots, backups and table restores.
 *
 *   snapshot create <target> (snapshot-create.ts) → CREATE_JOB → READY_WATCH, until the snapshot is available.
 *   snapshot list [target] → LIST_JOB (one page; the More button enqueues the next, snapshot-list.ts).
 *   snapshot keep <recovery-point> → KEEP_JOB → READY_WATCH, as for create.
 *   snapshot delete <snapshot> → DELETE_CHECK_JOB (finds it, asks to confirm) → Delete click → DELETE_JOB.
 *   backup retention [target] → SHOW_JOB; with days → OPEN_RETENTION_JOB (opens the approval request)
 *     → approved → SET_RETENTION_JOB (its executor).
 *   backup copy [target] → COPY_SHOW_JOB; with a Region or `off` → COPY_OPEN_JOB (copy-change.ts: the
 *     preview, then the approval request) → approved → COPY_SET_JOB (its executor).
 *   restore [target] → the restore form (restore-request.ts), filled in by FORM_JOB → submit (acked with
 *     "checking") → CHECK_JOB (restore-check-job.ts: the live checks; the form again with its problems,
 *     or opens the approval request as OPEN_JOB does, restore-open.ts) → approved → RUN_JOB
 *     (restore-run.ts) → PROGRESS_WATCH until the restored table is there, with a "Swap into place"
 *     button → click (restore-swap.ts) → approval → SWAP_JOB.
 *   restore cluster <snapshot> <new-name> [target] → restoreCluster.PLAN_JOB (the preview, warehouse-restore-*.ts)
 *     → Confirm → OPEN_JOB (approval per policies.restore) → approved → EXECUTE_JOB → WATCH until available.
 */
export const backupFeature: Feature<
  | 'snapshot.create'
  | 'snapshot.list'
  | 'snapshot.keep'
  | 'snapshot.delete'
  | 'backup.retention'
  | 'backup.copy'
  | 'restore'
  | 'restore.cluster'
> = {
  name: 'backups and restores',
  commands: {
    'snapshot.create': createSnapshot,
    'snapshot.list': listSnapshots,
    'snapshot.keep': answeredBy(backupVerbs['snapshot.keep']),
    'snapshot.delete': answeredBy(backupVerbs['snapshot.delete']),
    'backup.retention': answeredBy(backupVerbs['backup.retention']),
    'backup.copy': answeredBy(backupVerbs['backup.copy']),
    restore: (context) => handleRestore(context, context.command.target),
    'restore.cluster': restoreClusterCommand,
  },
  register(app, ports) {
    registerCreateModal(app, ports);
    registerListMore(app, ports);
    registerAskModal(app, ports, backupVerbs);
    registerRestoreModal(app, ports);
    registerSwapButton(app, ports);
    registerDeleteConfirm(app, ports);
    registerRestoreClusterConfirm(app, ports);
  },
  jobs: {
    [CREATE_JOB]: createSnapshotJob,
    [LIST_JOB]: listSnapshotsJob,
    [KEEP_JOB]: keepJob,
    [DELETE_CHECK_JOB]: deleteCheckJob,
    [DELETE_JOB]: deleteJob,
    [SHOW_JOB]: showRetentionJob,
    [OPEN_RETENTION_JOB]: openRetentionJob,
    [SET_RETENTION_JOB]: setRetentionJob,
    [COPY_SHOW_JOB]: showCopyJob,
    // Loaded on first run: only the worker makes the change or the restore.
    [COPY_OPEN_JOB]: lazyJob(async () => (await import('./copy-change')).openCopyJob),
    [COPY_SET_JOB]: lazyJob(async () => (await import('./copy-change')).setCopyJob),
    [FORM_JOB]: restoreFormJob,
    [CHECK_JOB]: restoreCheckJob,
    [OPEN_JOB]: openRestoreJob,
    [RUN_JOB]: runRestoreJob,
    [SWAP_JOB]: swapJob,
    [restoreCluster.PLAN_JOB]: restoreClusterPlanJob,
    [restoreCluster.OPEN_JOB]: openRestoreClusterJob,
    [restoreCluster.EXECUTE_JOB]: lazyJob(async () => (await import('./warehouse-restore-execute')).executeRestoreClusterJob),
  },
  watches: {
    [READY_WATCH]: snapshotReadyWatch,
    [PROGRESS_WATCH]: restoreProgressWatch,
    [restoreCluster.WATCH]: lazyWatch(async () => (await import('./warehouse-restore-progress')).restoreClusterWatch),
  },
};
