import type { EmulatorContext } from '../core';
import type { TableRestoreEnd } from '../databases';
import { CopyGrants } from './copy-grants';
import { faults } from './faults';
import { clusterRecord, type ClusterSpec } from './cluster-spec';
import {
  clusterStatus,
  DAY_MS,
  ImageSlot,
  snapshotSource,
  snapshotStatus,
  type ClusterRecord,
  type SnapshotRecord,
  type TableRestoreRecord,
} from './model';
import { clusterKey, type ClusterDatabases } from './ports';

export interface RedshiftLimits {
  /** Manual snapshots per account (AWS's default quota is 20). */
  manualSnapshotQuota: number;
  /** How often an available cluster takes an automated snapshot (AWS: about every 8 hours). */
  automatedSnapshotIntervalMs: number;
  /** Nodes across the account's clusters in the region (the Management Guide's quota: 200). */
  nodeQuota: number;
}

export const defaultRedshiftLimits: RedshiftLimits = {
  manualSnapshotQuota: 20,
  automatedSnapshotIntervalMs: 8 * 60 * 60 * 1000,
  nodeQuota: 200,
};

export interface NewSnapshot {
  identifier: string;
  type: 'manual' | 'automated';
  pendingStatus?: 'creating' | 'final snapshot';
  manualRetentionDays?: number;
  createdAt?: number;
  /** Share an image already taken (the seed's automated snapshots); otherwise one is taken now. */
  image?: ImageSlot;
}

/**
 * The provisioned Redshift state: clusters, snapshots and table restores. Statuses are computed
 * from the clock; `settle()` performs what the clock has made due (deletions, expiries, automated
 * snapshots, finished restores) and runs before every request.
 */
export class RedshiftState {
  readonly clusters = new Map<string, ClusterRecord>();
  readonly snapshots = new Map<string, SnapshotRecord>();
  readonly restores = new Map<string, TableRestoreRecord>();
  /** Snapshot copy grants, per Region. */
  readonly copyGrants = new CopyGrants();
  private readonly snapshotFailures: string[] = [];
  private readonly restoreFailures: TableRestoreEnd[] = [];
  private readonly drops = new Map<string, Promise<void>>();
  private readonly generating = new Set<string>();

  constructor(
    readonly context: EmulatorContext,
    readonly databases: ClusterDatabases,
    readonly limits: RedshiftLimits = defaultRedshiftLimits,
  ) {}

  now(): number {
    return this.context.clock.now();
  }

  /** The Data API's directory, provisioned half: the database key and status of a live cluster. */
  cluster(id: string): { key: string; status: string } | undefined {
    const record = this.findCluster(id);
    return record ? { key: clusterKey(record.identifier), status: this.status(record) } : undefined;
  }

  /** A cluster that exists now (a finished deletion hides it even before `settle()`). */
  findCluster(id: string): ClusterRecord | undefined {
    const record = this.clusters.get(id.toLowerCase());
    return record && this.status(record) !== 'deleted' ? record : undefined;
  }

  requireCluster(id: string): ClusterRecord {
    const record = this.findCluster(id);
    if (!record) throw faults.clusterNotFound(id);
    return record;
  }

  liveClusters(): ClusterRecord[] {
    return [...this.clusters.values()].filter((c) => this.status(c) !== 'deleted');
  }

  status(cluster: ClusterRecord): string {
    return clusterStatus(cluster, this.now());
  }

  requireSnapshot(id: string): SnapshotRecord {
    const snapshot = this.snapshots.get(id);
    if (!snapshot) throw faults.snapshotNotFound(id);
    return snapshot;
  }

  snapshotStatus(snapshot: SnapshotRecord): string {
    return snapshotStatus(snapshot, this.now());
  }

  manualSnapshotCount(): number {
    return [...this.snapshots.values()].filter((s) => s.type === 'manual').length;
  }

