import { faults } from '../faults';
import type { TableRestoreSpec } from '../../databases';
import { clusterKey } from '../ports';
import { restoreXml } from '../render';
import { paginate } from '../rules';
import { list, node, text } from '../xml';
import type { Operation } from './operation';

/** RestoreTableFromClusterSnapshot and DescribeTableRestoreStatus. */

/** Part of timings.tableRestoreMs spent PENDING before the copy starts. */
const PENDING_SHARE = 0.1;

export const restoreTableFromClusterSnapshot: Operation = async (state, input) => {
  const clusterId = input.requiredString('ClusterIdentifier');
  const snapshotId = input.requiredString('SnapshotIdentifier');
  const sourceDatabase = input.requiredString('SourceDatabaseName');
  const sourceTable = input.requiredString('SourceTableName');
  const newTable = input.requiredString('NewTableName');
  const sourceSchema = input.string('SourceSchemaName') || 'public';
  const requested: TableRestoreSpec = {
    sourceDatabase,
    sourceSchema,
    sourceTable,
    targetDatabase: input.string('TargetDatabaseName') || sourceDatabase,
    targetSchema: input.string('TargetSchemaName') || sourceSchema,
    newTable,
  };
  const caseSensitive = input.boolean('EnableCaseSensitiveIdentifier') ?? false;
  for (const [parameter, name] of Object.entries(requested)) {
    if (Buffer.byteLength(name, 'utf8') > 127)
      throw faults.invalidTableRestore(`The ${parameter} name "${name}" is longer than 127 bytes.`);
  }

  const cluster = state.requireCluster(clusterId);
  const snapshot = state.requireSnapshot(snapshotId);
  if (snapshot.clusterIdentifier !== cluster.identifier) {
    throw faults.invalidTableRestore(
      `Snapshot ${snapshotId} was taken of cluster ${snapshot.clusterIdentifier}. A table can be restored only into the cluster the snapshot was taken of.`,
    );
  }
  const snapshotStatus = state.snapshotStatus(snapshot);
  if (snapshotStatus !== 'available') {
    throw faults.invalidSnapshotState(
      `Snapshot ${snapshotId} is in ${snapshotStatus} state. A table can be restored only from an available snapshot.`,
    );
  }
  const status = state.status(cluster);
  if (status !== 'available') {
    throw faults.invalidClusterState(`Cannot restore a table into cluster ${cluster.identifier} because it is in ${status} state.`);
  }
  if (state.restoreInProgress(cluster.identifier)) throw faults.tableRestoreQuota();

  // Unquoted identifiers fold to lower case, as Redshift folds them unless case sensitivity is on.
  const fold = (name: string): string => (caseSensitive ? name : name.toLowerCase());
  const target: TableRestoreSpec = {
    sourceDatabase: fold(requested.sourceDatabase),
    sourceSchema: fold(requested.sourceSchema),
    sourceTable: fold(requested.sourceTable),
    targetDatabase: fold(requested.targetDatabase),
    targetSchema: fold(requested.targetSchema),
    newTable: fold(requested.newTable),
  };
  const exists = await state.databases.tableExists(
    clusterKey(cluster.identifier),
    target.targetDatabase,
    target.targetSchema,
    target.newTable,
  );
  if (exists) {
    throw faults.invalidTableRestore(
      `Table ${requested.targetSchema}.${requested.newTable} already exists in database ${requested.targetDatabase}. ` +
        'A table restore never overwrites an existing table; choose another NewTableName.',
    );
  }
  // Checked again: another request may have started a restore while we looked at the database.
  if (state.restoreInProgress(cluster.identifier)) throw faults.tableRestoreQuota();

  const now = state.now();
  const duration = state.context.timings.tableRestoreMs;
  const restore = {
    id: globalThis.crypto.randomUUID(),
    clusterIdentifier: cluster.identifier,
    snapshotIdentifier: snapshot.identifier,
    requested,
    target,
    requestedAt: now,
    startsAt: now + Math.round(duration * PENDING_SHARE),
    endsAt: now + duration,
    image: snapshot.image,
    injectedFailure: state.takeRestoreFailure(),
  };
  state.restores.set(restore.id, restore);
  return node('TableRestoreStatus', restoreXml(state, restore, 'PENDING'));
};

export const describeTableRestoreStatus: Operation = async (state, input) => {
  const clusterId = input.string('ClusterIdentifier')?.toLowerCase();
  const requestId = input.string('TableRestoreRequestId');
  let restores = [...state.restores.values()];
  if (clusterId) {
    restores = restores.filter((r) => r.clusterIdentifier === clusterId);
    if (!state.findCluster(clusterId) && restores.length === 0) throw faults.clusterNotFound(clusterId);
  }
  if (requestId !== undefined) {
    restores = restores.filter((r) => r.id === requestId);
    if (restores.length === 0) throw faults.tableRestoreNotFound(requestId);
  }
  const page = paginate(restores, input);
  return (
    list(
      'TableRestoreStatusDetails',
      'TableRestoreStatus',
      page.items.map((r) => restoreXml(state, r)),
    ) + text('Marker', page.marker)
  );
};
