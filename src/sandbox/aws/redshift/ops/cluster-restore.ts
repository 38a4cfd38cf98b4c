import { AwsFault } from '../../core';
import { faults } from '../faults';
import { parseMaintenanceWindow } from '../maintenance';
import type { SnapshotRecord } from '../model';
import { clusterKey } from '../ports';
import type { QueryInput } from '../query-input';
import { clusterXml, snapshotArn } from '../render';
import { checkAutomatedRetention, checkClusterIdentifier, checkManualRetention, NODE_TYPES } from '../rules';
import type { RedshiftState } from '../state';
import { node } from '../xml';
import type { Operation } from './operation';

/**
 * RestoreFromClusterSnapshot: a NEW cluster from a snapshot, `creating` (RestoreStatus `restoring`)
 * for timings.clusterRestoreMs, then `available` (RestoreStatus `completed`). Its database is the
 * snapshot's image, loaded at once; the snapshot's source cluster is untouched.
 */

const MAX_NODES_PER_CLUSTER = 128;

/** The parameters the emulator implements; anything else is refused rather than ignored. */
const IMPLEMENTED = new Set([
  'Action',
  'Version',
  'ClusterIdentifier',
  'SnapshotIdentifier',
  'SnapshotArn',
  'SnapshotClusterIdentifier',
  'OwnerAccount',
  'NodeType',
  'NumberOfNodes',
  'AutomatedSnapshotRetentionPeriod',
  'ManualSnapshotRetentionPeriod',
  'PreferredMaintenanceWindow',
  'KmsKeyId',
  'Encrypted',
]);

export const restoreFromClusterSnapshot: Operation = async (state, input) => {
  const unsupported = Object.keys(input.record()).filter((name) => !IMPLEMENTED.has(name));
  if (unsupported.length > 0) {
    throw faults.unsupported(`The emulator's RestoreFromClusterSnapshot does not take ${unsupported.join(', ')}.`);
  }
  const identifier = checkClusterIdentifier(input.requiredString('ClusterIdentifier'));
  const snapshot = findSnapshot(state, input);
  const source = snapshot.cluster;
  const nodeType = input.string('NodeType') ?? source.nodeType;
  const numberOfNodes = input.integer('NumberOfNodes') ?? source.numberOfNodes;
  const automated = input.integer('AutomatedSnapshotRetentionPeriod') ?? source.automatedRetentionDays ?? 1;
  const manual = input.integer('ManualSnapshotRetentionPeriod') ?? source.manualRetentionDays ?? -1;
  const window = input.string('PreferredMaintenanceWindow') ?? source.maintenanceWindowText;
  const kmsKeyId = input.string('KmsKeyId') ?? source.kmsKeyId;
  const encrypted = (source.encrypted ?? true) || input.boolean('Encrypted') === true || kmsKeyId !== undefined;
  checkNodes(nodeType, numberOfNodes, source.nodeType);
  checkAutomatedRetention(automated, nodeType);
  checkManualRetention(manual);
  if (window !== undefined) parseMaintenanceWindow(window);

  const status = state.snapshotStatus(snapshot);
  if (status !== 'available') {
    throw faults.invalidSnapshotState(
      `Snapshot ${snapshot.identifier} is in ${status} state. A cluster can be restored only from an available snapshot.`,
    );
  }
  if (state.clusters.has(identifier)) throw faults.clusterAlreadyExists(identifier);
  const nodesInUse = state.liveClusters().reduce((sum, c) => sum + c.numberOfNodes, 0);
  if (nodesInUse + numberOfNodes > state.limits.nodeQuota) throw faults.nodesQuota(state.limits.nodeQuota);
  const image = await snapshot.image.result;
  if (image instanceof Error) {
    throw faults.invalidSnapshotState(`Snapshot ${snapshot.identifier} cannot be restored: its data could not be read.`);
  }
  // Checked again: another request may have taken the name while the image was awaited.
  if (state.clusters.has(identifier)) throw faults.clusterAlreadyExists(identifier);

  const now = state.now();
  const until = now + state.context.timings.clusterRestoreMs;
  const cluster = state.newCluster({
    identifier,
    nodeType,
    numberOfNodes,
    dbName: source.dbName,
    masterUsername: source.masterUsername,
    automatedRetentionDays: automated,
    manualRetentionDays: manual,
    maintenanceWindow: window,
    encrypted,
    kmsKeyId,
    availabilityZone: source.availabilityZone,
  });
  cluster.phases = [{ status: 'creating', until }];
  cluster.lastAutomatedSnapshotAt = until;
  cluster.restore = { snapshotIdentifier: snapshot.identifier, snapshotMegabytes: snapshot.image.megabytes(), startedAt: now, until };
  state.clusters.set(identifier, cluster);
  try {
    await state.databases.restoreWhole(clusterKey(identifier), image);
  } catch (error) {
    state.clusters.delete(identifier);
    await Promise.resolve(state.databases.drop(clusterKey(identifier))).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new AwsFault('InternalFailure', `The snapshot's data could not be loaded: ${reason}`, 500, 'Receiver');
  }
  return node('Cluster', clusterXml(state, cluster));
};

/** By SnapshotIdentifier (not case sensitive, as the reference says) or SnapshotArn, never both. */
function findSnapshot(state: RedshiftState, input: QueryInput): SnapshotRecord {
  const id = input.string('SnapshotIdentifier');
  const arn = input.string('SnapshotArn');
  const clusterId = input.string('SnapshotClusterIdentifier')?.toLowerCase();
  const owner = input.string('OwnerAccount');
  if (id && arn) throw faults.invalidCombination('Specify SnapshotIdentifier or SnapshotArn, not both.');
  if (!id && !arn) throw faults.missingParameter('SnapshotIdentifier');
  const named = id ?? arn ?? '';
  // Every snapshot here is the account's own; another account's would have to be shared, and none are.
  if (owner !== undefined && owner !== state.context.accountId) throw faults.snapshotNotFound(named);
  const snapshots = [...state.snapshots.values()];
  const found = id
    ? (state.snapshots.get(id) ?? snapshots.find((s) => s.identifier.toLowerCase() === id.toLowerCase()))
    : snapshots.find((s) => snapshotArn(state, s) === arn);
  if (!found || (clusterId !== undefined && found.clusterIdentifier !== clusterId)) throw faults.snapshotNotFound(named);
  return found;
}

/** A documented node type, at least one node; a DC2 snapshot restores only to its own DC2 size (or to RA3). */
function checkNodes(nodeType: string, numberOfNodes: number, sourceType: string): void {
  if (!NODE_TYPES.has(nodeType)) throw faults.invalidValue(`Invalid node type: ${nodeType}.`);
  if (numberOfNodes < 1) throw faults.invalidValue(`Invalid NumberOfNodes ${numberOfNodes}: a cluster has at least one node.`);
  // The Management Guide's quotas: at most 128 DC2 or RA3 nodes in a cluster.
  if (numberOfNodes > MAX_NODES_PER_CLUSTER) throw faults.nodesPerClusterLimit(MAX_NODES_PER_CLUSTER);
  if (sourceType.startsWith('dc2.') && nodeType.startsWith('dc2.') && nodeType !== sourceType) {
    throw faults.invalidRestore(
      `A snapshot of a ${sourceType} cluster can't be restored to ${nodeType}: a DC2 snapshot restores only to the same node type and size.`,
    );
  }
}
