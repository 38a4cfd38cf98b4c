import { validation } from '../faults';
import { optionalInteger, optionalString, optionalTags, optionalTimestamp, requiredString } from '../input';
import { paginate } from '../paging';
import { refreshAllRecoveryPoints, refreshRecoveryPoints } from '../recovery-schedule';
import { checkMaxResults, checkResourceName, checkRetention, checkSnapshotName, checkTags, checkTimeRange } from '../rules';
import { recoveryPointWire, snapshotWire } from '../wire';
import { availableNamespace } from './guards';
import { addSnapshot, assertSnapshotCanBeAdded } from './snapshots';
import type { Operation } from './types';

export const listRecoveryPoints: Operation = async (input, state) => {
  const namespaceName = optionalString(input, 'namespaceName');
  const namespaceArn = optionalString(input, 'namespaceArn');
  const start = optionalTimestamp(input, 'startTime');
  const end = optionalTimestamp(input, 'endTime');
  const maxResults = checkMaxResults(optionalInteger(input, 'maxResults'));
  checkTimeRange(start, end);
  if (namespaceName !== undefined) {
    checkResourceName('namespaceName', namespaceName);
    await refreshRecoveryPoints(state, state.findNamespace(namespaceName).record);
  } else {
    await refreshAllRecoveryPoints(state);
  }
  const matching = state
    .visibleRecoveryPoints()
    .filter((p) => namespaceName === undefined || p.namespaceName === namespaceName)
    .filter((p) => namespaceArn === undefined || state.arn('namespace', p.namespaceId) === namespaceArn)
    .filter((p) => (start === undefined || p.createdAt >= start) && (end === undefined || p.createdAt <= end))
    .sort((a, b) => b.createdAt - a.createdAt || a.namespaceName.localeCompare(b.namespaceName));
  const page = paginate(matching, 'ListRecoveryPoints', maxResults, optionalString(input, 'nextToken'), validation);
  return { recoveryPoints: page.items.map((p) => recoveryPointWire(state, p)), nextToken: page.nextToken };
};

export const getRecoveryPoint: Operation = async (input, state) => {
  const id = requiredString(input, 'recoveryPointId');
  await refreshAllRecoveryPoints(state);
  return { recoveryPoint: recoveryPointWire(state, state.findRecoveryPoint(id)) };
};

/** The new snapshot holds the recovery point's image and is CREATING for timings.snapshotCreateMs. */
export const convertRecoveryPointToSnapshot: Operation = async (input, state) => {
  const id = requiredString(input, 'recoveryPointId');
  const snapshotName = checkSnapshotName('snapshotName', requiredString(input, 'snapshotName'));
  const retention = checkRetention('retentionPeriod', optionalInteger(input, 'retentionPeriod'));
  checkTags(optionalTags(input), snapshotName);
  await refreshAllRecoveryPoints(state);
  const point = state.findRecoveryPoint(id);
  const ns = availableNamespace(state, point.namespaceName);
  assertSnapshotCanBeAdded(state, snapshotName);
  const record = addSnapshot(state, ns, snapshotName, retention, point.image);
  return { snapshot: snapshotWire(state, record, 'CREATING') };
};
