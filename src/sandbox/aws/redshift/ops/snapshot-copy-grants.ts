import { faults } from '../faults';
import type { CopyGrantRecord } from '../copy-grants';
import { paginate } from '../rules';
import type { RedshiftState } from '../state';
import { matchesTagFilter, readTagFilter, readTags, tagsXml } from '../tags';
import { list, node, text } from '../xml';
import type { Operation } from './operation';

/**
 * CreateSnapshotCopyGrant, DescribeSnapshotCopyGrants and DeleteSnapshotCopyGrant, each in the Region
 * its request is signed for. SnapshotCopyGrantQuotaExceededFault is documented, but no page states the
 * number of grants a Region allows, so the emulator sets no quota (catalog: redshift_snapshot_copy_grant_name).
 */

// CreateSnapshotCopyGrant: 1–63 alphanumerics or hyphens, lower case, a letter first, no trailing or double hyphen.
const GRANT_NAME = /^[a-z][a-z0-9-]*$/;

function checkGrantName(name: string): void {
  if (name.length > 63 || !GRANT_NAME.test(name) || name.endsWith('-') || name.includes('--')) {
    // The reference names no fault for a bad name; InvalidParameterValue is the emulator's assumption.
    throw faults.invalidValue(
      `Invalid SnapshotCopyGrantName "${name}": it must contain 1 to 63 lower-case alphanumeric characters or hyphens, ` +
        'begin with a letter, and cannot end with a hyphen or contain two consecutive hyphens.',
    );
  }
}

function grantXml(grant: CopyGrantRecord): string {
  return text('SnapshotCopyGrantName', grant.name) + text('KmsKeyId', grant.kmsKeyId) + tagsXml(grant.tags);
}

export const createSnapshotCopyGrant: Operation = async (state, input, call) => {
  const name = input.requiredString('SnapshotCopyGrantName');
  checkGrantName(name);
  const tags = readTags(input);
  if (state.copyGrants.find(call.region, name)) throw faults.copyGrantAlreadyExists(name);
  const grant: CopyGrantRecord = { name, region: call.region, kmsKeyId: input.string('KmsKeyId'), tags };
  state.copyGrants.add(grant);
  return node('SnapshotCopyGrant', grantXml(grant));
};

export const describeSnapshotCopyGrants: Operation = async (state, input, call) => {
  const name = input.string('SnapshotCopyGrantName');
  if (name !== undefined && input.string('Marker') !== undefined) {
    // "You can specify either the SnapshotCopyGrantName parameter or the Marker parameter, but not both."
    throw faults.invalidCombination('Specify either SnapshotCopyGrantName or Marker, not both.');
  }
  const filter = readTagFilter(input);
  let grants = state.copyGrants.list(call.region);
  if (name !== undefined) {
    grants = grants.filter((grant) => grant.name === name);
    if (grants.length === 0) throw faults.copyGrantNotFound(name);
  }
  grants = grants.filter((grant) => matchesTagFilter(grant.tags, filter));
  const page = paginate(grants, input);
  return text('Marker', page.marker) + list('SnapshotCopyGrants', 'SnapshotCopyGrant', page.items.map(grantXml));
};

export const deleteSnapshotCopyGrant: Operation = async (state, input, call) => {
  const name = input.requiredString('SnapshotCopyGrantName');
  if (!state.copyGrants.find(call.region, name)) throw faults.copyGrantNotFound(name);
  if (usedBy(state, call.region, name)) {
    throw faults.copyGrantInUse(`The snapshot copy grant ${name} can't be deleted because it is used by one or more clusters.`);
  }
  state.copyGrants.remove(call.region, name);
  return '';
};

/** A cluster copying to `region` with this grant: InvalidSnapshotCopyGrantStateFault "used by one or more clusters". */
function usedBy(state: RedshiftState, region: string, name: string): boolean {
  return [...state.clusters.values()].some(
    (cluster) =>
      state.findCluster(cluster.identifier) !== undefined &&
      cluster.snapshotCopy?.destinationRegion === region &&
      cluster.snapshotCopy.grantName === name,
  );
}
