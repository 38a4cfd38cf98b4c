import { faults } from '../faults';
import { clusterXml } from '../render';
import { checkManualRetention, KNOWN_REGIONS } from '../rules';
import { node } from '../xml';
import type { Operation } from './operation';

/** EnableSnapshotCopy and DisableSnapshotCopy: cross-region snapshot copy, shown in ClusterSnapshotCopyStatus. */

export const enableSnapshotCopy: Operation = async (state, input) => {
  const cluster = state.requireCluster(input.requiredString('ClusterIdentifier'));
  const region = input.requiredString('DestinationRegion');
  const retention = input.integer('RetentionPeriod') ?? 7;
  const manual = input.integer('ManualSnapshotRetentionPeriod') ?? -1;
  const grantName = input.string('SnapshotCopyGrantName');
  const status = state.status(cluster);
  if (status !== 'available') {
    throw faults.invalidClusterState(`Cannot enable snapshot copy for cluster ${cluster.identifier} because it is in ${status} state.`);
  }
  if (cluster.snapshotCopy) throw faults.copyAlreadyEnabled(cluster.identifier);
  if (!KNOWN_REGIONS.has(region)) throw faults.unknownCopyRegion(region);
  if (region === state.context.region) {
    throw faults.unknownCopyRegion(
      region,
      `Snapshots can't be copied to ${region}: the destination region must differ from the cluster's region.`,
    );
  }
  if (retention < 1 || retention > 35) {
    throw faults.invalidRetention(`Invalid RetentionPeriod ${retention}: copied automated snapshots are kept 1 to 35 days.`);
  }
  checkManualRetention(manual);
  cluster.snapshotCopy = { destinationRegion: region, retentionPeriod: retention, manualRetentionPeriod: manual, grantName };
  return node('Cluster', clusterXml(state, cluster));
};

export const disableSnapshotCopy: Operation = async (state, input) => {
  const cluster = state.requireCluster(input.requiredString('ClusterIdentifier'));
  const status = state.status(cluster);
  if (status !== 'available') {
    throw faults.invalidClusterState(`Cannot disable snapshot copy for cluster ${cluster.identifier} because it is in ${status} state.`);
  }
  if (!cluster.snapshotCopy) throw faults.copyAlreadyDisabled(cluster.identifier);
  cluster.snapshotCopy = undefined;
  return node('Cluster', clusterXml(state, cluster));
};
