import { deleteCluster, describeClusters, modifyCluster, pauseCluster, resumeCluster } from './ops/clusters';
import { modifyClusterMaintenance } from './ops/maintenance';
import type { Operation } from './ops/operation';
import { describeTableRestoreStatus, restoreTableFromClusterSnapshot } from './ops/restores';
import { restoreFromClusterSnapshot } from './ops/cluster-restore';
import { disableSnapshotCopy, enableSnapshotCopy, modifySnapshotCopyRetentionPeriod } from './ops/snapshot-copy';
import { createSnapshotCopyGrant, deleteSnapshotCopyGrant, describeSnapshotCopyGrants } from './ops/snapshot-copy-grants';
import { createClusterSnapshot, deleteClusterSnapshot, describeClusterSnapshots, modifyClusterSnapshot } from './ops/snapshots';

/** The Redshift actions the emulator speaks, by their Query-protocol `Action` name. */
export const operations: Readonly<Record<string, Operation>> = {
  DescribeClusters: describeClusters,
  PauseCluster: pauseCluster,
  ResumeCluster: resumeCluster,
  DeleteCluster: deleteCluster,
  ModifyCluster: modifyCluster,
  ModifyClusterMaintenance: modifyClusterMaintenance,
  EnableSnapshotCopy: enableSnapshotCopy,
  DisableSnapshotCopy: disableSnapshotCopy,
  ModifySnapshotCopyRetentionPeriod: modifySnapshotCopyRetentionPeriod,
  CreateSnapshotCopyGrant: createSnapshotCopyGrant,
  DescribeSnapshotCopyGrants: describeSnapshotCopyGrants,
  DeleteSnapshotCopyGrant: deleteSnapshotCopyGrant,
  RestoreFromClusterSnapshot: restoreFromClusterSnapshot,
  CreateClusterSnapshot: createClusterSnapshot,
  DescribeClusterSnapshots: describeClusterSnapshots,
  DeleteClusterSnapshot: deleteClusterSnapshot,
  ModifyClusterSnapshot: modifyClusterSnapshot,
  RestoreTableFromClusterSnapshot: restoreTableFromClusterSnapshot,
  DescribeTableRestoreStatus: describeTableRestoreStatus,
};
