import type { DatabaseImage } from '../../databases';
import { conflict, notFound, validation } from '../faults';
import { optionalBoolean, optionalString, requiredString, type Input } from '../input';
import { namespaceKey } from '../ports';
import { refreshAllRecoveryPoints, refreshRecoveryPoints } from '../recovery-schedule';
import type { NamespaceRecord, SnapshotRecord } from '../records';
import { checkResourceName } from '../rules';
import type { ServerlessState } from '../state';
import { namespaceWire } from '../wire';
import { availableNamespace, availableWorkgroup } from './guards';
import type { Operation } from './types';

/**
 * RestoreFromSnapshot and RestoreFromRecoveryPoint: the namespace's databases are replaced by the
 * image ("Restoring a snapshot to a serverless namespace replaces the current database with the
 * database in the snapshot", Management Guide, serverless-snapshot-restore). The namespace and its
 * workgroup show MODIFYING for timings.namespaceRestoreMs, then AVAILABLE. The reference does not name
 * the status a restore shows; MODIFYING is the only NamespaceStatus and WorkgroupStatus value that fits.
 */

/** Namespace and workgroup: well formed, existing, belonging together, AVAILABLE, no table restore running. */
function readPlace(input: Input, state: ServerlessState): NamespaceRecord {
  // Read for their types only: the emulator keeps no integrations to maintain.
  optionalBoolean(input, 'maintainIntegration');
  const namespaceName = checkResourceName('namespaceName', requiredString(input, 'namespaceName'));
  const workgroupName = checkResourceName('workgroupName', requiredString(input, 'workgroupName'));
  const namespace = availableNamespace(state, namespaceName);
  const { record: wg } = state.findWorkgroup(workgroupName);
  if (wg.namespaceName !== namespaceName) {
    throw validation(`Workgroup ${workgroupName} is not associated with namespace ${namespaceName}.`);
  }
  availableWorkgroup(state, workgroupName);
  const running = state.unfinishedRestores().find((r) => r.namespaceName === namespaceName);
  if (running) throw conflict(`Namespace ${namespaceName} has table restore ${running.id} in progress. Retry when it has finished.`);
  return namespace;
}

/**
 * Replaces the data at once and holds both resources MODIFYING: the Data API refuses a workgroup
 * that is not AVAILABLE, so no query sees the namespace between the old data and the restored one.
 * Recovery points are brought up to the clock first, so the slots before the restore keep the old data.
 */
async function restoreInto(
  state: ServerlessState,
  namespace: NamespaceRecord,
  image: DatabaseImage,
  adminUsername?: string,
): Promise<NamespaceRecord> {
  await refreshRecoveryPoints(state, namespace);
  await state.databases.restoreWhole(namespaceKey(namespace.name), image);
  // Without manageAdminPassword the namespace takes the admin credentials the snapshot was taken with.
  if (adminUsername !== undefined) namespace.adminUsername = adminUsername;
  const until = state.now() + state.context.timings.namespaceRestoreMs;
  namespace.busyUntil = until;
  for (const wg of state.workgroupsOf(namespace.name)) wg.busyUntil = until;
  return namespace;
}

interface SnapshotChoice {
  name?: string;
  arn?: string;
  owner?: string;
}

/** By name or ARN: one of them, not both. */
function readSnapshotChoice(input: Input): SnapshotChoice {
  // Read for their types only: the emulator keeps no admin secrets, so the snapshot's admin user comes back either way.
  optionalBoolean(input, 'manageAdminPassword');
  optionalString(input, 'adminPasswordSecretKmsKeyId');
  const choice = {
    name: optionalString(input, 'snapshotName'),
    arn: optionalString(input, 'snapshotArn'),
    owner: optionalString(input, 'ownerAccount'),
  };
  if (choice.name !== undefined && choice.arn !== undefined) throw validation('Specify either snapshotName or snapshotArn, not both.');
  if (choice.name === undefined && choice.arn === undefined) throw validation('You must specify either snapshotName or snapshotArn.');
  return choice;
}

/**
 * An AVAILABLE snapshot of this account. A snapshot of another account, or a provisioned cluster's
 * snapshot ARN, is not among the emulator's Serverless snapshots: not found.
 */
function findSnapshotToRestore(choice: SnapshotChoice, state: ServerlessState): SnapshotRecord {
  const shown = choice.name ?? choice.arn ?? '';
  const found =
    choice.name !== undefined
      ? state.snapshotIfVisible(choice.name)
      : state.visibleSnapshots().find(({ record }) => state.arn('snapshot', record.id) === choice.arn);
  if (!found || (choice.owner !== undefined && choice.owner !== state.context.accountId))
    throw notFound(`Snapshot ${shown} not found.`, shown);
  if (found.status !== 'AVAILABLE') {
    throw conflict(`Snapshot ${shown} is ${found.status}. A namespace can be restored only from an AVAILABLE snapshot.`);
  }
  return found.record;
}

export const restoreFromSnapshot: Operation = async (input, state) => {
  const choice = readSnapshotChoice(input);
  const target = readPlace(input, state);
  const snapshot = findSnapshotToRestore(choice, state);
  const namespace = await restoreInto(state, target, snapshot.image, snapshot.adminUsername);
  return {
    snapshotName: snapshot.name,
    ownerAccount: state.context.accountId,
    namespace: namespaceWire(state, namespace, 'MODIFYING'),
  };
};

/**
 * A recovery point goes back into its own namespace. The reference does not say whether another
 * namespace may receive it; the emulator refuses that (ValidationException) rather than allow what may not exist.
 */
export const restoreFromRecoveryPoint: Operation = async (input, state) => {
  const recoveryPointId = requiredString(input, 'recoveryPointId');
  const target = readPlace(input, state);
  await refreshAllRecoveryPoints(state);
  const point = state.findRecoveryPoint(recoveryPointId);
  if (point.namespaceName !== target.name) {
    throw validation(`Recovery point ${recoveryPointId} belongs to namespace ${point.namespaceName}, not ${target.name}.`);
  }
  const namespace = await restoreInto(state, target, point.image);
  return { recoveryPointId, namespace: namespaceWire(state, namespace, 'MODIFYING') };
};
