import {
  CreateSnapshotCommand,
  GetNamespaceCommand,
  GetRecoveryPointCommand,
  GetSnapshotCommand,
  GetWorkgroupCommand,
  paginateListRecoveryPoints,
  paginateListSnapshots,
  type RecoveryPoint,
  type RedshiftServerlessClient,
  type Snapshot,
} from '@aws-sdk/client-redshift-serverless';
import type { ServerlessTarget } from '../config/targets';
import { AwsOperationError, awsCall, explainingLookup, toAwsOperationError } from './errors';
import { decodeCursor, encodeCursor, invalidCursor, newestFirst, normalizeSnapshotStatus, pageSize, retentionValue } from './paging';
import type { Backups } from './restore';
import { ServerlessBackups } from './serverless-restore';
import { NamespaceSnapshotCopy } from './serverless-snapshot-copy';
import type { SnapshotCopyStatus } from './warehouse-restore';
import type { SnapshotInfo, SnapshotPage, Warehouse, WarehouseStatus } from './warehouse';

/** Recovery point ids are UUIDs; anything else is only ever a snapshot name. */
const RECOVERY_POINT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Serverless workgroup and its namespace through client-redshift-serverless. */
export class ServerlessWarehouse implements Warehouse {
  readonly kind = 'serverless' as const;
  readonly backups: Backups;
  private readonly workgroup: string;
  private readonly namespace: string;

  constructor(
    readonly target: string,
    private readonly config: ServerlessTarget,
    private readonly client: RedshiftServerlessClient,
  ) {
    this.workgroup = config.workgroup;
    this.namespace = config.namespace;
    this.backups = new ServerlessBackups(config.workgroup, config.namespace, client);
  }

  async status(): Promise<WarehouseStatus> {
    const [workgroup, namespace, copy] = await Promise.all([
      awsCall('GetWorkgroup', () => this.client.send(new GetWorkgroupCommand({ workgroupName: this.workgroup })), {
        resource: `workgroup ${this.workgroup}`,
      }),
      awsCall('GetNamespace', () => this.client.send(new GetNamespaceCommand({ namespaceName: this.namespace })), {
        resource: `namespace ${this.namespace}`,
      }),
      this.copyStatus(),
    ]);
    const first = copy?.destinations[0];
    const workgroupState = workgroup.workgroup?.status ?? 'UNKNOWN';
    const namespaceState = namespace.namespace?.status ?? 'UNKNOWN';
    return {
      target: this.target,
      kind: 'serverless',
      identifier: `${this.workgroup}/${this.namespace}`,
      // The workgroup's word unless it is fine and the namespace is not: the first thing in the way.
      state: workgroupState === 'AVAILABLE' ? namespaceState : workgroupState,
      available: workgroupState === 'AVAILABLE' && namespaceState === 'AVAILABLE',
      region: this.config.region ?? (await this.client.config.region()),
      namespace: this.namespace,
      baseRpu: workgroup.workgroup?.baseCapacity,
      maxRpu: workgroup.workgroup?.maxCapacity,
      snapshotCopy: first ? { destinationRegion: first.region, retentionDays: first.retentionDays } : undefined,
      snapshotCopies: copy?.destinations.length
        ? copy.destinations.map((d) => ({ destinationRegion: d.region, retentionDays: d.retentionDays }))
        : undefined,
      ...(copy === undefined && { snapshotCopyUnknown: true }),
    };
  }

  /**
   * Cross-region copy is a side note of the status: when AWS refuses to list it (access denied,
   * throttled) the status is still given, with the copy left out rather than shown as off.
   */
  private async copyStatus(): Promise<SnapshotCopyStatus | undefined> {
    try {
      return await new NamespaceSnapshotCopy(this.namespace, this.client).status();
    } catch (error) {
      if (error instanceof AwsOperationError) return undefined;
      throw error;
    }
  }

  async createSnapshot(name: string, retentionDays: number | 'forever'): Promise<SnapshotInfo> {
    const retention = retentionValue(retentionDays);
    try {
      const output = await this.client.send(
        new CreateSnapshotCommand({ namespaceName: this.namespace, snapshotName: name, retentionPeriod: retention }),
      );
      return this.snapshotInfo(output.snapshot ?? { snapshotName: name, status: 'CREATING', namespaceName: this.namespace });
    } catch (raw) {
      const error = toAwsOperationError(raw, 'CreateSnapshot', { resource: `namespace ${this.namespace}` });
      if (error.fault !== 'ConflictException') throw error;
      const outcome = await this.explainConflict(error, name);
      if (outcome instanceof AwsOperationError) throw outcome;
      return outcome;
    }
  }

