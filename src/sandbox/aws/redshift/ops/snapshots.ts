import { faults } from '../faults';
import { DAY_MS, type SnapshotRecord } from '../model';
import { snapshotArn, snapshotXml } from '../render';
import { checkManualRetention, checkSnapshotIdentifier, paginate } from '../rules';
import type { RedshiftState } from '../state';
import { matchesTagFilter, readTagFilter, readTags } from '../tags';
import { list, node, text } from '../xml';
import type { Operation } from './operation';

/** CreateClusterSnapshot, DescribeClusterSnapshots, DeleteClusterSnapshot, ModifyClusterSnapshot. */

export const createClusterSnapshot: Operation = async (state, input) => {
  const identifier = input.requiredString('SnapshotIdentifier');
  const clusterId = input.requiredString('ClusterIdentifier');
  const retention = input.integer('ManualSnapshotRetentionPeriod');
  const tags = readTags(input);
  checkSnapshotIdentifier(identifier);
  if (retention !== undefined) checkManualRetention(retention);
  const cluster = state.requireCluster(clusterId);
  if (state.snapshots.has(identifier)) throw faults.snapshotAlreadyExists(identifier);
  const status = state.status(cluster);
  if (status !== 'available') {
    throw faults.invalidClusterState(
      `Cannot create snapshot ${identifier} because cluster ${cluster.identifier} is in ${status} state. A snapshot can be taken only of an available cluster.`,
    );
  }
  if (state.manualSnapshotCount() >= state.limits.manualSnapshotQuota) throw faults.snapshotQuotaExceeded();
  const snapshot = state.startSnapshot(cluster, { identifier, type: 'manual', manualRetentionDays: retention });
  if (tags.length > 0) snapshot.tags = tags;
  await snapshot.image.result;
  // CreateClusterSnapshot always answers `creating`, whatever the timings.
  return node('Snapshot', snapshotXml(state, snapshot, 'creating'));
};

const SORT_ATTRIBUTES = ['SOURCE_TYPE', 'TOTAL_SIZE', 'CREATE_TIME'] as const;
type SortAttribute = (typeof SORT_ATTRIBUTES)[number];

export const describeClusterSnapshots: Operation = async (state, input) => {
  const clusterId = input.string('ClusterIdentifier')?.toLowerCase();
  const identifier = input.string('SnapshotIdentifier');
  const arn = input.string('SnapshotArn');
  const type = input.string('SnapshotType');
  const startTime = input.timestamp('StartTime');
  const endTime = input.timestamp('EndTime');
  const clusterExists = input.boolean('ClusterExists');
  const ownerAccount = input.string('OwnerAccount');
  const tagFilter = readTagFilter(input);
  const sorting = input.structures('SortingEntities', 'SnapshotSortingEntity').map(readSorting);
  if (type !== undefined && type !== 'automated' && type !== 'manual') {
    throw faults.invalidValue(`Invalid SnapshotType ${type}: use automated or manual.`);
  }
  if (clusterExists === true && !clusterId) throw faults.invalidCombination('ClusterIdentifier is required when ClusterExists is true.');
  if (identifier && arn) throw faults.invalidCombination('Specify SnapshotIdentifier or SnapshotArn, not both.');
  if (startTime !== undefined && endTime !== undefined && endTime < startTime) {
    throw faults.invalidValue('EndTime must be later than StartTime.');
  }

  let snapshots = [...state.snapshots.values()];
  if (identifier !== undefined) snapshots = [state.requireSnapshot(identifier)];
  if (arn !== undefined) {
    snapshots = snapshots.filter((s) => snapshotArn(state, s) === arn);
    if (snapshots.length === 0) throw faults.snapshotNotFound(arn);
  }
  if (clusterId) {
    snapshots = snapshots.filter((s) => s.clusterIdentifier === clusterId);
    const known =
      state.findCluster(clusterId) !== undefined || [...state.snapshots.values()].some((s) => s.clusterIdentifier === clusterId);
    if (!known) throw faults.clusterNotFound(clusterId);
  }
  // Table restore needs a snapshot of a cluster that still exists; ClusterExists filters on that.
  if (clusterExists !== undefined)
    snapshots = snapshots.filter((s) => (state.findCluster(s.clusterIdentifier) !== undefined) === clusterExists);
  if (type !== undefined) snapshots = snapshots.filter((s) => s.type === type);
  // Every snapshot here is the account's own; another account's would be shared ones, and none are.
  if (ownerAccount !== undefined && ownerAccount !== state.context.accountId) snapshots = [];
  snapshots = snapshots.filter((s) => matchesTagFilter(s.tags, tagFilter));
  if (startTime !== undefined) snapshots = snapshots.filter((s) => s.createdAt >= startTime);
  if (endTime !== undefined) snapshots = snapshots.filter((s) => s.createdAt <= endTime);
  snapshots.sort(comparator(sorting));

  const page = paginate(snapshots, input);
  return (
    text('Marker', page.marker) +
    list(
      'Snapshots',
      'Snapshot',
      page.items.map((s) => snapshotXml(state, s)),
    )
  );
};