  /** Test hook: the next snapshot started ends `failed` instead of `available`. */
  failNextSnapshot(reason = 'Snapshot failed (injected fault)'): void {
    this.snapshotFailures.push(reason);
  }

  /** Test hook: the next table restore requested ends FAILED (or CANCELED) with this message. */
  failNextTableRestore(message = 'Table restore failed (injected fault).', status: TableRestoreEnd['status'] = 'FAILED'): void {
    this.restoreFailures.push({ status, message });
  }

  takeRestoreFailure(): TableRestoreEnd | undefined {
    return this.restoreFailures.shift();
  }

  /** Adds a cluster and creates its database (the seed, and tests needing more clusters). */
  async addCluster(spec: ClusterSpec): Promise<ClusterRecord> {
    const record = this.newCluster(spec);
    if (this.clusters.has(record.identifier)) throw new Error(`Cluster ${record.identifier} already exists`);
    this.clusters.set(record.identifier, record);
    await this.databases.create(clusterKey(record.identifier));
    return record;
  }

  /** A cluster record, available, not yet added. */
  newCluster(spec: ClusterSpec): ClusterRecord {
    return clusterRecord(spec, this.now(), this.context.region);
  }

  /** Starts taking an image of the cluster's database as it is now. */
  takeImage(cluster: ClusterRecord): ImageSlot {
    return new ImageSlot(this.databases.image(clusterKey(cluster.identifier)));
  }

  /** Registers a snapshot (status `creating` until timings.snapshotCreateMs has passed). */
  startSnapshot(cluster: ClusterRecord, spec: NewSnapshot): SnapshotRecord {
    const createdAt = spec.createdAt ?? this.now();
    const snapshot: SnapshotRecord = {
      identifier: spec.identifier,
      clusterIdentifier: cluster.identifier,
      type: spec.type,
      createdAt,
      readyAt: createdAt + this.context.timings.snapshotCreateMs,
      pendingStatus: spec.pendingStatus ?? 'creating',
      failure: this.snapshotFailures.shift(),
      manualRetentionDays: spec.type === 'manual' ? (spec.manualRetentionDays ?? cluster.manualRetentionDays) : undefined,
      retentionStart: createdAt,
      cluster: snapshotSource(cluster),
      image: spec.image ?? this.takeImage(cluster),
    };
    this.snapshots.set(snapshot.identifier, snapshot);
    return snapshot;
  }

  /** An automated snapshot, named as AWS names them: `rs:<cluster>-YYYY-MM-DD-HH-mm-ss`. */
  startAutomatedSnapshot(cluster: ClusterRecord, createdAt: number, image?: ImageSlot): SnapshotRecord {
    const stamp = new Date(createdAt).toISOString().slice(0, 19).replace(/[T:]/g, '-');
    let identifier = `rs:${cluster.identifier}-${stamp}`;
    for (let n = 2; this.snapshots.has(identifier); n += 1) identifier = `rs:${cluster.identifier}-${stamp}-${n}`;
    cluster.lastAutomatedSnapshotAt = Math.max(cluster.lastAutomatedSnapshotAt, createdAt);
    return this.startSnapshot(cluster, { identifier, type: 'automated', createdAt, image });
  }

  /** Deletes a cluster's automated snapshots older than its retention (all when retention is 0). */
  expireAutomatedSnapshots(cluster: ClusterRecord): void {
    const cutoff = this.now() - cluster.automatedRetentionDays * DAY_MS;
    for (const snapshot of [...this.snapshots.values()]) {
      if (snapshot.type !== 'automated' || snapshot.clusterIdentifier !== cluster.identifier) continue;
      if (cluster.automatedRetentionDays === 0 || snapshot.createdAt <= cutoff) this.snapshots.delete(snapshot.identifier);
    }
  }

  /** A restore still PENDING or IN_PROGRESS on this cluster. */
  restoreInProgress(clusterIdentifier: string): boolean {
    return [...this.restores.values()].some((r) => r.clusterIdentifier === clusterIdentifier && !r.outcome);
  }

