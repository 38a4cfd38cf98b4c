import { faults } from '../faults';
import { parseMaintenanceWindow } from '../maintenance';
import { clusterXml } from '../render';
import { checkAutomatedRetention, checkManualRetention, checkSnapshotIdentifier, paginate } from '../rules';
import { matchesTagFilter, readTagFilter } from '../tags';
import { node, list, text } from '../xml';
import type { Operation } from './operation';

/** DescribeClusters, PauseCluster, ResumeCluster, DeleteCluster, ModifyCluster. */

export const describeClusters: Operation = async (state, input) => {
  const id = input.string('ClusterIdentifier');
  const tagFilter = readTagFilter(input);
  const clusters = (id ? [state.requireCluster(id)] : state.liveClusters()).filter((c) => matchesTagFilter(c.tags, tagFilter));
  const page = paginate(clusters, input);
  return (
    text('Marker', page.marker) +
    list(
      'Clusters',
      'Cluster',
      page.items.map((c) => clusterXml(state, c)),
    )
  );
};

export const pauseCluster: Operation = async (state, input) => {
  const cluster = state.requireCluster(input.requiredString('ClusterIdentifier'));
  const status = state.status(cluster);
  if (status !== 'available') {
    throw faults.invalidClusterState(
      `Cannot pause cluster ${cluster.identifier} because it is in ${status} state. Only a cluster in available state can be paused.`,
    );
  }
  if (cluster.automatedRetentionDays === 0) {
    throw faults.unsupported(
      `Cannot pause cluster ${cluster.identifier} because automated snapshots are disabled. Set AutomatedSnapshotRetentionPeriod to 1 or more first.`,
    );
  }
  const now = state.now();
  // Pausing takes an automated snapshot first, holding the data as it was when the pause began.
  const snapshot = state.startAutomatedSnapshot(cluster, now);
  cluster.phases = [{ status: 'pausing', until: now + state.context.timings.clusterPauseMs }];
  cluster.settled = 'paused';
  await snapshot.image.result;
  return node('Cluster', clusterXml(state, cluster));
};

export const resumeCluster: Operation = async (state, input) => {
  const cluster = state.requireCluster(input.requiredString('ClusterIdentifier'));
  const status = state.status(cluster);
  if (status !== 'paused') {
    throw faults.invalidClusterState(
      `Cannot resume cluster ${cluster.identifier} because it is in ${status} state. Only a cluster in paused state can be resumed.`,
    );
  }
  const now = state.now();
  cluster.phases = [{ status: 'resuming', until: now + state.context.timings.clusterResumeMs }];
  cluster.settled = 'available';
  return node('Cluster', clusterXml(state, cluster));
};

export const deleteCluster: Operation = async (state, input) => {
  const cluster = state.requireCluster(input.requiredString('ClusterIdentifier'));
  const skip = input.boolean('SkipFinalClusterSnapshot') ?? false;
  const finalId = input.string('FinalClusterSnapshotIdentifier');
  const finalRetention = input.integer('FinalClusterSnapshotRetentionPeriod');
  if (skip && finalId) {
    throw faults.invalidCombination('FinalClusterSnapshotIdentifier must not be specified when SkipFinalClusterSnapshot is true.');
  }
  if (!skip && !finalId) {
    throw faults.invalidCombination('FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is specified.');
  }
  if (finalRetention !== undefined) checkManualRetention(finalRetention);
  const status = state.status(cluster);
  if (status !== 'available' && status !== 'paused') {
    throw faults.invalidClusterState('There is an operation running on the Cluster. Please try to delete it at a later time.');
  }
  const { timings } = state.context;
  const now = state.now();
  if (finalId) {
    checkSnapshotIdentifier(finalId, 'FinalClusterSnapshotIdentifier');
    if (state.snapshots.has(finalId)) throw faults.snapshotAlreadyExists(finalId);
    if (state.manualSnapshotCount() >= state.limits.manualSnapshotQuota) throw faults.snapshotQuotaExceeded();
    const snapshot = state.startSnapshot(cluster, {
      identifier: finalId,
      type: 'manual',
      pendingStatus: 'final snapshot',
      manualRetentionDays: finalRetention,
    });
    cluster.phases = [
      { status: 'final-snapshot', until: now + timings.snapshotCreateMs },
      { status: 'deleting', until: now + timings.snapshotCreateMs + timings.clusterDeleteMs },
    ];
    cluster.settled = 'deleted';
    await snapshot.image.result;
  } else {
    cluster.phases = [{ status: 'deleting', until: now + timings.clusterDeleteMs }];
    cluster.settled = 'deleted';
  }
  // The response shows the cluster as the deletion starts, even when timings are zero.
  return node('Cluster', clusterXml(state, cluster, finalId ? 'final-snapshot' : 'deleting'));
};

/** The ModifyCluster parameters the emulator implements; anything else is refused rather than ignored. */
const MODIFIABLE = new Set([
  'Action',
  'Version',
  'ClusterIdentifier',
  'AutomatedSnapshotRetentionPeriod',
  'ManualSnapshotRetentionPeriod',
  'PreferredMaintenanceWindow',
]);

export const modifyCluster: Operation = async (state, input) => {
  const cluster = state.requireCluster(input.requiredString('ClusterIdentifier'));
  const unsupported = Object.keys(input.record()).filter((name) => !MODIFIABLE.has(name));
  if (unsupported.length > 0) {
    throw faults.unsupported(
      `The emulator's ModifyCluster changes only snapshot retention and the maintenance window, not ${unsupported.join(', ')}.`,
    );
  }
  const automated = input.integer('AutomatedSnapshotRetentionPeriod');
  const manual = input.integer('ManualSnapshotRetentionPeriod');
  const windowRaw = input.string('PreferredMaintenanceWindow');
  if (automated !== undefined) checkAutomatedRetention(automated, cluster.nodeType);
  if (manual !== undefined) checkManualRetention(manual);
  const window = windowRaw !== undefined ? parseMaintenanceWindow(windowRaw) : undefined;
  const status = state.status(cluster);
  if (status === 'paused')
    throw faults.invalidClusterState(`You can't modify cluster ${cluster.identifier} because it is paused. Resume it first.`);
  if (status !== 'available')
    throw faults.invalidClusterState('There is an operation running on the Cluster. Please try to modify it later.');

  let changed = false;
  if (automated !== undefined && automated !== cluster.automatedRetentionDays) {
    cluster.automatedRetentionDays = automated;
    // Lowering the retention deletes the automated snapshots it no longer covers at once.
    state.expireAutomatedSnapshots(cluster);
    changed = true;
  }
  if (manual !== undefined && manual !== cluster.manualRetentionDays) {
    cluster.manualRetentionDays = manual;
    changed = true;
  }
  if (window && window.text !== cluster.maintenanceWindowText) {
    cluster.maintenanceWindowText = window.text;
    cluster.maintenanceWindow = window.window;
    changed = true;
  }
  if (changed) {
    cluster.phases = [{ status: 'modifying', until: state.now() + state.context.timings.clusterModifyMs }];
    cluster.settled = 'available';
  }
  return node('Cluster', clusterXml(state, cluster));
};
