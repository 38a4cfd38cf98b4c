import { faults } from '../faults';
import { clusterXml } from '../render';
import { checkManualRetention, KNOWN_REGIONS } from '../rules';
import { node } from '../xml';
import type { Operation } from './operation';

/**
 * EnableSnapshotCopy, DisableSnapshotCopy and ModifySnapshotCopyRetentionPeriod: cross-region
 * snapshot copy, shown in ClusterSnapshotCopyStatus.
 */

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
  // A cluster encrypted with a KMS key needs a grant for a key in the destination region. The
  // reference documents no fault for its absence; InvalidParameterValue is an assumption (catalog).
  if (cluster.kmsKeyId !== undefined && !grantName) {
    throw faults.invalidValue(
      `SnapshotCopyGrantName is required to copy snapshots of cluster ${cluster.identifier}, which is encrypted with a KMS key: ` +
        `create a snapshot copy grant in ${region} and name it.`,
    );
  }
  // "SnapshotCopyGrantNotFoundFault: … Make sure … that the grant exists in the destination region."
  if (grantName && !state.copyGrants.find(region, grantName)) throw faults.copyGrantNotFound(grantName);
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

/**
 * Without Manual, the retention of copied automated snapshots (1–35 days); with Manual, that of
 * newly copied manual snapshots (-1 or 1–3,653 days).
 */
export const modifySnapshotCopyRetentionPeriod: Operation = async (state, input) => {
  const cluster = state.requireCluster(input.requiredString('ClusterIdentifier'));
  const retention = input.integer('RetentionPeriod');
  if (retention === undefined) throw faults.missingParameter('RetentionPeriod');
  const manual = input.boolean('Manual') ?? false;
  if (manual) checkManualRetention(retention);
  else if (retention < 1 || retention > 35) {
    throw faults.invalidRetention(`Invalid RetentionPeriod ${retention}: copied automated snapshots are kept 1 to 35 days.`);
  }
  const status = state.status(cluster);
  if (status !== 'available') {
    throw faults.invalidClusterState(
      `Cannot modify the snapshot copy retention period of cluster ${cluster.identifier} because it is in ${status} state.`,
    );
  }
  const copy = cluster.snapshotCopy;
  if (!copy) throw faults.copyDisabled(cluster.identifier);
  if (manual) copy.manualRetentionPeriod = retention;
  else copy.retentionPeriod = retention;
  return node('Cluster', clusterXml(state, cluster));
};
