import { conflict, validation } from '../faults';
import { optionalInteger, optionalString, requiredString } from '../input';
import { paginate } from '../paging';
import { namespaceKey } from '../ports';
import { checkMaxResults, checkResourceName, checkRetention, checkSnapshotName } from '../rules';
import { namespaceWire } from '../wire';
import { addSnapshot, assertSnapshotCanBeAdded } from './snapshots';
import type { Operation } from './types';

export const getNamespace: Operation = async (input, state) => {
  const name = checkResourceName('namespaceName', requiredString(input, 'namespaceName'));
  const { record, status } = state.findNamespace(name);
  return { namespace: namespaceWire(state, record, status) };
};

export const listNamespaces: Operation = async (input, state) => {
  const maxResults = checkMaxResults(optionalInteger(input, 'maxResults'));
  const live = [...state.namespaces.values()]
    .map((record) => ({ record, status: state.namespaceStatus(record) }))
    .filter((entry) => entry.status !== undefined)
    .sort((a, b) => a.record.createdAt - b.record.createdAt || a.record.name.localeCompare(b.record.name));
  const page = paginate(live, 'ListNamespaces', maxResults, optionalString(input, 'nextToken'), validation);
  return {
    namespaces: page.items.map(({ record, status }) => namespaceWire(state, record, status ?? 'AVAILABLE')),
    nextToken: page.nextToken,
  };
};

/**
 * Refused while a workgroup still uses the namespace. A final snapshot, when named, holds the data as
 * the call found it; the namespace stays DELETING until it is available; its databases are dropped once it is gone.
 */
export const deleteNamespace: Operation = async (input, state) => {
  const name = checkResourceName('namespaceName', requiredString(input, 'namespaceName'));
  const finalName = optionalString(input, 'finalSnapshotName');
  const finalRetention = optionalInteger(input, 'finalSnapshotRetentionPeriod');
  if (finalName === undefined && finalRetention !== undefined) {
    throw validation('finalSnapshotRetentionPeriod can be specified only together with finalSnapshotName.');
  }
  if (finalName !== undefined) checkSnapshotName('finalSnapshotName', finalName);
  const retention = checkRetention('finalSnapshotRetentionPeriod', finalRetention);
  const { record, status } = state.findNamespace(name);
  if (status === 'DELETING') throw conflict(`Namespace ${name} is already being deleted.`);
  if (status !== 'AVAILABLE') throw conflict(`Namespace ${name} is currently ${status}. Retry the operation when it is AVAILABLE.`);
  const users = state.workgroupsOf(name);
  if (users.length > 0) {
    throw conflict(`Namespace ${name} is associated with workgroup ${users[0].name}. Delete the workgroup before deleting the namespace.`);
  }
  let snapshotReadyAt = state.now();
  if (finalName !== undefined) {
    assertSnapshotCanBeAdded(state, finalName);
    snapshotReadyAt = addSnapshot(state, record, finalName, retention, await state.databases.image(namespaceKey(name))).readyAt;
  }
  // DELETING while the final snapshot is taken, then for timings.namespaceDeleteMs: gone only once the snapshot is safe.
  record.deletingAt = Math.max(state.now(), snapshotReadyAt);
  return { namespace: namespaceWire(state, record, 'DELETING') };
};
