import {
  ConvertRecoveryPointToSnapshotCommand,
  DeleteSnapshotCommand,
  GetNamespaceCommand,
  GetRecoveryPointCommand,
  GetSnapshotCommand,
  GetTableRestoreStatusCommand,
  GetWorkgroupCommand,
  RestoreFromRecoveryPointCommand,
  RestoreFromSnapshotCommand,
  RestoreTableFromRecoveryPointCommand,
  RestoreTableFromSnapshotCommand,
  type RedshiftServerlessClient,
  type TableRestoreStatus,
} from '@aws-sdk/client-redshift-serverless';
import { awsCall, toAwsOperationError, WarehouseRequestError } from './errors';
import { normalizeSnapshotStatus, retentionValue } from './paging';
import {
  restoreState,
  type Backups,
  type ConvertedSnapshot,
  type RestoreSource,
  type TableRestoreInfo,
  type TableRestoreRequest,
} from './restore';
import { namespaceRestoreInfo } from './restore-mapping';
import { NamespaceSnapshotCopy } from './serverless-snapshot-copy';
import type {
  NamespaceRestoreInfo,
  RestoreSourceInfo,
  SnapshotCopyGrantInfo,
  SnapshotCopyStatus,
  WarehouseRestorePlan,
  WarehouseRestoreRequest,
} from './warehouse-restore';

/** A Serverless namespace's backups through client-redshift-serverless. */
export class ServerlessBackups implements Backups {
  private readonly copy: NamespaceSnapshotCopy;

  constructor(
    private readonly workgroup: string,
    private readonly namespace: string,
    private readonly client: RedshiftServerlessClient,
  ) {
    this.copy = new NamespaceSnapshotCopy(namespace, client);
  }

  async restoreTable(request: TableRestoreRequest): Promise<TableRestoreInfo> {
    const common = {
      namespaceName: this.namespace,
      workgroupName: this.workgroup,
      sourceDatabaseName: request.sourceDatabase,
      sourceSchemaName: request.sourceSchema,
      sourceTableName: request.sourceTable,
      newTableName: request.newTable,
      targetDatabaseName: request.targetDatabase,
      targetSchemaName: request.targetSchema,
    };
    const context = { resource: `namespace ${this.namespace}` };
    const output =
      request.source.kind === 'snapshot'
        ? await awsCall(
            'RestoreTableFromSnapshot',
            () => this.client.send(new RestoreTableFromSnapshotCommand({ ...common, snapshotName: request.source.id })),
            context,
          )
        : await awsCall(
            'RestoreTableFromRecoveryPoint',
            () => this.client.send(new RestoreTableFromRecoveryPointCommand({ ...common, recoveryPointId: request.source.id })),
            context,
          );
    return info(output.tableRestoreStatus);
  }

  async tableRestoreStatus(id: string): Promise<TableRestoreInfo> {
    const output = await awsCall(
      'GetTableRestoreStatus',
      () => this.client.send(new GetTableRestoreStatusCommand({ tableRestoreRequestId: id })),
      {
        resource: `namespace ${this.namespace}`,
      },
    );
    return info(output.tableRestoreStatus);
  }

  async deleteSnapshot(name: string): Promise<void> {
    await awsCall('DeleteSnapshot', () => this.client.send(new DeleteSnapshotCommand({ snapshotName: name })), {
      resource: `snapshot ${name}`,
    });
  }

  async convertRecoveryPoint(recoveryPointId: string, snapshotName: string, retentionDays: number | 'forever'): Promise<ConvertedSnapshot> {
    const output = await awsCall(
      'ConvertRecoveryPointToSnapshot',
      () =>
        this.client.send(
          new ConvertRecoveryPointToSnapshotCommand({ recoveryPointId, snapshotName, retentionPeriod: retentionValue(retentionDays) }),
        ),
      { resource: `namespace ${this.namespace}` },
    );
    return { name: output.snapshot?.snapshotName ?? snapshotName, status: (output.snapshot?.status ?? 'CREATING').toLowerCase() };
  }

  async setAutomatedRetention(): Promise<number> {
    throw new WarehouseRequestError(
      `Namespace ${this.namespace} is Redshift Serverless: its recovery points are kept 24 hours and that cannot be changed; keep one longer with /redshift snapshot keep <recovery-point>`,
    );
  }

  async planRestore(request: WarehouseRestoreRequest): Promise<WarehouseRestorePlan> {
    const source = this.namespaceSource(request);
    const found = await this.describeSource(source);
    if (!found) {
      throw new WarehouseRequestError(
        source.kind === 'snapshot'
          ? `There is no snapshot ${source.id}; see /redshift snapshot list`
          : `There is no recovery point ${source.id}; see /redshift snapshot list`,
      );
    }
    return { kind: 'namespace', source: found, namespace: this.namespace, workgroup: this.workgroup };
  }

