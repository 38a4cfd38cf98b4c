import { createHash } from 'node:crypto';
import { restoreFigures } from '../restore-progress';
import { nextMaintenanceStart } from './maintenance';
import { availabilityStatus, DAY_MS, restoreStatus, type ClusterRecord, type SnapshotRecord, type TableRestoreRecord } from './model';
import type { RedshiftState } from './state';
import { tagsXml } from './tags';
import { list, node, text, time } from './xml';

/** Records as the Query protocol's XML, field names from the SDK model (Cluster, Snapshot, TableRestoreStatus). */

const PORT = 5439;

/** Managed storage (RA3) or local disk per node, in MB. */
const STORAGE_PER_NODE_MB: Readonly<Record<string, number>> = {
  'ra3.large': 8 * 1024 * 1024,
  'ra3.xlplus': 32 * 1024 * 1024,
  'ra3.4xlarge': 128 * 1024 * 1024,
  'ra3.16xlarge': 128 * 1024 * 1024,
  'dc2.large': 160 * 1024,
  'dc2.8xlarge': 2_560 * 1024,
};

function accountHash(state: RedshiftState): string {
  return createHash('sha256').update(`${state.context.accountId}/${state.context.region}`).digest('hex');
}

function vpcId(state: RedshiftState): string {
  return `vpc-${accountHash(state).slice(0, 17)}`;
}

export function clusterXml(state: RedshiftState, cluster: ClusterRecord, statusOverride?: string): string {
  const { context } = state;
  const now = state.now();
  const status = statusOverride ?? state.status(cluster);
  const hash = accountHash(state);
  const copy = cluster.snapshotCopy;
  const nodes = [text('NodeRole', 'LEADER') + text('PrivateIPAddress', '10.0.1.10')];
  for (let i = 0; i < cluster.numberOfNodes; i += 1) {
    nodes.push(text('NodeRole', `COMPUTE-${i}`) + text('PrivateIPAddress', `10.0.1.${11 + i}`));
  }
  return [
    text('ClusterIdentifier', cluster.identifier),
    text('NodeType', cluster.nodeType),
    text('ClusterStatus', status),
    text('ClusterAvailabilityStatus', availabilityStatus(status)),
    text('MasterUsername', cluster.masterUsername),
    text('DBName', cluster.dbName),
    // A cluster being created has no endpoint yet.
    status === 'creating'
      ? ''
      : node(
          'Endpoint',
          text('Address', `${cluster.identifier}.${hash.slice(0, 12)}.${context.region}.redshift.amazonaws.com`),
          text('Port', PORT),
        ),
    time('ClusterCreateTime', cluster.createdAt),
    text('AutomatedSnapshotRetentionPeriod', cluster.automatedRetentionDays),
    text('ManualSnapshotRetentionPeriod', cluster.manualRetentionDays),
    node('ClusterSecurityGroups'),
    list('VpcSecurityGroups', 'VpcSecurityGroup', [text('VpcSecurityGroupId', `sg-${hash.slice(17, 34)}`) + text('Status', 'active')]),
    list('ClusterParameterGroups', 'ClusterParameterGroup', [
      text('ParameterGroupName', 'default.redshift-1.0') + text('ParameterApplyStatus', 'in-sync'),
    ]),
    text('ClusterSubnetGroupName', 'default'),
    text('VpcId', vpcId(state)),
    text('AvailabilityZone', cluster.availabilityZone),
    text('PreferredMaintenanceWindow', cluster.maintenanceWindowText),
    node('PendingModifiedValues'),
    text('ClusterVersion', '1.0'),
    text('AllowVersionUpgrade', true),
    text('NumberOfNodes', cluster.numberOfNodes),
    text('PubliclyAccessible', false),
    text('Encrypted', cluster.encrypted ?? true),
    text('KmsKeyId', cluster.kmsKeyId),
    restoreStatusXml(cluster, now),
    copy
      ? node(
          'ClusterSnapshotCopyStatus',
          text('DestinationRegion', copy.destinationRegion),
          text('RetentionPeriod', copy.retentionPeriod),
          text('ManualSnapshotRetentionPeriod', copy.manualRetentionPeriod),
          text('SnapshotCopyGrantName', copy.grantName),
        )
      : '',
    // ClusterNodesList has no xmlName in the model, so its members are <member>.
    list('ClusterNodes', 'member', nodes),
    text('ClusterRevisionNumber', '78453'),
    tagsXml(cluster.tags),
    text('EnhancedVpcRouting', false),
    node('IamRoles'),
    text('MaintenanceTrackName', 'current'),
    list(
      'DeferredMaintenanceWindows',
      'DeferredMaintenanceWindow',
      cluster.deferredWindows
        .filter((d) => d.end > now)
        .map(
          (d) =>
            text('DeferMaintenanceIdentifier', d.identifier) +
            time('DeferMaintenanceStartTime', d.start) +
            time('DeferMaintenanceEndTime', d.end),
        ),
    ),
    time('NextMaintenanceWindowStartTime', nextMaintenanceStart(cluster.maintenanceWindow, now, cluster.deferredWindows)),
    text('AvailabilityZoneRelocationStatus', 'disabled'),
    text('ClusterNamespaceArn', `arn:aws:redshift:${context.region}:${context.accountId}:namespace:${cluster.namespaceId}`),
    text('TotalStorageCapacityInMegaBytes', (STORAGE_PER_NODE_MB[cluster.nodeType] ?? 0) * cluster.numberOfNodes),
    text('MultiAZ', 'Disabled'),
  ].join('');
}

