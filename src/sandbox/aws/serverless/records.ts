import type { Timings } from '../core';
import type { DatabaseImage, TableRestoreOutcome } from '../databases';

/**
 * The emulator's Serverless state. Records hold timestamps, never a stored status: the status is
 * computed from the clock when read, so advancing a ManualClock moves resources along.
 */

export type NamespaceStatus = 'AVAILABLE' | 'MODIFYING' | 'DELETING';
export type WorkgroupStatus = 'CREATING' | 'AVAILABLE' | 'MODIFYING' | 'DELETING';
export type SnapshotStatus = 'CREATING' | 'AVAILABLE' | 'FAILED' | 'DELETED';
export type TableRestoreState = 'PENDING' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'CANCELED';

export interface NamespaceRecord {
  id: string;
  name: string;
  dbName: string;
  adminUsername: string;
  createdAt: number;
  /** MODIFYING until then (a restore from a snapshot or recovery point, or a test hold). */
  busyUntil?: number;
  deletingAt?: number;
}

export interface WorkgroupRecord {
  id: string;
  name: string;
  namespaceName: string;
  baseCapacity: number;
  maxCapacity: number;
  createdAt: number;
  /** CREATING until then. */
  readyAt: number;
  /** MODIFYING until then (a capacity change, or a restore into its namespace). */
  busyUntil?: number;
  deletingAt?: number;
  publiclyAccessible: boolean;
  configParameters: Array<{ parameterKey: string; parameterValue: string }>;
}

export interface SnapshotRecord {
  id: string;
  name: string;
  namespaceName: string;
  namespaceId: string;
  adminUsername: string;
  createdAt: number;
  /** CREATING until then; the retention period starts here. */
  readyAt: number;
  /** -1 keeps it until deleted. */
  retentionDays: number;
  image: DatabaseImage;
  sizeMb: number;
  /** Set when the test hook made this snapshot fail. */
  failure?: string;
  deletedAt?: number;
}

export interface RecoveryPointRecord {
  id: string;
  namespaceName: string;
  namespaceId: string;
  createdAt: number;
  image: DatabaseImage;
  sizeMb: number;
}

export interface TableRestoreRecord {
  id: string;
  namespaceName: string;
  workgroupName: string;
  snapshotName?: string;
  recoveryPointId?: string;
  sourceDatabaseName: string;
  sourceSchemaName: string;
  sourceTableName: string;
  targetDatabaseName: string;
  targetSchemaName: string;
  newTableName: string;
  requestedAt: number;
  image: DatabaseImage;
  /** Set by the test hook: the restore fails with this message instead of copying. */
  forcedFailure?: string;
  outcome?: TableRestoreOutcome;
}

/** A namespace's cross-Region snapshot copy (CreateSnapshotCopyConfiguration). */
export interface SnapshotCopyConfigurationRecord {
  id: string;
  arn: string;
  namespaceName: string;
  destinationRegion: string;
  /** Days the copies are kept in the destination Region; -1 keeps them until deleted. */
  retentionDays: number;
  destinationKmsKeyId?: string;
  createdAt: number;
}

export interface UsageLimitRecord {
  id: string;
  arn: string;
  resourceArn: string;
  usageType: string;
  amount: number;
  period: string;
  breachAction: string;
}

/** `undefined` means the namespace is gone. */
export function namespaceStatus(ns: NamespaceRecord, now: number, timings: Timings): NamespaceStatus | undefined {
  if (ns.deletingAt !== undefined) return now < ns.deletingAt + timings.namespaceDeleteMs ? 'DELETING' : undefined;
  if (ns.busyUntil !== undefined && now < ns.busyUntil) return 'MODIFYING';
  return 'AVAILABLE';
}

export function workgroupStatus(wg: WorkgroupRecord, now: number, timings: Timings): WorkgroupStatus | undefined {
  if (wg.deletingAt !== undefined) return now < wg.deletingAt + timings.workgroupDeleteMs ? 'DELETING' : undefined;
  if (now < wg.readyAt) return 'CREATING';
  if (wg.busyUntil !== undefined && now < wg.busyUntil) return 'MODIFYING';
  return 'AVAILABLE';
}

const DAY_MS = 86_400_000;

/** When a manual snapshot's retention runs out, if it has one. */
export function snapshotExpiresAt(snap: SnapshotRecord): number | undefined {
  return snap.retentionDays === -1 ? undefined : snap.readyAt + snap.retentionDays * DAY_MS;
}

export function snapshotStatus(snap: SnapshotRecord, now: number, timings: Timings): SnapshotStatus | undefined {
  if (snap.deletedAt !== undefined) return now < snap.deletedAt + timings.snapshotDeleteMs ? 'DELETED' : undefined;
  const expiresAt = snapshotExpiresAt(snap);
  if (expiresAt !== undefined && now >= expiresAt) return undefined;
  if (now < snap.readyAt) return 'CREATING';
  return snap.failure === undefined ? 'AVAILABLE' : 'FAILED';
}

export function snapshotRemainingDays(snap: SnapshotRecord, now: number): number {
  const expiresAt = snapshotExpiresAt(snap);
  if (expiresAt === undefined) return -1;
  return Math.max(0, Math.ceil((expiresAt - Math.max(now, snap.readyAt)) / DAY_MS));
}

/** Recovery points live 24 hours. */
export const RECOVERY_POINT_LIFETIME_MS = 24 * 3_600_000;

export function recoveryPointVisible(point: RecoveryPointRecord, now: number): boolean {
  return point.createdAt > now - RECOVERY_POINT_LIFETIME_MS && point.createdAt <= now;
}

/** A restore waits in PENDING for the first fifth of its time, then copies until tableRestoreMs is up. */
function tableRestorePendingUntil(restore: TableRestoreRecord, timings: Timings): number {
  return restore.requestedAt + Math.floor(timings.tableRestoreMs / 5);
}

export function tableRestoreDueAt(restore: TableRestoreRecord, timings: Timings): number {
  return restore.requestedAt + timings.tableRestoreMs;
}

export function tableRestoreState(restore: TableRestoreRecord, now: number, timings: Timings): TableRestoreState {
  if (restore.outcome) return restore.outcome.status;
  // `<=` so a restore is PENDING when requested even with tableRestoreMs 0.
  return now <= tableRestorePendingUntil(restore, timings) ? 'PENDING' : 'IN_PROGRESS';
}

export function megabytesOf(image: DatabaseImage): number {
  return Math.max(1, Math.ceil(image.data.size / 1_048_576));
}
