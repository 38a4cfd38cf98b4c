import type { Command, MissingField } from '../../commands/types';
import { targetsFor } from '../shared/targets';
import { openViewAfterAck } from '../shared/open-view';
import type { CommandContext, Feature } from '../types';
import { askModal, registerAskModal, type BackupVerb } from './backup-ask';
import { FORM_JOB, OPEN_JOB, PROGRESS_WATCH, RUN_JOB, SWAP_JOB } from './restore-details';
import { handleRestore, openRestoreJob, registerRestoreModal, restoreFormJob } from './restore-request';
import { restoreProgressWatch, runRestoreJob } from './restore-run';
import { registerSwapButton, swapJob } from './restore-swap';
import { OPEN_RETENTION_JOB, openRetentionJob, requestRetention, SET_RETENTION_JOB, setRetentionJob, SHOW_JOB, showRetentionJob } from './retention';
import { createModal, createSnapshotJob, registerCreateModal, requestSnapshot, snapshotReadyWatch } from './snapshot-create';
import { DELETE_CHECK_JOB, DELETE_JOB, deleteCheckJob, deleteJob, registerDeleteConfirm, requestDelete } from './snapshot-delete';
import { KEEP_JOB, keepJob, requestKeep } from './snapshot-keep';
import { listSnapshotsJob, registerListMore, type SnapshotListJob } from './snapshot-list';

/** The verbs that answer through one BackupVerb, from a typed command or from the missing-argument modal. */
const backupVerbs: Readonly<Partial<Record<Command['verb'], BackupVerb>>> = {
  'snapshot.keep': requestKeep,
  'snapshot.delete': requestDelete,
  'backup.retention': requestRetention,
};

/** The words typed after the missing argument, so the modal's answer is put back in its place. */
function restOf(command: Command): string {
  if (command.verb === 'snapshot.keep') return command.retentionDays === undefined ? '' : String(command.retentionDays);
  if (command.verb === 'backup.retention') return command.days === undefined ? '' : String(command.days);
  return '';
}

/** An ephemeral answer through the command's response URL, once it has been acked. */
function tell(context: CommandContext, text: string): Promise<unknown> {
  return context.respond({ response_type: 'ephemeral', text });
}

async function handleBackupVerb(context: CommandContext, verb: BackupVerb): Promise<void> {
  const { command, ports, ack, userId, channelId } = context;
  const missing = context.missing[0] as MissingField | undefined;
  if (missing) {
    const words = command.verb.replace('.', ' ');
    // Ack first; views.open, bound to the trigger_id (3 s), goes through the fail-fast client.
    await ack();
    await openViewAfterAck(context.client, context.triggerId, askModal(Object.keys(ports.config.targets), { channelId, words, rest: restOf(command), field: missing }), (text) => tell(context, text));
    return;
  }
  const text = await verb(ports, command, { userId, channelId, replyTo: { responseUrl: context.responseUrl }, requestKey: context.requestKey });
  await ack({ text });
}

/** `/redshift snapshot create|list|keep|delete`, `backup retention` and `restore`: snapshots, backups and table restores. */
export const backupFeature: Feature = {
  name: 'backups and restores',
  verbs: ['snapshot.create', 'snapshot.list', 'snapshot.keep', 'snapshot.delete', 'backup.retention', 'restore'],
  async handle(context) {
    const { command, ports, ack, userId, channelId, responseUrl, requestKey } = context;
    const verb = backupVerbs[command.verb];
    if (verb) return handleBackupVerb(context, verb);
    if (command.verb === 'restore') return handleRestore(context, command.target);
    if (command.verb === 'snapshot.list') {
      const targets = targetsFor(ports.config, (command as Extract<Command, { verb: 'snapshot.list' }>).target);
      const job: SnapshotListJob = { targets, page: 1, replyTo: { responseUrl } };
      await ports.jobs.enqueue({ idempotencyKey: requestKey, type: 'snapshot.list', payload: job, actor: userId });
      await ack({ text: `Listing snapshots of ${targets.join(', ')}…` });
      return;
    }
    const { target, retentionDays } = command as Extract<Command, { verb: 'snapshot.create' }>;
    if (!target) {
      // Several targets and none named: ask in a modal rather than fail. Acked first, as above.
      await ack();
      await openViewAfterAck(context.client, context.triggerId, createModal(Object.keys(ports.config.targets), channelId, retentionDays), (text) => tell(context, text));
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
  },
  register(app, ports) {
    registerCreateModal(app, ports);
    registerListMore(app, ports);
    registerAskModal(app, ports, backupVerbs);
    registerRestoreModal(app, ports);
    registerSwapButton(app, ports);
    registerDeleteConfirm(app, ports);
  },
  jobs: {
    'snapshot.create': createSnapshotJob,
    'snapshot.list': listSnapshotsJob,
    [KEEP_JOB]: keepJob,
    [DELETE_CHECK_JOB]: deleteCheckJob,
    [DELETE_JOB]: deleteJob,
    [SHOW_JOB]: showRetentionJob,
    [OPEN_RETENTION_JOB]: openRetentionJob,
    [SET_RETENTION_JOB]: setRetentionJob,
    [FORM_JOB]: restoreFormJob,
    [OPEN_JOB]: openRestoreJob,
    [RUN_JOB]: runRestoreJob,
    [SWAP_JOB]: swapJob,
  },
  watches: { 'snapshot.ready': snapshotReadyWatch, [PROGRESS_WATCH]: restoreProgressWatch },
};
