import {
  DeleteClusterSnapshotCommand,
  DescribeTableRestoreStatusCommand,
  ModifyClusterCommand,
  RestoreTableFromClusterSnapshotCommand,
  type RedshiftClient,
  type TableRestoreStatus,
} from '@aws-sdk/client-redshift';
import { awsCall, WarehouseRequestError } from './errors';
import { restoreState, type Backups, type ConvertedSnapshot, type TableRestoreInfo, type TableRestoreRequest } from './restore';

/** Automated snapshot retention we let users set (0 turns backups off and is refused on RA3). */
export const MIN_AUTOMATED_RETENTION = 1;
export const MAX_AUTOMATED_RETENTION = 35;

/** A cluster's backups through client-redshift. */
export class ProvisionedBackups implements Backups {
  constructor(
    private readonly cluster: string,
    private readonly client: RedshiftClient,
  ) {}

  async restoreTable(request: TableRestoreRequest): Promise<TableRestoreInfo> {
    if (request.source.kind !== 'snapshot') {
      throw new WarehouseRequestError('Recovery points exist only on Redshift Serverless; restore a cluster table from a snapshot');
    }
    const output = await awsCall(
      'RestoreTableFromClusterSnapshot',
      () =>
        this.client.send(
          new RestoreTableFromClusterSnapshotCommand({
            ClusterIdentifier: this.cluster,
            SnapshotIdentifier: request.source.id,
            SourceDatabaseName: request.sourceDatabase,
            SourceSchemaName: request.sourceSchema,
            SourceTableName: request.sourceTable,
            NewTableName: request.newTable,
            TargetDatabaseName: request.targetDatabase,
            TargetSchemaName: request.targetSchema,
          }),
        ),
      { resource: `cluster ${this.cluster}` },
    );
    return info(output.TableRestoreStatus);
  }

  async tableRestoreStatus(id: string): Promise<TableRestoreInfo> {
    const output = await awsCall(
      'DescribeTableRestoreStatus',
      () => this.client.send(new DescribeTableRestoreStatusCommand({ ClusterIdentifier: this.cluster, TableRestoreRequestId: id })),
      { resource: `cluster ${this.cluster}` },
    );
    const found = output.TableRestoreStatusDetails?.find((status) => status.TableRestoreRequestId === id);
    if (!found) throw new WarehouseRequestError(`Table restore ${id} is not on record for cluster ${this.cluster}`);
    return info(found);
  }

  async deleteSnapshot(name: string): Promise<void> {
    await awsCall(
      'DeleteClusterSnapshot',
      () => this.client.send(new DeleteClusterSnapshotCommand({ SnapshotIdentifier: name, SnapshotClusterIdentifier: this.cluster })),
      { resource: `snapshot ${name}` },
    );
  }

  async convertRecoveryPoint(): Promise<ConvertedSnapshot> {
    throw new WarehouseRequestError(`Cluster ${this.cluster} has no recovery points; they exist only on Redshift Serverless`);
  }

  async setAutomatedRetention(days: number): Promise<number> {
    if (!Number.isInteger(days) || days < MIN_AUTOMATED_RETENTION || days > MAX_AUTOMATED_RETENTION) {
      throw new WarehouseRequestError(`Automated snapshot retention of ${days} days is not allowed; use ${MIN_AUTOMATED_RETENTION} to ${MAX_AUTOMATED_RETENTION}`);
    }
    const output = await awsCall(
      'ModifyCluster',
      () => this.client.send(new ModifyClusterCommand({ ClusterIdentifier: this.cluster, AutomatedSnapshotRetentionPeriod: days })),
      { resource: `cluster ${this.cluster}` },
    );
    return output.Cluster?.AutomatedSnapshotRetentionPeriod ?? days;
  }
}

function info(status: TableRestoreStatus | undefined): TableRestoreInfo {
  return {
    id: status?.TableRestoreRequestId ?? '',
    status: restoreState(status?.Status),
    message: status?.Message,
    progressMb: status?.ProgressInMegaBytes,
    totalMb: status?.TotalDataInMegaBytes,
  };
}
