import type { Command } from '../../commands/types';
import { targetsFor } from '../shared/targets';
import type { Feature } from '../types';
import { createModal, createSnapshotJob, registerCreateModal, requestSnapshot, snapshotReadyWatch } from './snapshot-create';
import { listSnapshotsJob, registerListMore, type SnapshotListJob } from './snapshot-list';

/** `/redshift snapshot create|list`: manual snapshots of clusters and Serverless namespaces. */
export const backupFeature: Feature = {
  name: 'manual snapshots',
  verbs: ['snapshot.create', 'snapshot.list'],
  async handle(context) {
    const { command, ports, ack, userId, channelId, responseUrl, requestKey } = context;
    if (command.verb === 'snapshot.list') {
      const targets = targetsFor(ports.config, (command as Extract<Command, { verb: 'snapshot.list' }>).target);
      const job: SnapshotListJob = { targets, page: 1, replyTo: { responseUrl } };
      await ports.jobs.enqueue({ idempotencyKey: requestKey, type: 'snapshot.list', payload: job, actor: userId });
      await ack({ text: `Listing snapshots of ${targets.join(', ')}…` });
      return;
    }
    const { target, retentionDays } = command as Extract<Command, { verb: 'snapshot.create' }>;
    if (!target) {
      // Several targets and none named: ask in a modal rather than fail.
      await context.client.views.open({
        trigger_id: context.triggerId,
        view: createModal(Object.keys(ports.config.targets), channelId, retentionDays),
      });
      await ack();
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
  },
  jobs: { 'snapshot.create': createSnapshotJob, 'snapshot.list': listSnapshotsJob },
  watches: { 'snapshot.ready': snapshotReadyWatch },
};
