import type { DatabaseImage } from '../../databases';
import { conflict, notFound, quotaExceeded, validation } from '../faults';
import { optionalInteger, optionalString, optionalTags, optionalTimestamp, requiredString } from '../input';
import { paginate } from '../paging';
import { namespaceKey } from '../ports';
import { megabytesOf, type NamespaceRecord, type SnapshotRecord } from '../records';
import { checkMaxResults, checkRetention, checkSnapshotName, checkTags, checkTimeRange } from '../rules';
import type { ServerlessState } from '../state';
import { snapshotWire } from '../wire';
import { availableNamespace } from './guards';
import type { Operation } from './types';

/** Refuses a name already taken (snapshot names are unique per account) or a full quota. */
export function assertSnapshotCanBeAdded(state: ServerlessState, name: string): void {
  if (state.snapshotIfVisible(name)) throw conflict(`A snapshot with the name ${name} already exists.`);
  if (state.visibleSnapshots().length >= state.limits.snapshots) {
    throw quotaExceeded(`You have reached the limit of ${state.limits.snapshots} snapshots for this account. Delete snapshots you no longer need.`);
  }
}

/** Records a manual snapshot holding `image`; it is CREATING for timings.snapshotCreateMs. */
export function addSnapshot(state: ServerlessState, ns: NamespaceRecord, name: string, retentionDays: number, image: DatabaseImage): SnapshotRecord {
  const now = state.now();
  const record: SnapshotRecord = {
    id: globalThis.crypto.randomUUID(),
    name,
    namespaceName: ns.name,
    namespaceId: ns.id,
    adminUsername: ns.adminUsername,
    createdAt: now,
    readyAt: now + state.context.timings.snapshotCreateMs,
    retentionDays,
    image,
    sizeMb: megabytesOf(image),
    failure: state.takeSnapshotFailure(),
  };
  state.snapshots.set(name, record);
  return record;
}

export const createSnapshot: Operation = async (input, state) => {
  const namespaceName = requiredString(input, 'namespaceName');
  const snapshotName = checkSnapshotName('snapshotName', requiredString(input, 'snapshotName'));
  const retention = checkRetention('retentionPeriod', optionalInteger(input, 'retentionPeriod'));
  checkTags(optionalTags(input), snapshotName);
  const ns = availableNamespace(state, namespaceName);
  assertSnapshotCanBeAdded(state, snapshotName);
  const image = await state.databases.image(namespaceKey(ns.name));
  const record = addSnapshot(state, ns, snapshotName, retention, image);
  return { snapshot: snapshotWire(state, record, 'CREATING') };
};

export const getSnapshot: Operation = async (input, state) => {
  const name = optionalString(input, 'snapshotName');
  const arn = optionalString(input, 'snapshotArn');
  if (name === undefined && arn === undefined) throw validation('You must specify either snapshotName or snapshotArn.');
  if (name !== undefined) {
    const { record, status } = state.findSnapshot(name);
    return { snapshot: snapshotWire(state, record, status) };
  }
  const found = state.visibleSnapshots().find(({ record }) => state.arn('snapshot', record.id) === arn);
  if (!found) throw notFound(`Snapshot ${arn ?? ''} not found.`, arn);
  return { snapshot: snapshotWire(state, found.record, found.status) };
};

export const listSnapshots: Operation = async (input, state) => {
  const namespaceName = optionalString(input, 'namespaceName');
  const namespaceArn = optionalString(input, 'namespaceArn');
  const ownerAccount = optionalString(input, 'ownerAccount');
  const start = optionalTimestamp(input, 'startTime');
  const end = optionalTimestamp(input, 'endTime');
  const maxResults = checkMaxResults(optionalInteger(input, 'maxResults'));
  checkTimeRange(start, end);
  const matching = state
    .visibleSnapshots()
    .filter(({ record }) => namespaceName === undefined || record.namespaceName === namespaceName)
    .filter(({ record }) => namespaceArn === undefined || state.arn('namespace', record.namespaceId) === namespaceArn)
    .filter(() => ownerAccount === undefined || ownerAccount === state.context.accountId)
    .filter(({ record }) => (start === undefined || record.createdAt >= start) && (end === undefined || record.createdAt <= end))
    .sort((a, b) => b.record.createdAt - a.record.createdAt || a.record.name.localeCompare(b.record.name));
  const page = paginate(matching, 'ListSnapshots', maxResults, optionalString(input, 'nextToken'), validation);
  return { snapshots: page.items.map(({ record, status }) => snapshotWire(state, record, status)), nextToken: page.nextToken };
};

export const deleteSnapshot: Operation = async (input, state) => {
  const name = requiredString(input, 'snapshotName');
  const { record, status } = state.findSnapshot(name);
  if (status === 'CREATING') throw conflict(`Snapshot ${name} is being created. You can delete it once it is AVAILABLE.`);
  if (status === 'DELETED') throw conflict(`Snapshot ${name} is already being deleted.`);
  if (state.unfinishedRestores().some((r) => r.snapshotName === name)) {
    throw conflict(`Snapshot ${name} is in use by a table restore that is in progress.`);
  }
  record.deletedAt = state.now();
  return { snapshot: snapshotWire(state, record, 'DELETED') };
};
