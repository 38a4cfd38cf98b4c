import { KNOWN_REGIONS } from '../../redshift/rules';
import { conflict, invalidPagination, notFound, validation } from '../faults';
import { optionalInteger, optionalString, requiredString } from '../input';
import { paginate } from '../paging';
import type { SnapshotCopyConfigurationRecord } from '../records';
import { checkMaxResults, checkResourceName, checkRetention } from '../rules';
import type { ServerlessState } from '../state';
import { snapshotCopyConfigurationWire } from '../wire';
import { availableNamespace } from './guards';
import type { Operation } from './types';

/**
 * Snapshot copy configurations: a namespace's snapshots copied to another Region. The API reference
 * gives the members and no constraint on them; the rules below are the emulator's reading, each
 * recorded as unclear in the catalog (serverless_snapshot_copy_*):
 * - the destination must be a Region that exists and not the namespace's own (ValidationException);
 * - one configuration per namespace and destination Region (ConflictException);
 * - snapshotRetentionPeriod as a manual snapshot's: -1 (until deleted, the default) or 1–3653 days.
 */

function checkDestination(state: ServerlessState, region: string): string {
  if (region === state.context.region) {
    throw validation(`The destination Region ${region} is the namespace's own Region. Choose another Region to copy snapshots to.`);
  }
  if (!KNOWN_REGIONS.has(region)) throw validation(`The destination Region ${region} is not a valid AWS Region.`);
  return region;
}

function findCopy(state: ServerlessState, id: string): SnapshotCopyConfigurationRecord {
  const copy = state.snapshotCopyConfigurations.get(id);
  if (!copy || !state.namespaceExists(copy.namespaceName)) throw notFound(`Snapshot copy configuration ${id} not found.`, id);
  return copy;
}

export const createSnapshotCopyConfiguration: Operation = async (input, state) => {
  const namespaceName = checkResourceName('namespaceName', requiredString(input, 'namespaceName'));
  const destinationRegion = requiredString(input, 'destinationRegion');
  const retentionDays = checkRetention('snapshotRetentionPeriod', optionalInteger(input, 'snapshotRetentionPeriod'));
  const destinationKmsKeyId = optionalString(input, 'destinationKmsKeyId');
  checkDestination(state, destinationRegion);
  availableNamespace(state, namespaceName);
  const existing = [...state.snapshotCopyConfigurations.values()].find(
    (c) => c.namespaceName === namespaceName && c.destinationRegion === destinationRegion,
  );
  if (existing) {
    throw conflict(
      `Namespace ${namespaceName} already copies snapshots to ${destinationRegion} (configuration ${existing.id}). Update or delete that configuration instead.`,
    );
  }
  const id = globalThis.crypto.randomUUID();
  const copy: SnapshotCopyConfigurationRecord = {
    id,
    arn: state.arn('snapshotcopyconfiguration', id),
    namespaceName,
    destinationRegion,
    retentionDays,
    destinationKmsKeyId,
    createdAt: state.now(),
  };
  state.snapshotCopyConfigurations.set(id, copy);
  return { snapshotCopyConfiguration: snapshotCopyConfigurationWire(copy) };
};

/** Only the retention can change; without one the configuration is returned as it is. */
export const updateSnapshotCopyConfiguration: Operation = async (input, state) => {
  const id = requiredString(input, 'snapshotCopyConfigurationId');
  const retention = optionalInteger(input, 'snapshotRetentionPeriod');
  if (retention !== undefined) checkRetention('snapshotRetentionPeriod', retention);
  const copy = findCopy(state, id);
  if (retention !== undefined) copy.retentionDays = retention;
  return { snapshotCopyConfiguration: snapshotCopyConfigurationWire(copy) };
};

export const deleteSnapshotCopyConfiguration: Operation = async (input, state) => {
  const copy = findCopy(state, requiredString(input, 'snapshotCopyConfigurationId'));
  state.snapshotCopyConfigurations.delete(copy.id);
  return { snapshotCopyConfiguration: snapshotCopyConfigurationWire(copy) };
};

export const listSnapshotCopyConfigurations: Operation = async (input, state) => {
  const namespaceName = optionalString(input, 'namespaceName');
  const maxResults = checkMaxResults(optionalInteger(input, 'maxResults'));
  if (namespaceName !== undefined) state.findNamespace(checkResourceName('namespaceName', namespaceName));
  const matching = [...state.snapshotCopyConfigurations.values()]
    .filter((c) => state.namespaceExists(c.namespaceName) && (namespaceName === undefined || c.namespaceName === namespaceName))
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const page = paginate(matching, 'ListSnapshotCopyConfigurations', maxResults, optionalString(input, 'nextToken'), invalidPagination);
  return { snapshotCopyConfigurations: page.items.map(snapshotCopyConfigurationWire), nextToken: page.nextToken };
};
