import {
  CreateClusterSnapshotCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
  paginateDescribeClusterSnapshots,
  waitUntilSnapshotAvailable,
  type Cluster,
  type DescribeClusterSnapshotsMessage,
  type RedshiftClient,
  type Snapshot,
} from '@aws-sdk/client-redshift';
import type { ProvisionedTarget } from '../config/targets';
import { AwsOperationError, awsCall, explainingLookup, toAwsOperationError } from './errors';
import { decodeCursor, encodeCursor, invalidCursor, normalizeSnapshotStatus, pageSize, retentionValue } from './paging';
import { ProvisionedBackups } from './provisioned-restore';
import type { Backups } from './restore';
import type { SnapshotInfo, SnapshotPage, Warehouse, WarehouseStatus } from './warehouse';

/** DescribeClusterSnapshots takes 20–100 records per call. */
const MIN_RECORDS = 20;
const MAX_RECORDS = 100;
const NEWEST_FIRST = [{ Attribute: 'CREATE_TIME' as const, SortOrder: 'DESC' as const }];

export interface SnapshotWaitOptions {
  maxWaitSeconds: number;
  /** Polling delays; the SDK's defaults for this waiter are 15 s and 120 s. */
  minDelaySeconds?: number;
  maxDelaySeconds?: number;
  abortSignal?: AbortSignal;
}

/** The snapshot did not become available: it failed or was deleted, the wait timed out, or was aborted. */
export class SnapshotWaitError extends Error {
  constructor(
    readonly snapshot: string,
    readonly reason: 'failed' | 'timeout' | 'aborted',
    readonly lastStatus?: string,
  ) {
    super(
      reason === 'timeout'
        ? `Snapshot ${snapshot} is still ${lastStatus ?? 'not available'}; stopped waiting for it`
        : reason === 'aborted'
          ? `Stopped waiting for snapshot ${snapshot}`
          : `Snapshot ${snapshot} did not become available: it is ${lastStatus ?? 'failed or deleted'}`,
    );
    this.name = 'SnapshotWaitError';
  }

  userMessage(): string {
    return this.message;
  }
}

/** A provisioned cluster through client-redshift. */
export class ProvisionedWarehouse implements Warehouse {
  readonly kind = 'provisioned' as const;
  readonly backups: Backups;
  private readonly cluster: string;

  constructor(
    readonly target: string,
    private readonly config: ProvisionedTarget,
    private readonly client: RedshiftClient,
    /** Clients of other Regions (snapshot copy grants live in the copy's destination). */
    regionClient?: (region: string) => RedshiftClient,
  ) {
    this.cluster = config.cluster;
    this.backups = new ProvisionedBackups(config.cluster, client, regionClient);
  }

  async status(): Promise<WarehouseStatus> {
    const cluster = await this.describeCluster();
    const copy = cluster.ClusterSnapshotCopyStatus;
    return {
      target: this.target,
      kind: 'provisioned',
      identifier: this.cluster,
      state: cluster.ClusterStatus ?? 'unknown',
      available: cluster.ClusterStatus === 'available',
      region: this.config.region ?? (await this.client.config.region()),
      nodeType: cluster.NodeType,
      nodes: cluster.NumberOfNodes,
      maintenanceWindow: cluster.PreferredMaintenanceWindow,
      nextMaintenance: cluster.NextMaintenanceWindowStartTime,
      deferredMaintenance: cluster.DeferredMaintenanceWindows?.map((window) => ({
        id: window.DeferMaintenanceIdentifier,
        start: window.DeferMaintenanceStartTime,
        end: window.DeferMaintenanceEndTime,
      })),
      automatedSnapshotRetentionDays: cluster.AutomatedSnapshotRetentionPeriod,
      manualSnapshotRetentionDays: cluster.ManualSnapshotRetentionPeriod,
      snapshotCopy: copy ? { destinationRegion: copy.DestinationRegion, retentionDays: copy.RetentionPeriod } : undefined,
      storageCapacityMb: cluster.TotalStorageCapacityInMegaBytes,
      kmsKeyId: cluster.KmsKeyId,
    };
  }

