import type { Backups } from './restore';

/**
 * The warehouse port: what the features need from a target's control plane, the same for a
 * provisioned cluster (client-redshift) and a Serverless workgroup + namespace
 * (client-redshift-serverless). Pure types; the adapters live beside this file.
 */

export type WarehouseKind = 'provisioned' | 'serverless';

export interface WarehouseStatus {
  /** The chatops.yml target name. */
  target: string;
  kind: WarehouseKind;
  /** Cluster identifier, or `workgroup/namespace`. */
  identifier: string;
  /** AWS's own state word, as it came (an open string: `pausing` is not in the model's list). */
  state: string;
  /** True when the warehouse accepts queries and control-plane changes. */
  available: boolean;
  region?: string;
  // Provisioned
  nodeType?: string;
  nodes?: number;
  maintenanceWindow?: string;
  nextMaintenance?: Date;
  deferredMaintenance?: Array<{ id?: string; start?: Date; end?: Date }>;
  automatedSnapshotRetentionDays?: number;
  manualSnapshotRetentionDays?: number;
  /** Cross-region snapshot copy (both kinds); absent when off, or (Serverless) when it could not be read. */
  snapshotCopy?: { destinationRegion?: string; retentionDays?: number };
  /** Serverless: AWS refused to list the copy configurations, so an absent `snapshotCopy` says nothing. */
  snapshotCopyUnknown?: boolean;
  storageCapacityMb?: number;
  /** Provisioned: Cluster.KmsKeyId, the customer managed KMS key (absent for an AWS owned key); snapshot copy then needs a grant. */
  kmsKeyId?: string;
  // Serverless
  namespace?: string;
  baseRpu?: number;
  maxRpu?: number;
  /** Every snapshot copy configuration (a namespace may copy to several Regions); `snapshotCopy` is the first. */
  snapshotCopies?: Array<{ destinationRegion: string; retentionDays?: number }>;
}

export type SnapshotKind = 'manual' | 'automated' | 'recovery-point';

export interface SnapshotInfo {
  /** Snapshot identifier/name, or the recovery point id. */
  id: string;
  kind: SnapshotKind;
  /** Normalised: creating | available | failed | deleted | copying | final-snapshot, else AWS's word lower-cased. */
  status: string;
  createdAt?: Date;
  sizeMb?: number;
  /** -1 = kept until deleted. */
  retentionDays?: number;
  elapsedSeconds?: number;
  estimatedSecondsLeft?: number;
  /** The cluster, or the namespace, it belongs to. */
  source: string;
}

export interface SnapshotPage {
  snapshots: SnapshotInfo[];
  /** Pass back for the next page; absent at the end. */
  cursor?: string;
}

export interface Warehouse {
  readonly target: string;
  readonly kind: WarehouseKind;
  status(): Promise<WarehouseStatus>;
  /** `retentionDays`: 1–3653, or 'forever'. Returns the snapshot as AWS reports it (usually creating). */
  createSnapshot(name: string, retentionDays: number | 'forever'): Promise<SnapshotInfo>;
  getSnapshot(name: string): Promise<SnapshotInfo | undefined>;
  /** Manual and automated snapshots (provisioned) or snapshots and recovery points (Serverless), newest first. */
  listSnapshots(options?: { limit?: number; cursor?: string }): Promise<SnapshotPage>;
  /** Table restores, snapshot deletion, recovery point conversion, automated retention (restore.ts). */
  readonly backups: Backups;
}

/** The warehouse of each chatops.yml target, created on first use. */
export interface WarehouseDirectory {
  get(target: string): Warehouse;
}
