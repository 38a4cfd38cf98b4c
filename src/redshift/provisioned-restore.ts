import {
  DeleteClusterSnapshotCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
  DescribeSnapshotCopyGrantsCommand,
  DescribeTableRestoreStatusCommand,
  DisableSnapshotCopyCommand,
  EnableSnapshotCopyCommand,
  ModifyClusterCommand,
  ModifySnapshotCopyRetentionPeriodCommand,
  RestoreFromClusterSnapshotCommand,
  RestoreTableFromClusterSnapshotCommand,
  type Cluster,
  type RedshiftClient,
  type Snapshot,
  type TableRestoreStatus,
} from '@aws-sdk/client-redshift';
import { AwsOperationError, awsCall, explainingLookup, toAwsOperationError, WarehouseRequestError } from './errors';
import { restoreState, type Backups, type ConvertedSnapshot, type TableRestoreInfo, type TableRestoreRequest } from './restore';
import { clusterCopyStatus, clusterRestoreInfo, clusterSnapshotSource } from './restore-mapping';
import {
  checkClusterCopyRetention,
  checkClusterName,
  checkCopyRegion,
  checkNodeCount,
  type ClusterRestoreInfo,
  type SnapshotCopyGrantInfo,
  type SnapshotCopyStatus,
  type WarehouseRestorePlan,
  type WarehouseRestoreRequest,
} from './warehouse-restore';

/** Automated snapshot retention we let users set (0 turns backups off and is refused on RA3). */
export const MIN_AUTOMATED_RETENTION = 1;
export const MAX_AUTOMATED_RETENTION = 35;

