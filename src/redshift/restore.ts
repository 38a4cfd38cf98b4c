import type { RestoreSource } from './restore-source';
import type {
  SnapshotCopyGrantInfo,
  SnapshotCopyStatus,
  WarehouseRestoreInfo,
  WarehouseRestorePlan,
  WarehouseRestoreRequest,
} from './warehouse-restore';

/**
 * The backup port: table and whole-warehouse restores, snapshot deletion, recovery point conversion,
 * automated snapshot retention and cross-region snapshot copy, the same for a cluster and a
 * Serverless namespace. Pure types plus a lazy wrapper; the adapters are provisioned-restore.ts and
 * serverless-restore.ts, the whole-warehouse types are in warehouse-restore.ts.
 */

export type { RestoreSource };

export interface TableRestoreRequest {
  source: RestoreSource;
  sourceDatabase: string;
  sourceSchema: string;
  sourceTable: string;
  newTable: string;
  /** Default: the source database. */
  targetDatabase?: string;
  /** Default: the source schema. */
  targetSchema?: string;
}

/** AWS's five states; the same words for both services. */
export type TableRestoreState = 'PENDING' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'CANCELED';

export interface TableRestoreInfo {
  id: string;
  /** AWS's word upper-cased (CANCELLED folded into CANCELED); an unknown word is kept. */
  status: TableRestoreState | string;
  /** AWS's message: why it failed, or what it is doing. */
  message?: string;
  progressMb?: number;
  totalMb?: number;
}

export interface ConvertedSnapshot {
  name: string;
  status: string;
}

export interface Backups {
  /** RestoreTableFromClusterSnapshot, RestoreTableFromSnapshot or RestoreTableFromRecoveryPoint. */
  restoreTable(request: TableRestoreRequest): Promise<TableRestoreInfo>;
  /** DescribeTableRestoreStatus or GetTableRestoreStatus. */
  tableRestoreStatus(id: string): Promise<TableRestoreInfo>;
  /** DeleteClusterSnapshot or DeleteSnapshot (manual snapshots only; AWS refuses automated ones). */
  deleteSnapshot(name: string): Promise<void>;
  /** ConvertRecoveryPointToSnapshot (Serverless only). */
  convertRecoveryPoint(recoveryPointId: string, snapshotName: string, retentionDays: number | 'forever'): Promise<ConvertedSnapshot>;
  /** ModifyCluster AutomatedSnapshotRetentionPeriod (provisioned only); returns the new value. */
  setAutomatedRetention(days: number): Promise<number>;
  /**
   * What a whole-warehouse restore would do, read-only (for a preview): the source snapshot or
   * recovery point, the node type and count a new cluster launches with, whether its name is taken.
   */
  planRestore(request: WarehouseRestoreRequest): Promise<WarehouseRestorePlan>;
  /** RestoreFromClusterSnapshot into a new cluster, or RestoreFromSnapshot / RestoreFromRecoveryPoint into the namespace. */
  restoreWarehouse(request: WarehouseRestoreRequest): Promise<WarehouseRestoreInfo>;
  /** The restored cluster (by name) or the namespace and workgroup, read again: for following progress. */
  restoreStatus(name: string): Promise<WarehouseRestoreInfo>;
  /** Cross-region snapshot copy as it is now. */
  snapshotCopy(): Promise<SnapshotCopyStatus>;
  /** EnableSnapshotCopy or CreateSnapshotCopyConfiguration; `grantName` only for a KMS-encrypted cluster. */
  enableSnapshotCopy(region: string, retentionDays: number, options?: { grantName?: string }): Promise<SnapshotCopyStatus>;
  /**
   * ModifySnapshotCopyRetentionPeriod or UpdateSnapshotCopyConfiguration: the copy to `region`, or the
   * only one (a cluster has at most one; naming another Region is refused).
   */
  setSnapshotCopyRetention(retentionDays: number, region?: string): Promise<SnapshotCopyStatus>;
  /** DisableSnapshotCopy or DeleteSnapshotCopyConfiguration: the copy to `region`, else every one. */
  disableSnapshotCopy(region?: string): Promise<SnapshotCopyStatus>;
  /**
   * DescribeSnapshotCopyGrants in `region` (the copy's destination, where grants live): the grant, or
   * undefined when AWS says SnapshotCopyGrantNotFound. Provisioned only.
   */
  snapshotCopyGrant(region: string, name: string): Promise<SnapshotCopyGrantInfo | undefined>;
}

/** Normalises AWS's restore status word. */
export function restoreState(status: string | undefined): string {
  const word = (status ?? 'UNKNOWN').trim().toUpperCase();
  return word === 'CANCELLED' ? 'CANCELED' : word;
}

export function isFinished(status: string): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELED';
}

/** The same Backups, loading the real adapter (and the SDK) only on the first call. */
export function deferredBackups(load: () => Promise<Backups>): Backups {
  return {
    restoreTable: async (request) => (await load()).restoreTable(request),
    tableRestoreStatus: async (id) => (await load()).tableRestoreStatus(id),
    deleteSnapshot: async (name) => (await load()).deleteSnapshot(name),
    convertRecoveryPoint: async (id, name, retention) => (await load()).convertRecoveryPoint(id, name, retention),
    setAutomatedRetention: async (days) => (await load()).setAutomatedRetention(days),
    planRestore: async (request) => (await load()).planRestore(request),
    restoreWarehouse: async (request) => (await load()).restoreWarehouse(request),
    restoreStatus: async (name) => (await load()).restoreStatus(name),
    snapshotCopy: async () => (await load()).snapshotCopy(),
    enableSnapshotCopy: async (region, days, options) => (await load()).enableSnapshotCopy(region, days, options),
    setSnapshotCopyRetention: async (days, region) => (await load()).setSnapshotCopyRetention(days, region),
    disableSnapshotCopy: async (region) => (await load()).disableSnapshotCopy(region),
    snapshotCopyGrant: async (region, name) => (await load()).snapshotCopyGrant(region, name),
  };
}