  async createSnapshot(name: string, retentionDays: number | 'forever'): Promise<SnapshotInfo> {
    const retention = retentionValue(retentionDays);
    try {
      const output = await this.client.send(
        new CreateClusterSnapshotCommand({
          ClusterIdentifier: this.cluster,
          SnapshotIdentifier: name,
          ManualSnapshotRetentionPeriod: retention,
        }),
      );
      return this.snapshotInfo(output.Snapshot ?? { SnapshotIdentifier: name, Status: 'creating', SnapshotType: 'manual' });
    } catch (raw) {
      const error = toAwsOperationError(raw, 'CreateClusterSnapshot', { resource: `cluster ${this.cluster}` });
      // An SDK retry after a lost response finds our own snapshot; that is success, not a clash.
      if (error.fault === 'ClusterSnapshotAlreadyExists' && (error.attempts ?? 1) > 1) {
        // getSnapshot answers "no such snapshot" (ClusterSnapshotNotFound) with undefined itself.
        const mine = await explainingLookup(() => this.getSnapshot(name));
        if (mine && mine.kind === 'manual') return mine;
      }
      if (error.fault === 'InvalidClusterState') throw await this.withState(error);
      throw error;
    }
  }

  async getSnapshot(name: string): Promise<SnapshotInfo | undefined> {
    try {
      const output = await this.client.send(
        new DescribeClusterSnapshotsCommand({ ClusterIdentifier: this.cluster, SnapshotIdentifier: name }),
      );
      const snapshot = output.Snapshots?.find((s) => s.SnapshotIdentifier === name);
      return snapshot ? this.snapshotInfo(snapshot) : undefined;
    } catch (raw) {
      const error = toAwsOperationError(raw, 'DescribeClusterSnapshots', { resource: `cluster ${this.cluster}` });
      if (error.fault === 'ClusterSnapshotNotFound') return undefined;
      throw error;
    }
  }

  /**
   * One page, newest first, manual and automated. The cursor holds AWS's Marker plus how many of
   * that page were already returned, because MaxRecords cannot go below 20 but `limit` can.
   */
  async listSnapshots(options: { limit?: number; cursor?: string } = {}): Promise<SnapshotPage> {
    const want = pageSize(options.limit);
    let { marker, skip } = options.cursor ? readCursor(options.cursor) : { marker: undefined, skip: 0 };
    const snapshots: SnapshotInfo[] = [];
    while (snapshots.length < want) {
      const remaining = want - snapshots.length;
      const output = await awsCall(
        'DescribeClusterSnapshots',
        () =>
          this.client.send(
            new DescribeClusterSnapshotsCommand({
              ...this.listInput(),
              MaxRecords: Math.min(MAX_RECORDS, Math.max(MIN_RECORDS, skip + remaining)),
              Marker: marker,
            }),
          ),
        { resource: `cluster ${this.cluster}` },
      );
      const rest = (output.Snapshots ?? []).slice(skip);
      const taken = rest.slice(0, remaining);
      snapshots.push(...taken.map((s) => this.snapshotInfo(s)));
      if (taken.length < rest.length) return { snapshots, cursor: writeCursor(marker, skip + taken.length) };
      if (!output.Marker) return { snapshots };
      marker = output.Marker;
      skip = 0;
    }
    return { snapshots, cursor: writeCursor(marker, 0) };
  }

  /** Every snapshot of the cluster, newest first, through the SDK paginator. */
  async allSnapshots(options: { type?: 'manual' | 'automated' } = {}): Promise<SnapshotInfo[]> {
    const snapshots: SnapshotInfo[] = [];
    try {
      const pages = paginateDescribeClusterSnapshots(
        { client: this.client, pageSize: MAX_RECORDS },
        { ...this.listInput(), SnapshotType: options.type },
      );
      for await (const page of pages) snapshots.push(...(page.Snapshots ?? []).map((s) => this.snapshotInfo(s)));
    } catch (error) {
      throw toAwsOperationError(error, 'DescribeClusterSnapshots', { resource: `cluster ${this.cluster}` });
    }
    return snapshots;
  }

