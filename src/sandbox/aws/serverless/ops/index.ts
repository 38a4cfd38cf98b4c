import { restoreFromRecoveryPoint, restoreFromSnapshot } from './namespace-restores';
import { deleteNamespace, getNamespace, listNamespaces } from './namespaces';
import { convertRecoveryPointToSnapshot, getRecoveryPoint, listRecoveryPoints } from './recovery-points';
import {
  createSnapshotCopyConfiguration,
  deleteSnapshotCopyConfiguration,
  listSnapshotCopyConfigurations,
  updateSnapshotCopyConfiguration,
} from './snapshot-copies';
import { createSnapshot, deleteSnapshot, getSnapshot, listSnapshots } from './snapshots';
import { getTableRestoreStatus, listTableRestoreStatus, restoreTableFromRecoveryPoint, restoreTableFromSnapshot } from './table-restores';
import type { Operation } from './types';
import { createUsageLimit, deleteUsageLimit, getUsageLimit, listUsageLimits } from './usage-limits';
import { deleteWorkgroup, getWorkgroup, listWorkgroups } from './workgroups';

/** The operations the emulator answers, by their X-Amz-Target name. */
export const operations: Readonly<Record<string, Operation>> = {
  GetNamespace: getNamespace,
  ListNamespaces: listNamespaces,
  DeleteNamespace: deleteNamespace,
  GetWorkgroup: getWorkgroup,
  ListWorkgroups: listWorkgroups,
  DeleteWorkgroup: deleteWorkgroup,
  CreateSnapshot: createSnapshot,
  GetSnapshot: getSnapshot,
  ListSnapshots: listSnapshots,
  DeleteSnapshot: deleteSnapshot,
  ListRecoveryPoints: listRecoveryPoints,
  GetRecoveryPoint: getRecoveryPoint,
  ConvertRecoveryPointToSnapshot: convertRecoveryPointToSnapshot,
  RestoreFromSnapshot: restoreFromSnapshot,
  RestoreFromRecoveryPoint: restoreFromRecoveryPoint,
  CreateSnapshotCopyConfiguration: createSnapshotCopyConfiguration,
  UpdateSnapshotCopyConfiguration: updateSnapshotCopyConfiguration,
  DeleteSnapshotCopyConfiguration: deleteSnapshotCopyConfiguration,
  ListSnapshotCopyConfigurations: listSnapshotCopyConfigurations,
  RestoreTableFromSnapshot: restoreTableFromSnapshot,
  RestoreTableFromRecoveryPoint: restoreTableFromRecoveryPoint,
  GetTableRestoreStatus: getTableRestoreStatus,
  ListTableRestoreStatus: listTableRestoreStatus,
  CreateUsageLimit: createUsageLimit,
  GetUsageLimit: getUsageLimit,
  ListUsageLimits: listUsageLimits,
  DeleteUsageLimit: deleteUsageLimit,
};