/** A cluster's backups through client-redshift. */
export class ProvisionedBackups implements Backups {
  /**
   * `regionClient` gives a client of another Region: snapshot copy grants live in the copy's
   * destination, and only a client of that Region sees them.
   */
  constructor(
    private readonly cluster: string,
    private readonly client: RedshiftClient,
    private readonly regionClient?: (region: string) => RedshiftClient,
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
      throw new WarehouseRequestError(
        `Automated snapshot retention of ${days} days is not allowed; use ${MIN_AUTOMATED_RETENTION} to ${MAX_AUTOMATED_RETENTION}`,
      );
    }
    const output = await awsCall(
      'ModifyCluster',
      () => this.client.send(new ModifyClusterCommand({ ClusterIdentifier: this.cluster, AutomatedSnapshotRetentionPeriod: days })),
      { resource: `cluster ${this.cluster}` },
    );
    return output.Cluster?.AutomatedSnapshotRetentionPeriod ?? days;
  }

  async planRestore(request: WarehouseRestoreRequest): Promise<WarehouseRestorePlan> {
    const wanted = this.newClusterRequest(request);
    const [snapshot, existing] = await Promise.all([this.findSnapshot(wanted.snapshot), this.findCluster(wanted.newCluster)]);
    if (!snapshot) {
      throw new WarehouseRequestError(`Cluster ${this.cluster} has no snapshot ${wanted.snapshot}; see /redshift snapshot list`);
    }
    return {
      kind: 'new-cluster',
      source: clusterSnapshotSource(snapshot, wanted.snapshot),
      newCluster: wanted.newCluster,
      nodeType: wanted.nodeType ?? snapshot.NodeType,
      nodes: wanted.nodes ?? snapshot.NumberOfNodes,
      nameTaken: existing !== undefined,
    };
  }

  /** A new cluster from one of this cluster's snapshots; this cluster is not touched. */
  async restoreWarehouse(request: WarehouseRestoreRequest): Promise<ClusterRestoreInfo> {
    const wanted = this.newClusterRequest(request);
    const output = await awsCall(
      'RestoreFromClusterSnapshot',
      () =>
        this.client.send(
          new RestoreFromClusterSnapshotCommand({
            ClusterIdentifier: wanted.newCluster,
            SnapshotIdentifier: wanted.snapshot,
            // Names the snapshot's cluster, so a policy scoped to this cluster's snapshots allows it.
            SnapshotClusterIdentifier: this.cluster,
            NodeType: wanted.nodeType,
            NumberOfNodes: wanted.nodes,
          }),
        ),
      { resource: `cluster ${wanted.newCluster}` },
    );
    return clusterRestoreInfo(output.Cluster, wanted.newCluster);
  }

  async restoreStatus(name: string): Promise<ClusterRestoreInfo> {
    const cluster = await this.findCluster(name);
    if (!cluster) throw clusterNotFound(name);
    return clusterRestoreInfo(cluster, name);
  }

  async snapshotCopy(): Promise<SnapshotCopyStatus> {
    const cluster = await this.findCluster(this.cluster);
    if (!cluster) throw clusterNotFound(this.cluster);
    return clusterCopyStatus(cluster);
  }

  async enableSnapshotCopy(region: string, retentionDays: number, options: { grantName?: string } = {}): Promise<SnapshotCopyStatus> {
    const destination = checkCopyRegion(region, await this.client.config.region());
    const days = checkClusterCopyRetention(retentionDays);
    const output = await this.changeCopy('EnableSnapshotCopy', () =>
      this.client.send(
        new EnableSnapshotCopyCommand({
          ClusterIdentifier: this.cluster,
          DestinationRegion: destination,
          RetentionPeriod: days,
          SnapshotCopyGrantName: options.grantName,
        }),
      ),
    );
    return clusterCopyStatus(output.Cluster);
  }

  /** The days copied automated snapshots are kept; lowering it deletes older copies in the destination. */
  async setSnapshotCopyRetention(retentionDays: number, region?: string): Promise<SnapshotCopyStatus> {
    const days = checkClusterCopyRetention(retentionDays);
    if (region !== undefined) await this.requireCopyTo(region);
    const output = await this.changeCopy('ModifySnapshotCopyRetentionPeriod', () =>
      this.client.send(new ModifySnapshotCopyRetentionPeriodCommand({ ClusterIdentifier: this.cluster, RetentionPeriod: days })),
    );
    return clusterCopyStatus(output.Cluster);
  }

  async disableSnapshotCopy(region?: string): Promise<SnapshotCopyStatus> {
    if (region !== undefined) await this.requireCopyTo(region);
    const output = await this.changeCopy('DisableSnapshotCopy', () =>
      this.client.send(new DisableSnapshotCopyCommand({ ClusterIdentifier: this.cluster })),
    );
    return clusterCopyStatus(output.Cluster);
  }

  async snapshotCopyGrant(region: string, name: string): Promise<SnapshotCopyGrantInfo | undefined> {
    const destination = checkCopyRegion(region, await this.client.config.region());
    if (!this.regionClient)
      throw new Error(`No Redshift client for ${destination}: the adapter was made without clients for other Regions`);
    const client = this.regionClient(destination);
    try {
      const output = await client.send(new DescribeSnapshotCopyGrantsCommand({ SnapshotCopyGrantName: name }));
      const found = output.SnapshotCopyGrants?.find((grant) => grant.SnapshotCopyGrantName === name);
      return found ? { name, region: destination, kmsKeyId: found.KmsKeyId } : undefined;
    } catch (raw) {
      const error = toAwsOperationError(raw, 'DescribeSnapshotCopyGrants', { resource: `snapshot copy grant ${name} in ${destination}` });
      if (error.fault === 'SnapshotCopyGrantNotFound') return undefined;
      throw error;
    }
  }

  /** A cluster copies to one Region at most: a change naming another one is refused rather than applied to it. */
  private async requireCopyTo(region: string): Promise<void> {
    const current = (await this.snapshotCopy()).destinations[0]?.region;
    if (current !== undefined && current !== region.trim().toLowerCase()) {
      throw new WarehouseRequestError(`Cluster ${this.cluster} copies snapshots to ${current}, not ${region}; nothing was changed`);
    }
  }

  private newClusterRequest(request: WarehouseRestoreRequest): { snapshot: string; newCluster: string; nodeType?: string; nodes?: number } {
    if (request.kind !== 'new-cluster') {
      throw new WarehouseRequestError(
        `Cluster ${this.cluster} is restored into a new cluster from a snapshot; recovery points exist only on Redshift Serverless`,
      );
    }
    if (request.newCluster === this.cluster) {
      throw new WarehouseRequestError(
        `${request.newCluster} is the cluster itself; a snapshot is restored into a new cluster, so pick another name`,
      );
    }
    return {
      snapshot: request.snapshot,
      newCluster: checkClusterName(request.newCluster),
      nodeType: request.nodeType,
      nodes: checkNodeCount(request.nodes),
    };
  }

  /** Runs a copy change; an "invalid state" fault gets the cluster's current state added. */
  private async changeCopy<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (raw) {
      const error = toAwsOperationError(raw, operation, { resource: `cluster ${this.cluster}` });
      if (error.fault !== 'InvalidClusterState') throw error;
      const state = (await explainingLookup(() => this.findCluster(this.cluster)))?.ClusterStatus;
      throw state ? error.withContext({ state }) : error;
    }
  }

  /** The cluster by name; undefined when AWS says ClusterNotFound. */
  private async findCluster(name: string): Promise<Cluster | undefined> {
    try {
      const output = await this.client.send(new DescribeClustersCommand({ ClusterIdentifier: name }));
      return output.Clusters?.find((cluster) => cluster.ClusterIdentifier === name);
    } catch (raw) {
      const error = toAwsOperationError(raw, 'DescribeClusters', { resource: `cluster ${name}` });
      if (error.fault === 'ClusterNotFound') return undefined;
      throw error;
    }
  }

  private async findSnapshot(name: string): Promise<Snapshot | undefined> {
    try {
      const output = await this.client.send(
        new DescribeClusterSnapshotsCommand({ ClusterIdentifier: this.cluster, SnapshotIdentifier: name }),
      );
      return output.Snapshots?.find((snapshot) => snapshot.SnapshotIdentifier === name);
    } catch (raw) {
      const error = toAwsOperationError(raw, 'DescribeClusterSnapshots', { resource: `cluster ${this.cluster}` });
      if (error.fault === 'ClusterSnapshotNotFound') return undefined;
      throw error;
    }
  }
}

function clusterNotFound(name: string): AwsOperationError {
  return new AwsOperationError({
    fault: 'ClusterNotFound',
    operation: 'DescribeClusters',
    status: 404,
    retryable: false,
    awsMessage: `Cluster ${name} not found.`,
    context: { resource: `cluster ${name}` },
  });
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