function readSorting(fields: Map<string, string>): { attribute: SortAttribute; descending: boolean } {
  const attribute = fields.get('Attribute') ?? '';
  const order = (fields.get('SortOrder') ?? 'ASC').toUpperCase();
  if (!SORT_ATTRIBUTES.includes(attribute as SortAttribute)) {
    throw faults.invalidValue(`Invalid sorting attribute ${attribute}: use SOURCE_TYPE, TOTAL_SIZE or CREATE_TIME.`);
  }
  if (order !== 'ASC' && order !== 'DESC') throw faults.invalidValue(`Invalid SortOrder ${order}: use ASC or DESC.`);
  return { attribute: attribute as SortAttribute, descending: order === 'DESC' };
}

/** Oldest first unless SortingEntities say otherwise; the identifier breaks ties so pages are stable. */
function comparator(sorting: ReadonlyArray<{ attribute: SortAttribute; descending: boolean }>) {
  const keys = sorting.length > 0 ? sorting : [{ attribute: 'CREATE_TIME' as const, descending: false }];
  return (a: SnapshotRecord, b: SnapshotRecord): number => {
    for (const key of keys) {
      const diff = compareBy(key.attribute, a, b);
      if (diff !== 0) return key.descending ? -diff : diff;
    }
    return a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0;
  };
}

function compareBy(attribute: SortAttribute, a: SnapshotRecord, b: SnapshotRecord): number {
  switch (attribute) {
    case 'CREATE_TIME':
      return a.createdAt - b.createdAt;
    case 'TOTAL_SIZE':
      return a.image.megabytes() - b.image.megabytes();
    case 'SOURCE_TYPE':
      return a.type.localeCompare(b.type);
  }
}

export const deleteClusterSnapshot: Operation = async (state, input) => {
  const identifier = input.requiredString('SnapshotIdentifier');
  const clusterId = input.string('SnapshotClusterIdentifier')?.toLowerCase();
  const snapshot = state.snapshots.get(identifier);
  if (!snapshot || (clusterId && snapshot.clusterIdentifier !== clusterId)) throw faults.snapshotNotFound(identifier);
  if (snapshot.type === 'automated') {
    throw faults.invalidSnapshotState(
      `Cannot delete the snapshot ${identifier} because only manual snapshots may be deleted. Automated snapshots are deleted when their retention period ends.`,
    );
  }
  const status = state.snapshotStatus(snapshot);
  if (status !== 'available' && status !== 'failed') {
    throw faults.invalidSnapshotState(
      `Cannot delete the snapshot ${identifier} because it is in ${status} state. Wait until it is available.`,
    );
  }
  state.snapshots.delete(identifier);
  return node('Snapshot', snapshotXml(state, snapshot, 'deleted'));
};

export const modifyClusterSnapshot: Operation = async (state, input) => {
  const identifier = input.requiredString('SnapshotIdentifier');
  const retention = input.integer('ManualSnapshotRetentionPeriod');
  const force = input.boolean('Force') ?? false;
  if (retention !== undefined) checkManualRetention(retention);
  const snapshot = state.requireSnapshot(identifier);
  if (snapshot.type === 'automated') {
    throw faults.invalidSnapshotState(
      `Cannot modify the retention period of automated snapshot ${identifier}; only manual snapshots have one.`,
    );
  }
  if (state.snapshotStatus(snapshot) === 'failed') {
    throw faults.invalidSnapshotState(`Cannot modify snapshot ${identifier} because it is in failed state.`);
  }
  if (retention !== undefined) {
    if (retention !== -1 && !force && passed(state, snapshot, retention)) {
      throw faults.invalidRetention(
        `The retention period of ${retention} days has already passed for snapshot ${identifier}. Use Force to apply it; the snapshot is then deleted.`,
      );
    }
    snapshot.manualRetentionDays = retention;
  }
  return node('Snapshot', snapshotXml(state, snapshot));
};

function passed(state: RedshiftState, snapshot: SnapshotRecord, days: number): boolean {
  return state.now() >= snapshot.retentionStart + days * DAY_MS;
}