  /** Performs everything the clock has made due; safe to call concurrently. */
  async settle(): Promise<void> {
    const now = this.now();
    const waits: Array<Promise<void>> = [];
    for (const cluster of [...this.clusters.values()]) {
      if (this.status(cluster) === 'deleted') {
        waits.push(this.finishDeletion(cluster));
        continue;
      }
      cluster.deferredWindows = cluster.deferredWindows.filter((d) => d.end > now);
      this.expireAutomatedSnapshots(cluster);
      const due = this.takeAutomatedSnapshotIfDue(cluster, now);
      if (due) waits.push(due);
    }
    this.expireManualSnapshots(now);
    for (const restore of this.restores.values()) {
      if (restore.outcome || now < restore.endsAt) continue;
      restore.completing ??= this.completeRestore(restore);
      waits.push(restore.completing);
    }
    await Promise.all(waits);
  }

  private finishDeletion(cluster: ClusterRecord): Promise<void> {
    const existing = this.drops.get(cluster.identifier);
    if (existing) return existing;
    this.clusters.delete(cluster.identifier);
    // AWS deletes a cluster's automated snapshots with it; manual ones (and the final one) stay.
    for (const snapshot of [...this.snapshots.values()]) {
      if (snapshot.type === 'automated' && snapshot.clusterIdentifier === cluster.identifier) this.snapshots.delete(snapshot.identifier);
    }
    const drop = Promise.resolve(this.databases.drop(clusterKey(cluster.identifier)))
      .then(() => undefined)
      // The cluster is gone from the API either way; a failed drop only leaves an unused database.
      .catch(() => undefined)
      .finally(() => this.drops.delete(cluster.identifier));
    this.drops.set(cluster.identifier, drop);
    return drop;
  }

  private expireManualSnapshots(now: number): void {
    for (const snapshot of [...this.snapshots.values()]) {
      const days = snapshot.manualRetentionDays;
      if (snapshot.type !== 'manual' || days === undefined || days === -1) continue;
      if (now >= snapshot.retentionStart + days * DAY_MS && this.snapshotStatus(snapshot) !== 'creating') {
        this.snapshots.delete(snapshot.identifier);
      }
    }
  }

  /** One automated snapshot, dated at the latest due slot, when an available cluster is due one. */
  private takeAutomatedSnapshotIfDue(cluster: ClusterRecord, now: number): Promise<void> | undefined {
    const interval = this.limits.automatedSnapshotIntervalMs;
    if (cluster.automatedRetentionDays === 0 || this.status(cluster) !== 'available' || this.generating.has(cluster.identifier))
      return undefined;
    if (now < cluster.lastAutomatedSnapshotAt + interval) return undefined;
    const slots = Math.floor((now - cluster.lastAutomatedSnapshotAt) / interval);
    const snapshot = this.startAutomatedSnapshot(cluster, cluster.lastAutomatedSnapshotAt + slots * interval);
    this.generating.add(cluster.identifier);
    return snapshot.image.result.then(() => {
      this.generating.delete(cluster.identifier);
    });
  }

  private async completeRestore(restore: TableRestoreRecord): Promise<void> {
    if (restore.injectedFailure !== undefined) {
      restore.outcome = { ...restore.injectedFailure };
      return;
    }
    const image = await restore.image.result;
    if (image instanceof Error) {
      restore.outcome = { status: 'FAILED', message: `The snapshot's data could not be read: ${image.message}` };
      return;
    }
    try {
      const result = await this.databases.restoreTable(clusterKey(restore.clusterIdentifier), image, restore.target);
      restore.outcome = { status: 'SUCCEEDED', rows: result.rows, megabytes: result.megabytes };
    } catch (error) {
      restore.outcome = { status: 'FAILED', message: error instanceof Error ? error.message : String(error) };
    }
  }
}
