import { WarehouseRequestError } from './errors';
import type { RestoreSource } from './restore-source';

/**
 * Whole-warehouse restores and cross-region snapshot copy: the types the backup port speaks, and the
 * pure checks and mappings both adapters share. No SDK here.
 */

/**
 * Provisioned: a snapshot of the target's cluster restored into a NEW cluster (the old one is left as
 * it is). Serverless: a snapshot or recovery point restored into the target's own namespace (its
 * data is replaced), through the target's workgroup.
 */
export type WarehouseRestoreRequest =
  | { kind: 'new-cluster'; snapshot: string; newCluster: string; nodeType?: string; nodes?: number }
  | { kind: 'namespace'; source: RestoreSource };

export interface RestoreEndpoint {
  address: string;
  port?: number;
}

/** Cluster.RestoreStatus: how far AWS has loaded the snapshot into the new cluster. */
export interface ClusterRestoreProgress {
  /** AWS's word lower-cased: starting | restoring | completed | failed. */
  status?: string;
  progressMb?: number;
  snapshotSizeMb?: number;
  mbPerSecond?: number;
  elapsedSeconds?: number;
  estimatedSecondsLeft?: number;
}

interface RestoreInfoBase {
  /** AWS's state word as it came (a cluster's `creating`, a namespace's `RESTORING`…). */
  state: string;
  /** True once the warehouse accepts queries: the restore is done. */
  available: boolean;
  /** Shown once AWS reports it (a new cluster has none while it is created). */
  endpoint?: RestoreEndpoint;
}

export interface ClusterRestoreInfo extends RestoreInfoBase {
  kind: 'new-cluster';
  cluster: string;
  nodeType?: string;
  nodes?: number;
  progress?: ClusterRestoreProgress;
}

export interface NamespaceRestoreInfo extends RestoreInfoBase {
  kind: 'namespace';
  namespace: string;
  workgroup: string;
  /** The snapshot the namespace was restored from, when AWS says so (RestoreFromSnapshot's snapshotName). */
  snapshot?: string;
}

export type WarehouseRestoreInfo = ClusterRestoreInfo | NamespaceRestoreInfo;

/** What a restore would read from, as AWS describes it now. */
export interface RestoreSourceInfo {
  kind: 'snapshot' | 'recovery-point';
  id: string;
  /** Normalised snapshot status (available, creating…); recovery points are always restorable. */
  status: string;
  createdAt?: Date;
  sizeMb?: number;
  /** The cluster or namespace it was taken of. */
  takenOf?: string;
}

export type WarehouseRestorePlan =
  | {
      kind: 'new-cluster';
      source: RestoreSourceInfo;
      newCluster: string;
      /** The request's node type, else the snapshot's (what the new cluster launches with). */
      nodeType?: string;
      nodes?: number;
      /** A cluster of that name exists already: the restore would fail. */
      nameTaken: boolean;
    }
  | { kind: 'namespace'; source: RestoreSourceInfo; namespace: string; workgroup: string };

/** One destination of cross-region snapshot copy. */
export interface SnapshotCopyDestination {
  region: string;
  /** Provisioned: days copied automated snapshots are kept; Serverless: days copied snapshots are kept. */
  retentionDays?: number;
  /** Provisioned: days copied manual snapshots are kept, -1 for until deleted. */
  manualRetentionDays?: number;
  /** Provisioned: the snapshot copy grant for a KMS-encrypted cluster. */
  grantName?: string;
  /** Serverless: the configuration's id, which Update and Delete take. */
  configurationId?: string;
}

/** A snapshot copy grant as DescribeSnapshotCopyGrants reports it, in the Region it lives in. */
export interface SnapshotCopyGrantInfo {
  name: string;
  region: string;
  kmsKeyId?: string;
}

export interface SnapshotCopyStatus {
  kind: 'provisioned' | 'serverless';
  /** Empty when copy is off. A cluster has at most one; a namespace may have several. */
  destinations: SnapshotCopyDestination[];
}

/** EnableSnapshotCopy's RetentionPeriod: copied automated snapshots are kept 1 to 35 days. */
export const MIN_COPY_RETENTION = 1;
export const MAX_COPY_RETENTION = 35;

/** An AWS Region code, e.g. us-west-2, eu-central-1, us-gov-west-1. */
const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Refuses a destination that is not a Region code, or is the warehouse's own Region, before any call. */
export function checkCopyRegion(region: string, sourceRegion: string | undefined): string {
  const wanted = region.trim().toLowerCase();
  if (!REGION_CODE.test(wanted)) {
    throw new WarehouseRequestError(`${region} is not an AWS Region code; name one like us-west-2`);
  }
  if (sourceRegion !== undefined && wanted === sourceRegion.toLowerCase()) {
    throw new WarehouseRequestError(`Snapshots cannot be copied to ${wanted}: that is the warehouse's own Region; pick another Region`);
  }
  return wanted;
}

/** Provisioned copied automated snapshots: 1–35 days, as EnableSnapshotCopy and ModifySnapshotCopyRetentionPeriod document. */
export function checkClusterCopyRetention(days: number): number {
  if (!Number.isInteger(days) || days < MIN_COPY_RETENTION || days > MAX_COPY_RETENTION) {
    throw new WarehouseRequestError(
      `Copied automated snapshots can be kept ${MIN_COPY_RETENTION} to ${MAX_COPY_RETENTION} days, not ${String(days)}`,
    );
  }
  return days;
}

/**
 * Serverless snapshotRetentionPeriod: the reference gives no range, so only a whole number of days of
 * at least 1 is checked here and AWS decides the rest.
 */
export function checkNamespaceCopyRetention(days: number): number {
  if (!Number.isInteger(days) || days < 1) {
    throw new WarehouseRequestError(`Copied snapshots must be kept a whole number of days (1 or more), not ${String(days)}`);
  }
  return days;
}

/** Cluster identifiers: 1–63 lower-case letters, digits and hyphens, starting with a letter, no `--`, not ending in `-`. */
export function checkClusterName(name: string): string {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(name) || name.includes('--') || name.endsWith('-')) {
    throw new WarehouseRequestError(
      `${name} cannot name a cluster: use 1 to 63 lower-case letters, digits and hyphens, starting with a letter, without two hyphens in a row or one at the end`,
    );
  }
  return name;
}

export function checkNodeCount(nodes: number | undefined): number | undefined {
  if (nodes !== undefined && (!Number.isInteger(nodes) || nodes < 1)) {
    throw new WarehouseRequestError(`A cluster needs a whole number of nodes (1 or more), not ${String(nodes)}`);
  }
  return nodes;
}

/** Cluster.RestoreStatus.Status lower-cased; the values the reference lists are starting, restoring, completed, failed. */
export function restoreProgressState(status: string | undefined): string | undefined {
  return status === undefined ? undefined : status.trim().toLowerCase();
}
