import type { EmulatorContext } from '../core';
import { notFound } from './faults';
import { namespaceKey, type NamespaceDatabases } from './ports';
import {
  namespaceStatus,
  recoveryPointVisible,
  snapshotStatus,
  tableRestoreDueAt,
  workgroupStatus,
  RECOVERY_POINT_LIFETIME_MS,
  type NamespaceRecord,
  type NamespaceStatus,
  type RecoveryPointRecord,
  type SnapshotCopyConfigurationRecord,
  type SnapshotRecord,
  type SnapshotStatus,
  type TableRestoreRecord,
  type UsageLimitRecord,
  type WorkgroupRecord,
  type WorkgroupStatus,
} from './records';

/** What the Data API needs to reach a workgroup's database: its namespace's key and the workgroup status. */
export interface WorkgroupDirectoryEntry {
  key: string;
  status: WorkgroupStatus;
}

/** Account quotas (unverified figures: configurable, not truths). */
export interface ServerlessLimits {
  /** Manual snapshots per account. */
  snapshots: number;
  /** Usage limits per resource and usage type. */
  usageLimitsPerResource: number;
}

export const defaultServerlessLimits: ServerlessLimits = { snapshots: 700, usageLimitsPerResource: 4 };

/**
 * Every Serverless resource of the emulator. Reads are pure functions of the clock; `settle()`
 * performs the side effects that come due (finishing table restores, dropping the databases of a
 * deleted namespace) and forgets what is gone. The service settles before each request.
 */
export class ServerlessState {
  readonly namespaces = new Map<string, NamespaceRecord>();
  readonly workgroups = new Map<string, WorkgroupRecord>();
  readonly snapshots = new Map<string, SnapshotRecord>();
  readonly recoveryPoints = new Map<string, RecoveryPointRecord>();
  readonly tableRestores = new Map<string, TableRestoreRecord>();
  readonly usageLimits = new Map<string, UsageLimitRecord>();
  readonly snapshotCopyConfigurations = new Map<string, SnapshotCopyConfigurationRecord>();
  private nextSnapshotFailure: string | undefined;
  private nextRestoreFailure: string | undefined;

  constructor(
    readonly context: EmulatorContext,
    readonly databases: NamespaceDatabases,
    readonly limits: ServerlessLimits = defaultServerlessLimits,
  ) {}

  now(): number {
    return this.context.clock.now();
  }

  arn(kind: 'namespace' | 'workgroup' | 'snapshot' | 'usagelimit' | 'snapshotcopyconfiguration', id: string): string {
    return `arn:aws:redshift-serverless:${this.context.region}:${this.context.accountId}:${kind}/${id}`;
  }

  // --- Data API directory -------------------------------------------------------------------

  /** The Serverless half of the Data API's directory; undefined when no such workgroup exists. */
  workgroup(name: string): WorkgroupDirectoryEntry | undefined {
    const wg = this.workgroups.get(name);
    const status = wg && workgroupStatus(wg, this.now(), this.context.timings);
    return wg && status ? { key: namespaceKey(wg.namespaceName), status } : undefined;
  }

  // --- test hooks ----------------------------------------------------------------------------

  /** The next snapshot created (CreateSnapshot, a final or a converted snapshot) ends FAILED. */
  failNextSnapshot(message = 'The snapshot could not be created because of an internal error.'): void {
    this.nextSnapshotFailure = message;
  }

  /** The next table restore requested ends FAILED with this message instead of copying. */
  failNextTableRestore(message = 'The table restore failed because of an internal error.'): void {
    this.nextRestoreFailure = message;
  }

  /** Shows the workgroup as CREATING or MODIFYING for `ms` from now, as during a capacity change. */
  holdWorkgroup(name: string, status: 'CREATING' | 'MODIFYING', ms: number): void {
    const wg = this.findWorkgroup(name).record;
    if (status === 'CREATING') wg.readyAt = this.now() + ms;
    else wg.busyUntil = this.now() + ms;
  }

  /** Shows the namespace as MODIFYING for `ms` from now. */
  holdNamespace(name: string, ms: number): void {
    this.findNamespace(name).record.busyUntil = this.now() + ms;
  }

  takeSnapshotFailure(): string | undefined {
    const failure = this.nextSnapshotFailure;
    this.nextSnapshotFailure = undefined;
    return failure;
  }

  takeRestoreFailure(): string | undefined {
    const failure = this.nextRestoreFailure;
    this.nextRestoreFailure = undefined;
    return failure;
  }

  // --- lookups (visible resources only) ------------------------------------------------------

  namespaceStatus(ns: NamespaceRecord): NamespaceStatus | undefined {
    return namespaceStatus(ns, this.now(), this.context.timings);
  }

  workgroupStatus(wg: WorkgroupRecord): WorkgroupStatus | undefined {
    return workgroupStatus(wg, this.now(), this.context.timings);
  }

  snapshotStatus(snap: SnapshotRecord): SnapshotStatus | undefined {
    return snapshotStatus(snap, this.now(), this.context.timings);
  }

