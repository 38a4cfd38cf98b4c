import type { MaintenanceWindow } from './maintenance';
import type { DatabaseImage, TableRestoreEnd, TableRestoreOutcome, TableRestoreSpec } from '../databases';

/**
 * The emulator's Redshift records. Statuses are not stored as they change: a record keeps the
 * times its transitions end, and the status is computed from the clock when read.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A transitional cluster status that lasts until `until` (ms since the epoch). */
export interface Phase {
  status: 'creating' | 'pausing' | 'resuming' | 'modifying' | 'final-snapshot' | 'deleting';
  until: number;
}

export interface DeferredWindow {
  identifier: string;
  start: number;
  end: number;
}

export interface SnapshotCopy {
  destinationRegion: string;
  retentionPeriod: number;
  manualRetentionPeriod: number;
  grantName?: string;
}

/** A cluster made by RestoreFromClusterSnapshot: what DescribeClusters shows in RestoreStatus. */
export interface ClusterRestore {
  snapshotIdentifier: string;
  snapshotMegabytes: number;
  startedAt: number;
  /** When the restore completes (the end of the `creating` phase). */
  until: number;
}

/** A resource tag (the Query protocol's Tag: Key and Value). */
export interface Tag {
  key: string;
  value: string;
}

export interface ClusterRecord {
  identifier: string;
  nodeType: string;
  numberOfNodes: number;
  dbName: string;
  masterUsername: string;
  createdAt: number;
  automatedRetentionDays: number;
  manualRetentionDays: number;
  maintenanceWindowText: string;
  maintenanceWindow: MaintenanceWindow;
  deferredWindows: DeferredWindow[];
  snapshotCopy?: SnapshotCopy;
  /** Transitions still running or run, in order; the status after the last one is `settled`. */
  phases: Phase[];
  settled: 'available' | 'paused' | 'deleted';
  lastAutomatedSnapshotAt: number;
  namespaceId: string;
  availabilityZone: string;
  /** Absent in records saved before tags were kept: no tags. */
  tags?: Tag[];
  /** Encrypted at rest; absent in records saved before it was kept: encrypted (with an AWS owned key), as shown before. */
  encrypted?: boolean;
  /** The customer managed KMS key it is encrypted with; absent when none (unencrypted or an AWS owned key). */
  kmsKeyId?: string;
  /** Set on a cluster restored from a snapshot (DescribeClusters' RestoreStatus is null otherwise). */
  restore?: ClusterRestore;
}

export function clusterStatus(cluster: ClusterRecord, now: number): string {
  for (const phase of cluster.phases) if (now < phase.until) return phase.status;
  return cluster.settled;
}

export function availabilityStatus(status: string): string {
  if (status === 'available') return 'Available';
  if (status === 'modifying' || status === 'pausing' || status === 'resuming') return 'Modifying';
  return 'Unavailable';
}

/**
 * A database image being taken. The promise never rejects (a failure is kept as an Error), so it
 * can be shared by several snapshots and awaited later without unhandled rejections.
 */
export class ImageSlot {
  image?: DatabaseImage;
  error?: string;
  readonly result: Promise<DatabaseImage | Error>;

  constructor(taking: Promise<DatabaseImage>) {
    this.result = taking.then(
      (image) => (this.image = image),
      (cause: unknown) => {
        const error = cause instanceof Error ? cause : new Error(String(cause));
        this.error = error.message;
        return error;
      },
    );
  }

  /** Size in MB as Redshift reports backup sizes (a double); 0 until the image is taken. */
  megabytes(): number {
    const bytes = this.image?.data.size ?? 0;
    return bytes === 0 ? 0 : Math.max(0.1, Math.round((bytes / (1024 * 1024)) * 10) / 10);
  }
}

export interface SnapshotRecord {
  identifier: string;
  clusterIdentifier: string;
  type: 'manual' | 'automated';
  createdAt: number;
  readyAt: number;
  /** Status while it is being made: `creating`, or `final snapshot` for a cluster's final snapshot. */
  pendingStatus: 'creating' | 'final snapshot';
  /** Set when a fault makes the snapshot end `failed`. */
  failure?: string;
  /** Manual snapshots only: -1 keeps it forever. */
  manualRetentionDays?: number;
  retentionStart: number;
  /** The source cluster's settings as the snapshot keeps them; the optional ones are absent in older saved records. */
  cluster: Pick<ClusterRecord, 'nodeType' | 'numberOfNodes' | 'dbName' | 'masterUsername' | 'createdAt' | 'availabilityZone'> &
    Partial<Pick<ClusterRecord, 'automatedRetentionDays' | 'manualRetentionDays' | 'maintenanceWindowText' | 'encrypted' | 'kmsKeyId'>>;
  image: ImageSlot;
  /** The Tags given to CreateClusterSnapshot; automated snapshots have none. */
  tags?: Tag[];
}

/** What a snapshot keeps of the cluster it is taken of: a restore's defaults. */
export function snapshotSource(cluster: ClusterRecord): SnapshotRecord['cluster'] {
  return {
    nodeType: cluster.nodeType,
    numberOfNodes: cluster.numberOfNodes,
    dbName: cluster.dbName,
    masterUsername: cluster.masterUsername,
    createdAt: cluster.createdAt,
    availabilityZone: cluster.availabilityZone,
    automatedRetentionDays: cluster.automatedRetentionDays,
    manualRetentionDays: cluster.manualRetentionDays,
    maintenanceWindowText: cluster.maintenanceWindowText,
    encrypted: cluster.encrypted ?? true,
    kmsKeyId: cluster.kmsKeyId,
  };
}

export function snapshotStatus(snapshot: SnapshotRecord, now: number): string {
  if (now < snapshot.readyAt) return snapshot.pendingStatus;
  return snapshot.failure !== undefined || snapshot.image.error !== undefined ? 'failed' : 'available';
}

export interface TableRestoreRecord {
  id: string;
  clusterIdentifier: string;
  snapshotIdentifier: string;
  /** The names as requested (shown in the status). */
  requested: TableRestoreSpec;
  /** The names as the database sees them (folded to lower case unless case sensitive). */
  target: TableRestoreSpec;
  requestedAt: number;
  startsAt: number;
  endsAt: number;
  image: ImageSlot;
  /** Set by the test hook: how this restore ends instead of copying the table. */
  injectedFailure?: TableRestoreEnd;
  outcome?: TableRestoreOutcome;
  completing?: Promise<void>;
}

export function restoreStatus(restore: TableRestoreRecord, now: number): string {
  if (restore.outcome) return restore.outcome.status;
  return now < restore.startsAt ? 'PENDING' : 'IN_PROGRESS';
}