  async getSnapshot(name: string): Promise<SnapshotInfo | undefined> {
    const snapshot = await this.findSnapshot(name);
    if (snapshot) return snapshot.namespaceName === this.namespace ? this.snapshotInfo(snapshot) : undefined;
    if (!RECOVERY_POINT_ID.test(name)) return undefined;
    try {
      const output = await this.client.send(new GetRecoveryPointCommand({ recoveryPointId: name }));
      const point = output.recoveryPoint;
      return point && point.namespaceName === this.namespace ? this.recoveryPointInfo(point) : undefined;
    } catch (raw) {
      const error = toAwsOperationError(raw, 'GetRecoveryPoint', { resource: `namespace ${this.namespace}` });
      if (error.fault === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  /** Snapshots and recovery points merged newest first, then paged by offset (both lists are short). */
  async listSnapshots(options: { limit?: number; cursor?: string } = {}): Promise<SnapshotPage> {
    const limit = pageSize(options.limit);
    const offset = options.cursor ? readCursor(options.cursor) : 0;
    const all = await this.allSnapshots();
    const end = offset + limit;
    return { snapshots: all.slice(offset, end), cursor: end < all.length ? encodeCursor({ k: 'serverless', o: end }) : undefined };
  }

  /** Every snapshot and recovery point of the namespace, newest first, through the SDK paginators. */
  async allSnapshots(): Promise<SnapshotInfo[]> {
    const [snapshots, points] = await Promise.all([
      awsCall('ListSnapshots', async () => {
        const found: SnapshotInfo[] = [];
        for await (const page of paginateListSnapshots({ client: this.client, pageSize: 100 }, { namespaceName: this.namespace })) {
          found.push(...(page.snapshots ?? []).map((s) => this.snapshotInfo(s)));
        }
        return found;
      }),
      awsCall('ListRecoveryPoints', async () => {
        const found: SnapshotInfo[] = [];
        for await (const page of paginateListRecoveryPoints({ client: this.client, pageSize: 100 }, { namespaceName: this.namespace })) {
          found.push(...(page.recoveryPoints ?? []).map((p) => this.recoveryPointInfo(p)));
        }
        return found;
      }),
    ]);
    return [...snapshots, ...points].sort(newestFirst);
  }

  private async findSnapshot(name: string): Promise<Snapshot | undefined> {
    try {
      return (await this.client.send(new GetSnapshotCommand({ snapshotName: name }))).snapshot;
    } catch (raw) {
      const error = toAwsOperationError(raw, 'GetSnapshot', { resource: `namespace ${this.namespace}` });
      if (error.fault === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  /**
   * Serverless says ConflictException both for a name already taken and for a namespace that is
   * busy; look which one it is so the user gets the right advice. Returns the snapshot when the
   * clash is with our own create (an SDK retry after a lost response), which is success.
   */
  private async explainConflict(error: AwsOperationError, name: string): Promise<AwsOperationError | SnapshotInfo> {
    // findSnapshot answers "no such snapshot" (ResourceNotFoundException) with undefined itself.
    const existing = await explainingLookup(() => this.findSnapshot(name));
    if (existing) {
      if ((error.attempts ?? 1) > 1 && existing.namespaceName === this.namespace) return this.snapshotInfo(existing);
      return error.withContext({ hint: 'A snapshot with that name already exists; pick another name' });
    }
    const namespace = await explainingLookup(() =>
      awsCall('GetNamespace', () => this.client.send(new GetNamespaceCommand({ namespaceName: this.namespace }))),
    );
    const state = namespace?.namespace?.status;
    return state ? error.withContext({ state }) : error;
  }

  private snapshotInfo(snapshot: Snapshot): SnapshotInfo {
    return {
      id: snapshot.snapshotName ?? '',
      kind: 'manual',
      status: normalizeSnapshotStatus(snapshot.status),
      createdAt: snapshot.snapshotCreateTime,
      sizeMb: snapshot.totalBackupSizeInMegaBytes,
      retentionDays: snapshot.snapshotRetentionPeriod,
      elapsedSeconds: snapshot.elapsedTimeInSeconds,
      estimatedSecondsLeft: snapshot.estimatedSecondsToCompletion,
      source: snapshot.namespaceName ?? this.namespace,
    };
  }

  private recoveryPointInfo(point: RecoveryPoint): SnapshotInfo {
    return {
      id: point.recoveryPointId ?? '',
      kind: 'recovery-point',
      // A listed recovery point can be restored from; AWS gives them no status of their own.
      status: 'available',
      createdAt: point.recoveryPointCreateTime,
      sizeMb: point.totalSizeInMegaBytes,
      source: point.namespaceName ?? this.namespace,
    };
  }
}

function readCursor(cursor: string): number {
  const { k, o } = decodeCursor(cursor);
  if (k === 'serverless' && typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  throw invalidCursor();
}