  /** Waits with the SDK's SnapshotAvailable waiter; fails fast when the snapshot fails or is deleted. */
  async waitForSnapshot(name: string, options: SnapshotWaitOptions): Promise<SnapshotInfo> {
    try {
      // Only defined keys: the waiter spreads these over its defaults, so an undefined would erase one.
      await waitUntilSnapshotAvailable(
        {
          client: this.client,
          maxWaitTime: options.maxWaitSeconds,
          ...(options.minDelaySeconds !== undefined && { minDelay: options.minDelaySeconds }),
          ...(options.maxDelaySeconds !== undefined && { maxDelay: options.maxDelaySeconds }),
          ...(options.abortSignal !== undefined && { abortSignal: options.abortSignal }),
        },
        { ClusterIdentifier: this.cluster, SnapshotIdentifier: name },
      );
    } catch (error) {
      // The snapshot's last status, only to say why the wait ended; the wait's failure is the error either way.
      const last = await explainingLookup(() => this.getSnapshot(name));
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? 'timeout'
          : error instanceof Error && error.name === 'AbortError'
            ? 'aborted'
            : 'failed';
      throw new SnapshotWaitError(name, reason, last?.status ?? (reason === 'failed' ? undefined : 'not found'));
    }
    // The waiter's own result is untyped; one more describe gives the snapshot as a typed value.
    const found = await this.getSnapshot(name);
    if (!found) throw new SnapshotWaitError(name, 'failed', 'not found');
    return found;
  }

  private listInput(): DescribeClusterSnapshotsMessage {
    return { ClusterIdentifier: this.cluster, SortingEntities: NEWEST_FIRST };
  }

  private async describeCluster(): Promise<Cluster> {
    const output = await awsCall(
      'DescribeClusters',
      () => this.client.send(new DescribeClustersCommand({ ClusterIdentifier: this.cluster })),
      {
        resource: `cluster ${this.cluster}`,
      },
    );
    const cluster = output.Clusters?.find((c) => c.ClusterIdentifier === this.cluster);
    if (!cluster) {
      throw new AwsOperationError({
        fault: 'ClusterNotFound',
        operation: 'DescribeClusters',
        status: 404,
        retryable: false,
        awsMessage: `Cluster ${this.cluster} not found.`,
        context: { resource: `cluster ${this.cluster}` },
      });
    }
    return cluster;
  }

  /** Adds the cluster's current state to an "invalid state" fault, so the user sees why. */
  private async withState(error: AwsOperationError): Promise<AwsOperationError> {
    const state = (await explainingLookup(() => this.describeCluster()))?.ClusterStatus;
    return state ? error.withContext({ state }) : error;
  }

  private snapshotInfo(snapshot: Snapshot): SnapshotInfo {
    const automated = snapshot.SnapshotType === 'automated';
    return {
      id: snapshot.SnapshotIdentifier ?? '',
      kind: automated ? 'automated' : 'manual',
      status: normalizeSnapshotStatus(snapshot.Status),
      createdAt: snapshot.SnapshotCreateTime,
      sizeMb: snapshot.TotalBackupSizeInMegaBytes,
      // Automated snapshots follow the cluster's AutomatedSnapshotRetentionPeriod, not their own.
      retentionDays: automated ? undefined : snapshot.ManualSnapshotRetentionPeriod,
      elapsedSeconds: snapshot.ElapsedTimeInSeconds,
      estimatedSecondsLeft: snapshot.EstimatedSecondsToCompletion,
      source: snapshot.ClusterIdentifier ?? this.cluster,
    };
  }
}

function writeCursor(marker: string | undefined, skip: number): string {
  return encodeCursor(marker === undefined ? { k: 'provisioned', s: skip } : { k: 'provisioned', m: marker, s: skip });
}

function readCursor(cursor: string): { marker: string | undefined; skip: number } {
  const value = decodeCursor(cursor);
  const { k, m, s } = value;
  if (
    k === 'provisioned' &&
    (m === undefined || typeof m === 'string') &&
    typeof s === 'number' &&
    Number.isInteger(s) &&
    s >= 0 &&
    s < MAX_RECORDS
  ) {
    return { marker: m, skip: s };
  }
  throw invalidCursor();
}
