import {
  ConvertRecoveryPointToSnapshotCommand,
  DeleteSnapshotCommand,
  GetTableRestoreStatusCommand,
  RestoreTableFromRecoveryPointCommand,
  RestoreTableFromSnapshotCommand,
  type RedshiftServerlessClient,
  type TableRestoreStatus,
} from '@aws-sdk/client-redshift-serverless';
import { awsCall, WarehouseRequestError } from './errors';
import { retentionValue } from './paging';
import { restoreState, type Backups, type ConvertedSnapshot, type TableRestoreInfo, type TableRestoreRequest } from './restore';

/** A Serverless namespace's backups through client-redshift-serverless. */
export class ServerlessBackups implements Backups {
  constructor(
    private readonly workgroup: string,
    private readonly namespace: string,
    private readonly client: RedshiftServerlessClient,
  ) {}

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
    const output = await awsCall('GetTableRestoreStatus', () => this.client.send(new GetTableRestoreStatusCommand({ tableRestoreRequestId: id })), {
      resource: `namespace ${this.namespace}`,
    });
    return info(output.tableRestoreStatus);
  }

  async deleteSnapshot(name: string): Promise<void> {
    await awsCall('DeleteSnapshot', () => this.client.send(new DeleteSnapshotCommand({ snapshotName: name })), { resource: `snapshot ${name}` });
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
