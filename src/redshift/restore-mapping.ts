import type { Cluster, Snapshot as ClusterSnapshot } from '@aws-sdk/client-redshift';
import type { Namespace, SnapshotCopyConfiguration, Workgroup } from '@aws-sdk/client-redshift-serverless';
import { normalizeSnapshotStatus } from './paging';
import {
  restoreProgressState,
  type ClusterRestoreInfo,
  type NamespaceRestoreInfo,
  type RestoreSourceInfo,
  type SnapshotCopyDestination,
  type SnapshotCopyStatus,
} from './warehouse-restore';

/** AWS's shapes -> the backup port's, for whole-warehouse restores and snapshot copy. Pure: only SDK types. */

/** A cluster as DescribeClusters or RestoreFromClusterSnapshot gives it, as restore progress. */
export function clusterRestoreInfo(cluster: Cluster | undefined, name: string): ClusterRestoreInfo {
  const state = cluster?.ClusterStatus ?? 'unknown';
  const restore = cluster?.RestoreStatus;
  const address = cluster?.Endpoint?.Address;
  return {
    kind: 'new-cluster',
    cluster: cluster?.ClusterIdentifier ?? name,
    state,
    available: state === 'available',
    endpoint: address ? { address, port: cluster?.Endpoint?.Port } : undefined,
    nodeType: cluster?.NodeType,
    nodes: cluster?.NumberOfNodes,
    progress: restore
      ? {
          status: restoreProgressState(restore.Status),
          progressMb: restore.ProgressInMegaBytes,
          snapshotSizeMb: restore.SnapshotSizeInMegaBytes,
          mbPerSecond: restore.CurrentRestoreRateInMegaBytesPerSecond,
          elapsedSeconds: restore.ElapsedTimeInSeconds,
          estimatedSecondsLeft: restore.EstimatedTimeToCompletionInSeconds,
        }
      : undefined,
  };
}

/**
 * A namespace (and, when read, its workgroup) as restore progress: the namespace's word unless it is
 * available and the workgroup is not, the first thing in the way.
 */
export function namespaceRestoreInfo(
  namespace: Namespace | undefined,
  names: { namespace: string; workgroup: string },
  workgroup?: Workgroup,
  snapshot?: string,
): NamespaceRestoreInfo {
  const namespaceState = namespace?.status ?? 'UNKNOWN';
  const workgroupState = workgroup?.status;
  const address = workgroup?.endpoint?.address;
  return {
    kind: 'namespace',
    namespace: namespace?.namespaceName ?? names.namespace,
    workgroup: workgroup?.workgroupName ?? names.workgroup,
    state: namespaceState === 'AVAILABLE' && workgroupState !== undefined ? workgroupState : namespaceState,
    available: namespaceState === 'AVAILABLE' && workgroupState === 'AVAILABLE',
    endpoint: address ? { address, port: workgroup?.endpoint?.port } : undefined,
    ...(snapshot !== undefined && { snapshot }),
  };
}

/** ClusterSnapshotCopyStatus: present only while copy is on. */
export function clusterCopyStatus(cluster: Cluster | undefined): SnapshotCopyStatus {
  const copy = cluster?.ClusterSnapshotCopyStatus;
  if (!copy?.DestinationRegion) return { kind: 'provisioned', destinations: [] };
  return {
    kind: 'provisioned',
    destinations: [
      {
        region: copy.DestinationRegion,
        retentionDays: copy.RetentionPeriod,
        manualRetentionDays: copy.ManualSnapshotRetentionPeriod,
        grantName: copy.SnapshotCopyGrantName,
      },
    ],
  };
}

/** ListSnapshotCopyConfigurations' entries for one namespace (the call may list others when none is named). */
export function namespaceCopyStatus(configurations: readonly SnapshotCopyConfiguration[], namespace: string): SnapshotCopyStatus {
  const destinations: SnapshotCopyDestination[] = [];
  for (const configuration of configurations) {
    if (configuration.namespaceName !== undefined && configuration.namespaceName !== namespace) continue;
    if (!configuration.destinationRegion) continue;
    destinations.push({
      region: configuration.destinationRegion,
      retentionDays: configuration.snapshotRetentionPeriod,
      configurationId: configuration.snapshotCopyConfigurationId,
    });
  }
  // AWS gives no order; by Region, so messages and previews read the same each time.
  destinations.sort((a, b) => a.region.localeCompare(b.region));
  return { kind: 'serverless', destinations };
}

export function clusterSnapshotSource(snapshot: ClusterSnapshot, id: string): RestoreSourceInfo {
  return {
    kind: 'snapshot',
    id: snapshot.SnapshotIdentifier ?? id,
    status: normalizeSnapshotStatus(snapshot.Status),
    createdAt: snapshot.SnapshotCreateTime,
    sizeMb: snapshot.TotalBackupSizeInMegaBytes,
    takenOf: snapshot.ClusterIdentifier,
  };
}