  /** Replaces the namespace's data with the snapshot's or recovery point's; the namespace is RESTORING meanwhile. */
  async restoreWarehouse(request: WarehouseRestoreRequest): Promise<NamespaceRestoreInfo> {
    const source = this.namespaceSource(request);
    const common = { namespaceName: this.namespace, workgroupName: this.workgroup };
    const context = { resource: `namespace ${this.namespace}` };
    const names = { namespace: this.namespace, workgroup: this.workgroup };
    if (source.kind === 'snapshot') {
      const output = await awsCall(
        'RestoreFromSnapshot',
        () => this.client.send(new RestoreFromSnapshotCommand({ ...common, snapshotName: source.id })),
        context,
      );
      return namespaceRestoreInfo(output.namespace, names, undefined, output.snapshotName ?? source.id);
    }
    const output = await awsCall(
      'RestoreFromRecoveryPoint',
      () => this.client.send(new RestoreFromRecoveryPointCommand({ ...common, recoveryPointId: source.id })),
      context,
    );
    return namespaceRestoreInfo(output.namespace, names);
  }

  /** The namespace and its workgroup read again; `name` is the namespace (a Serverless restore makes nothing new). */
  async restoreStatus(name: string): Promise<NamespaceRestoreInfo> {
    if (name !== this.namespace) {
      throw new WarehouseRequestError(`A Serverless restore goes into namespace ${this.namespace}, not ${name}`);
    }
    const [namespace, workgroup] = await Promise.all([
      awsCall('GetNamespace', () => this.client.send(new GetNamespaceCommand({ namespaceName: this.namespace })), {
        resource: `namespace ${this.namespace}`,
      }),
      awsCall('GetWorkgroup', () => this.client.send(new GetWorkgroupCommand({ workgroupName: this.workgroup })), {
        resource: `workgroup ${this.workgroup}`,
      }),
    ]);
    return namespaceRestoreInfo(namespace.namespace, { namespace: this.namespace, workgroup: this.workgroup }, workgroup.workgroup);
  }

  snapshotCopy(): Promise<SnapshotCopyStatus> {
    return this.copy.status();
  }

  enableSnapshotCopy(region: string, retentionDays: number, options?: { grantName?: string }): Promise<SnapshotCopyStatus> {
    return this.copy.enable(region, retentionDays, options);
  }

  setSnapshotCopyRetention(retentionDays: number, region?: string): Promise<SnapshotCopyStatus> {
    return this.copy.setRetention(retentionDays, region);
  }

  disableSnapshotCopy(region?: string): Promise<SnapshotCopyStatus> {
    return this.copy.disable(region);
  }

  async snapshotCopyGrant(): Promise<SnapshotCopyGrantInfo | undefined> {
    throw new WarehouseRequestError(`Namespace ${this.namespace} takes no snapshot copy grant; grants exist only for provisioned clusters`);
  }

  private namespaceSource(request: WarehouseRestoreRequest): RestoreSource {
    if (request.kind !== 'namespace') {
      throw new WarehouseRequestError(
        `Namespace ${this.namespace} is Redshift Serverless: a snapshot is restored into the namespace itself, not into a new cluster`,
      );
    }
    return request.source;
  }

  /** The snapshot or recovery point; undefined when AWS says ResourceNotFoundException. */
  private async describeSource(source: RestoreSource): Promise<RestoreSourceInfo | undefined> {
    const operation = source.kind === 'snapshot' ? 'GetSnapshot' : 'GetRecoveryPoint';
    try {
      if (source.kind === 'snapshot') {
        const snapshot = (await this.client.send(new GetSnapshotCommand({ snapshotName: source.id }))).snapshot;
        if (!snapshot) return undefined;
        return {
          kind: 'snapshot',
          id: snapshot.snapshotName ?? source.id,
          status: normalizeSnapshotStatus(snapshot.status),
          createdAt: snapshot.snapshotCreateTime,
          sizeMb: snapshot.totalBackupSizeInMegaBytes,
          takenOf: snapshot.namespaceName,
        };
      }
      const point = (await this.client.send(new GetRecoveryPointCommand({ recoveryPointId: source.id }))).recoveryPoint;
      if (!point) return undefined;
      return {
        kind: 'recovery-point',
        id: point.recoveryPointId ?? source.id,
        // AWS gives recovery points no status; one that is listed can be restored from.
        status: 'available',
        createdAt: point.recoveryPointCreateTime,
        sizeMb: point.totalSizeInMegaBytes,
        takenOf: point.namespaceName,
      };
    } catch (raw) {
      const error = toAwsOperationError(raw, operation, { resource: `namespace ${this.namespace}` });
      if (error.fault === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }
}

function info(status: TableRestoreStatus | undefined): TableRestoreInfo {
  return {
    id: status?.tableRestoreRequestId ?? '',
    status: restoreState(status?.status),
    message: status?.message,
    progressMb: status?.progressInMegaBytes,
    totalMb: status?.totalDataInMegaBytes,
  };
}
