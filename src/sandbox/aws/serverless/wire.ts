import {
  snapshotExpiresAt,
  snapshotRemainingDays,
  tableRestoreState,
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
import { restoreFigures } from '../restore-progress';
import type { ServerlessState } from './state';

/**
 * Records as the service writes them. Timestamp members the model marks `iso8601` (creationDate,
 * snapshotCreateTime, recoveryPointCreateTime, …) are ISO strings; TableRestoreStatus.requestTime
 * has no format trait, so awsJson1_1 sends it as epoch seconds.
 */
export type Wire = Record<string, unknown>;

const iso = (ms: number): string => new Date(ms).toISOString();
const epochSeconds = (ms: number): number => ms / 1000;
const KMS_KEY = 'AWS_OWNED_KMS_KEY';
const PORT = 5439;

export function namespaceWire(state: ServerlessState, ns: NamespaceRecord, status: NamespaceStatus): Wire {
  return {
    namespaceArn: state.arn('namespace', ns.id),
    namespaceId: ns.id,
    namespaceName: ns.name,
    adminUsername: ns.adminUsername,
    dbName: ns.dbName,
    kmsKeyId: KMS_KEY,
    iamRoles: [],
    logExports: [],
    status,
    creationDate: iso(ns.createdAt),
  };
}

export function workgroupWire(state: ServerlessState, wg: WorkgroupRecord, status: WorkgroupStatus): Wire {
  const { region, accountId } = state.context;
  const address = `${wg.name}.${accountId}.${region}.redshift-serverless.amazonaws.com`;
  return {
    workgroupId: wg.id,
    workgroupArn: state.arn('workgroup', wg.id),
    workgroupName: wg.name,
    namespaceName: wg.namespaceName,
    baseCapacity: wg.baseCapacity,
    maxCapacity: wg.maxCapacity,
    enhancedVpcRouting: false,
    configParameters: wg.configParameters,
    securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
    subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-18f6e5d4c3b2a1f0a', 'subnet-2c3d4e5f607180a1b'],
    status,
    endpoint: status === 'CREATING' ? undefined : { address, port: PORT, vpcEndpoints: [] },
    publiclyAccessible: wg.publiclyAccessible,
    creationDate: iso(wg.createdAt),
    port: PORT,
    workgroupVersion: '1.0.94375',
    patchVersion: 'patch 188',
    ipAddressType: 'ipv4',
    trackName: 'current',
  };
}

export function snapshotWire(state: ServerlessState, snap: SnapshotRecord, status: SnapshotStatus): Wire {
  const now = state.now();
  const creating = status === 'CREATING';
  const span = Math.max(1, snap.readyAt - snap.createdAt);
  const elapsed = Math.max(0, Math.min(now, snap.readyAt) - snap.createdAt);
  const progress = creating ? Math.round(snap.sizeMb * (elapsed / span) * 100) / 100 : snap.sizeMb;
  return {
    namespaceName: snap.namespaceName,
    namespaceArn: state.arn('namespace', snap.namespaceId),
    snapshotName: snap.name,
    snapshotCreateTime: iso(snap.createdAt),
    adminUsername: snap.adminUsername,
    status,
    kmsKeyId: KMS_KEY,
    ownerAccount: state.context.accountId,
    totalBackupSizeInMegaBytes: snap.sizeMb,
    actualIncrementalBackupSizeInMegaBytes: snap.sizeMb,
    backupProgressInMegaBytes: progress,
    currentBackupRateInMegaBytesPerSecond: Math.round((snap.sizeMb / (span / 1000)) * 100) / 100,
    estimatedSecondsToCompletion: creating ? Math.ceil((snap.readyAt - now) / 1000) : 0,
    elapsedTimeInSeconds: Math.round(elapsed / 1000),
    snapshotRetentionPeriod: snap.retentionDays,
    snapshotRemainingDays: snapshotRemainingDays(snap, now),
    snapshotRetentionStartTime: snapshotExpiresAt(snap) === undefined ? undefined : iso(snap.readyAt),
    snapshotArn: state.arn('snapshot', snap.id),
    accountsWithRestoreAccess: [],
    accountsWithProvisionedRestoreAccess: [],
  };
}

export function recoveryPointWire(state: ServerlessState, point: RecoveryPointRecord): Wire {
  return {
    recoveryPointId: point.id,
    recoveryPointCreateTime: iso(point.createdAt),
    totalSizeInMegaBytes: point.sizeMb,
    namespaceName: point.namespaceName,
    workgroupName: state.workgroupsOf(point.namespaceName)[0]?.name,
    namespaceArn: state.arn('namespace', point.namespaceId),
  };
}

export function tableRestoreWire(state: ServerlessState, restore: TableRestoreRecord): Wire {
  const now = state.now();
  const status = tableRestoreState(restore, now, state.context.timings);
  const outcome = restore.outcome;
  const figures = restoreFigures(outcome);
  return {
    tableRestoreRequestId: restore.id,
    status,
    message:
      outcome && outcome.status !== 'SUCCEEDED'
        ? outcome.message
        : outcome?.status === 'SUCCEEDED'
          ? `Restored ${outcome.rows} rows.`
          : undefined,
    requestTime: epochSeconds(restore.requestedAt),
    namespaceName: restore.namespaceName,
    workgroupName: restore.workgroupName,
    snapshotName: restore.snapshotName,
    recoveryPointId: restore.recoveryPointId,
    progressInMegaBytes: figures.progressMb,
    totalDataInMegaBytes: figures.totalMb,
    sourceDatabaseName: restore.sourceDatabaseName,
    sourceSchemaName: restore.sourceSchemaName,
    sourceTableName: restore.sourceTableName,
    targetDatabaseName: restore.targetDatabaseName,
    targetSchemaName: restore.targetSchemaName,
    newTableName: restore.newTableName,
  };
}

export function usageLimitWire(limit: UsageLimitRecord): Wire {
  return {
    usageLimitId: limit.id,
    usageLimitArn: limit.arn,
    resourceArn: limit.resourceArn,
    usageType: limit.usageType,
    amount: limit.amount,
    period: limit.period,
    breachAction: limit.breachAction,
  };
}

export function snapshotCopyConfigurationWire(copy: SnapshotCopyConfigurationRecord): Wire {
  return {
    snapshotCopyConfigurationId: copy.id,
    snapshotCopyConfigurationArn: copy.arn,
    namespaceName: copy.namespaceName,
    destinationRegion: copy.destinationRegion,
    snapshotRetentionPeriod: copy.retentionDays,
    destinationKmsKeyId: copy.destinationKmsKeyId,
  };
}