/**
 * RestoreStatus of a cluster restored from a snapshot (absent otherwise): `restoring` while it is
 * created, then `completed`. The figures are documented as updated only for DC2 node types.
 */
function restoreStatusXml(cluster: ClusterRecord, now: number): string {
  const restore = cluster.restore;
  if (!restore) return '';
  const done = now >= restore.until;
  if (!cluster.nodeType.startsWith('dc2.')) return node('RestoreStatus', text('Status', done ? 'completed' : 'restoring'));
  const durationMs = Math.max(1, restore.until - restore.startedAt);
  const elapsedMs = Math.min(durationMs, Math.max(0, now - restore.startedAt));
  const total = restore.snapshotMegabytes;
  return node(
    'RestoreStatus',
    text('Status', done ? 'completed' : 'restoring'),
    text('CurrentRestoreRateInMegaBytesPerSecond', round(total / (durationMs / 1000))),
    text('SnapshotSizeInMegaBytes', Math.round(total)),
    text('ProgressInMegaBytes', Math.round((total * elapsedMs) / durationMs)),
    text('ElapsedTimeInSeconds', Math.floor(elapsedMs / 1000)),
    text('EstimatedTimeToCompletionInSeconds', Math.ceil((durationMs - elapsedMs) / 1000)),
  );
}

export function snapshotArn(state: RedshiftState, snapshot: SnapshotRecord): string {
  return `arn:aws:redshift:${state.context.region}:${state.context.accountId}:snapshot:${snapshot.clusterIdentifier}/${snapshot.identifier}`;
}

export function snapshotXml(state: RedshiftState, snapshot: SnapshotRecord, statusOverride?: string): string {
  const now = state.now();
  const status = statusOverride ?? state.snapshotStatus(snapshot);
  const totalMb = snapshot.image.megabytes();
  const durationMs = snapshot.readyAt - snapshot.createdAt;
  const elapsedMs = Math.max(0, Math.min(now, snapshot.readyAt) - snapshot.createdAt);
  const fraction = durationMs > 0 ? Math.min(1, elapsedMs / durationMs) : 1;
  const progressMb = round(totalMb * fraction);
  const rate = elapsedMs > 0 ? round(progressMb / (elapsedMs / 1000)) : progressMb;
  const retention = snapshot.manualRetentionDays;
  const remaining =
    retention === undefined
      ? undefined
      : retention === -1
        ? -1
        : Math.max(0, retention - Math.floor((now - snapshot.retentionStart) / DAY_MS));
  return [
    text('SnapshotIdentifier', snapshot.identifier),
    text('ClusterIdentifier', snapshot.clusterIdentifier),
    time('SnapshotCreateTime', snapshot.createdAt),
    text('Status', status),
    text('Port', PORT),
    text('AvailabilityZone', snapshot.cluster.availabilityZone),
    time('ClusterCreateTime', snapshot.cluster.createdAt),
    text('MasterUsername', snapshot.cluster.masterUsername),
    text('ClusterVersion', '1.0'),
    text('EngineFullVersion', '1.0.78453'),
    text('SnapshotType', snapshot.type),
    text('NodeType', snapshot.cluster.nodeType),
    text('NumberOfNodes', snapshot.cluster.numberOfNodes),
    text('DBName', snapshot.cluster.dbName),
    text('VpcId', vpcId(state)),
    text('Encrypted', snapshot.cluster.encrypted ?? true),
    text('KmsKeyId', snapshot.cluster.kmsKeyId),
    text('EncryptedWithHSM', false),
    text('OwnerAccount', state.context.accountId),
    text('TotalBackupSizeInMegaBytes', totalMb),
    text('ActualIncrementalBackupSizeInMegaBytes', totalMb),
    text('BackupProgressInMegaBytes', progressMb),
    text('CurrentBackupRateInMegaBytesPerSecond', rate),
    text('EstimatedSecondsToCompletion', Math.max(0, Math.ceil((snapshot.readyAt - now) / 1000))),
    text('ElapsedTimeInSeconds', Math.floor(elapsedMs / 1000)),
    tagsXml(snapshot.tags),
    text('EnhancedVpcRouting', false),
    text('MaintenanceTrackName', 'current'),
    text('ManualSnapshotRetentionPeriod', retention),
    text('ManualSnapshotRemainingDays', remaining),
    time('SnapshotRetentionStartTime', snapshot.retentionStart),
    text('SnapshotArn', snapshotArn(state, snapshot)),
  ].join('');
}

export function restoreXml(state: RedshiftState, restore: TableRestoreRecord, statusOverride?: string): string {
  const now = state.now();
  const status = statusOverride ?? restoreStatus(restore, now);
  const outcome = restore.outcome;
  const figures = restoreFigures(outcome);
  const r = restore.requested;
  return [
    text('TableRestoreRequestId', restore.id),
    text('Status', status),
    text('Message', outcome && outcome.status !== 'SUCCEEDED' ? outcome.message : undefined),
    time('RequestTime', restore.requestedAt),
    text('ProgressInMegaBytes', figures.progressMb),
    text('TotalDataInMegaBytes', figures.totalMb),
    text('ClusterIdentifier', restore.clusterIdentifier),
    text('SnapshotIdentifier', restore.snapshotIdentifier),
    text('SourceDatabaseName', r.sourceDatabase),
    text('SourceSchemaName', r.sourceSchema),
    text('SourceTableName', r.sourceTable),
    text('TargetDatabaseName', r.targetDatabase),
    text('TargetSchemaName', r.targetSchema),
    text('NewTableName', r.newTable),
  ].join('');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