  findNamespace(name: string): { record: NamespaceRecord; status: NamespaceStatus } {
    const record = this.namespaces.get(name);
    const status = record && this.namespaceStatus(record);
    if (!record || !status) throw notFound(`Namespace ${name} does not exist.`, name);
    return { record, status };
  }

  findWorkgroup(name: string): { record: WorkgroupRecord; status: WorkgroupStatus } {
    const record = this.workgroups.get(name);
    const status = record && this.workgroupStatus(record);
    if (!record || !status) throw notFound(`Workgroup ${name} does not exist.`, name);
    return { record, status };
  }

  snapshotIfVisible(name: string): { record: SnapshotRecord; status: SnapshotStatus } | undefined {
    const record = this.snapshots.get(name);
    const status = record && this.snapshotStatus(record);
    return record && status ? { record, status } : undefined;
  }

  findSnapshot(name: string): { record: SnapshotRecord; status: SnapshotStatus } {
    const found = this.snapshotIfVisible(name);
    if (!found) throw notFound(`Snapshot ${name} not found.`, name);
    return found;
  }

  findRecoveryPoint(id: string): RecoveryPointRecord {
    const point = this.recoveryPoints.get(id);
    if (!point || !recoveryPointVisible(point, this.now()) || !this.namespaceExists(point.namespaceName)) {
      throw notFound(`Recovery point ${id} not found.`, id);
    }
    return point;
  }

  findTableRestore(id: string): TableRestoreRecord {
    const restore = this.tableRestores.get(id);
    if (!restore) throw notFound(`Table restore request ${id} not found.`, id);
    return restore;
  }

  namespaceExists(name: string): boolean {
    const ns = this.namespaces.get(name);
    return ns !== undefined && this.namespaceStatus(ns) !== undefined;
  }

  /** The live workgroups of a namespace (a namespace has at most one in practice). */
  workgroupsOf(namespaceName: string): WorkgroupRecord[] {
    return [...this.workgroups.values()].filter((wg) => wg.namespaceName === namespaceName && this.workgroupStatus(wg) !== undefined);
  }

  visibleSnapshots(): Array<{ record: SnapshotRecord; status: SnapshotStatus }> {
    const out: Array<{ record: SnapshotRecord; status: SnapshotStatus }> = [];
    for (const record of this.snapshots.values()) {
      const status = this.snapshotStatus(record);
      if (status) out.push({ record, status });
    }
    return out;
  }

  visibleRecoveryPoints(): RecoveryPointRecord[] {
    const now = this.now();
    return [...this.recoveryPoints.values()].filter((p) => recoveryPointVisible(p, now) && this.namespaceExists(p.namespaceName));
  }

  unfinishedRestores(): TableRestoreRecord[] {
    return [...this.tableRestores.values()].filter((r) => r.outcome === undefined);
  }

  // --- side effects ----------------------------------------------------------------------------

  /** Finishes what has come due and forgets what is gone. */
  async settle(): Promise<void> {
    const now = this.now();
    for (const restore of this.unfinishedRestores()) {
      if (now >= tableRestoreDueAt(restore, this.context.timings)) await this.finishRestore(restore);
    }
    for (const [name, wg] of this.workgroups) {
      if (this.workgroupStatus(wg) !== undefined) continue;
      this.workgroups.delete(name);
      const arn = this.arn('workgroup', wg.id);
      for (const [id, limit] of this.usageLimits) if (limit.resourceArn === arn) this.usageLimits.delete(id);
    }
    for (const [name, ns] of this.namespaces) {
      if (this.namespaceStatus(ns) !== undefined) continue;
      this.namespaces.delete(name);
      for (const [id, point] of this.recoveryPoints) if (point.namespaceName === name) this.recoveryPoints.delete(id);
      for (const [id, copy] of this.snapshotCopyConfigurations) if (copy.namespaceName === name) this.snapshotCopyConfigurations.delete(id);
      await this.databases.drop(namespaceKey(name));
    }
    for (const [name, snap] of this.snapshots) if (this.snapshotStatus(snap) === undefined) this.snapshots.delete(name);
    for (const [id, point] of this.recoveryPoints) {
      if (point.createdAt <= now - RECOVERY_POINT_LIFETIME_MS) this.recoveryPoints.delete(id);
    }
  }

  private async finishRestore(restore: TableRestoreRecord): Promise<void> {
    if (restore.forcedFailure !== undefined) {
      restore.outcome = { status: 'FAILED', message: restore.forcedFailure };
      return;
    }
    try {
      const result = await this.databases.restoreTable(namespaceKey(restore.namespaceName), restore.image, {
        sourceDatabase: restore.sourceDatabaseName,
        sourceSchema: restore.sourceSchemaName,
        sourceTable: restore.sourceTableName,
        targetDatabase: restore.targetDatabaseName,
        targetSchema: restore.targetSchemaName,
        newTable: restore.newTableName,
      });
      restore.outcome = { status: 'SUCCEEDED', rows: result.rows, megabytes: result.megabytes };
    } catch (error) {
      restore.outcome = { status: 'FAILED', message: error instanceof Error ? error.message : String(error) };
    }
  }
}
