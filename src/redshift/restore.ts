/**
 * The backup port: table restores, snapshot deletion, recovery point conversion and automated
 * snapshot retention, the same for a cluster and a Serverless namespace. Pure types plus a lazy
 * wrapper; the adapters are provisioned-restore.ts and serverless-restore.ts.
 */

/** Where a table restore reads from: a snapshot (both kinds) or a Serverless recovery point. */
export type RestoreSource = { kind: 'snapshot'; id: string } | { kind: 'recovery-point'; id: string };

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
  };
}
