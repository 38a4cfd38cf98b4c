import { WarehouseRequestError } from '../../redshift/errors';
import type { WarehouseKind } from '../../redshift/warehouse';
import {
  checkClusterCopyRetention,
  checkCopyRegion,
  checkNamespaceCopyRetention,
  type SnapshotCopyStatus,
} from '../../redshift/warehouse-restore';

/**
 * `backup copy`: what a request asks AWS to do, decided from the copy as it is now (pure). A request
 * that would change nothing, or that AWS would refuse, is refused here, before anyone is asked.
 */

/** EnableSnapshotCopy's RetentionPeriod when none is given: "Default: 7". */
export const CLUSTER_COPY_DEFAULT_DAYS = 7;

export type CopyChange =
  /** `grantName`: the snapshot copy grant a KMS-encrypted cluster's copy is turned on with. */
  | { kind: 'enable'; region: string; days: number; grantName?: string }
  | { kind: 'set-days'; region: string; days: number; from?: number }
  | { kind: 'disable'; regions: string[] };

export type CopyDecision = { ok: true; change: CopyChange } | { ok: false; text: string };

export interface CopyWish {
  target: string;
  kind: WarehouseKind;
  /** A Region code, or `off`. */
  region: string;
  days?: number;
  /** A cluster's `snapshotCopyGrants` from chatops.yml: grant name by destination Region. */
  grants?: Readonly<Record<string, string>>;
}

const dayWord = (days: number) => `${days} day${days === 1 ? '' : 's'}`;

/** Days the kind accepts, as the adapters check them; undefined when they are fine. */
export function daysProblem(kind: WarehouseKind, days: number | undefined): string | undefined {
  if (days === undefined) return undefined;
  try {
    if (kind === 'provisioned') checkClusterCopyRetention(days);
    else checkNamespaceCopyRetention(days);
    return undefined;
  } catch (error) {
    if (error instanceof WarehouseRequestError) return error.message;
    throw error;
  }
}

/** A Region code other than the warehouse's own; undefined when it is fine. */
export function regionProblem(region: string, sourceRegion: string | undefined): string | undefined {
  try {
    checkCopyRegion(region, sourceRegion);
    return undefined;
  } catch (error) {
    if (error instanceof WarehouseRequestError) return error.message;
    throw error;
  }
}

/**
 * The change a request asks for, against the copy as it is now, the warehouse's own Region and (a
 * cluster) the customer managed KMS key it is encrypted with.
 */
export function decideCopy(wish: CopyWish, current: SnapshotCopyStatus, sourceRegion: string | undefined, kmsKeyId?: string): CopyDecision {
  const { target } = wish;
  const copies = current.destinations;
  if (wish.region === 'off') {
    if (copies.length === 0) return { ok: false, text: `*${target}* does not copy snapshots to another Region; nothing to turn off.` };
    return { ok: true, change: { kind: 'disable', regions: copies.map((copy) => copy.region) } };
  }
  const badRegion = regionProblem(wish.region, sourceRegion);
  if (badRegion) return { ok: false, text: `${badRegion}. Nothing was changed.` };
  const region = wish.region.toLowerCase();
  const badDays = daysProblem(wish.kind, wish.days);
  if (badDays) return { ok: false, text: `${badDays}. Nothing was changed.` };
  const same = copies.find((copy) => copy.region === region);
  if (wish.kind === 'provisioned' && copies.length > 0 && !same) {
    // A cluster copies to one Region at most; EnableSnapshotCopy refuses a second.
    return {
      ok: false,
      text: `*${target}* already copies snapshots to ${copies[0].region}; a cluster copies to one Region only. Turn it off first (\`/redshift backup copy ${target} off\`).`,
    };
  }
  if (same) {
    if (wish.days === undefined || wish.days === same.retentionDays) {
      const kept = same.retentionDays === undefined ? '' : `, kept ${dayWord(same.retentionDays)}`;
      return { ok: false, text: `*${target}* already copies snapshots to ${region}${kept}; nothing to change.` };
    }
    return { ok: true, change: { kind: 'set-days', region, days: wish.days, from: same.retentionDays } };
  }
  // EnableSnapshotCopy needs SnapshotCopyGrantName for a cluster encrypted with a customer managed KMS
  // key (it reports a KmsKeyId; one with an AWS owned key reports none and needs no grant).
  let grantName: string | undefined;
  if (wish.kind === 'provisioned' && kmsKeyId !== undefined) {
    grantName = wish.grants?.[region];
    if (grantName === undefined) return { ok: false, text: grantMissingText(target, region) };
  }
  if (wish.days === undefined) {
    if (wish.kind === 'serverless') {
      // CreateSnapshotCopyConfiguration documents no default retention: ask for one rather than guess.
      return {
        ok: false,
        text: `Say how long copied snapshots are kept: \`/redshift backup copy ${target} ${region} 7\`. Nothing was changed.`,
      };
    }
    return { ok: true, change: { kind: 'enable', region, days: CLUSTER_COPY_DEFAULT_DAYS, ...grant(grantName) } };
  }
  return { ok: true, change: { kind: 'enable', region, days: wish.days, ...grant(grantName) } };
}

const grant = (grantName: string | undefined) => (grantName === undefined ? {} : { grantName });

/** A KMS-encrypted cluster with no grant named for the Region: what to create, and what to write. */
export function grantMissingText(target: string, region: string): string {
  return (
    `*${target}* is encrypted with a KMS key: AWS copies its snapshots to ${region} only with a snapshot copy grant created in ${region} ` +
    `(CreateSnapshotCopyGrant there, with a KMS key of ${region}), and chatops.yml names none for ${region}. ` +
    `Create the grant, then add it to the target in chatops.yml: \`snapshotCopyGrants: { ${region}: <grant-name> }\`. Nothing was asked or changed.`
  );
}

/** The grant chatops.yml names does not exist in the destination Region (DescribeSnapshotCopyGrants). */
export function grantNotFoundText(target: string, region: string, grantName: string): string {
  return (
    `The snapshot copy grant *${grantName}* that chatops.yml names for copies of *${target}* to ${region} does not exist in ${region}. ` +
    `Create it there (CreateSnapshotCopyGrant in ${region}, with a KMS key of ${region}) or correct \`snapshotCopyGrants\`. Nothing was asked or changed.`
  );
}

/** True when the copy as it is now already is what the change asks for (a re-run finds its work done). */
export function alreadyDone(change: CopyChange, current: SnapshotCopyStatus): boolean {
  const copies = current.destinations;
  if (change.kind === 'disable') return change.regions.every((region) => !copies.some((copy) => copy.region === region));
  return copies.some((copy) => copy.region === change.region && copy.retentionDays === change.days);
}

/** The AWS call the change makes, as approvers read it. */
export function willRun(change: CopyChange, kind: WarehouseKind, resource: string): string[] {
  if (kind === 'provisioned') {
    if (change.kind === 'enable') {
      const grantPart = change.grantName === undefined ? '' : ` SnapshotCopyGrantName=${change.grantName}`;
      return [
        `EnableSnapshotCopy ClusterIdentifier=${resource} DestinationRegion=${change.region} RetentionPeriod=${change.days}${grantPart}`,
      ];
    }
    if (change.kind === 'set-days')
      return [`ModifySnapshotCopyRetentionPeriod ClusterIdentifier=${resource} RetentionPeriod=${change.days}`];
    return [`DisableSnapshotCopy ClusterIdentifier=${resource}`];
  }
  if (change.kind === 'enable')
    return [
      `CreateSnapshotCopyConfiguration namespaceName=${resource} destinationRegion=${change.region} snapshotRetentionPeriod=${change.days}`,
    ];
  if (change.kind === 'set-days') return [`UpdateSnapshotCopyConfiguration (${change.region}) snapshotRetentionPeriod=${change.days}`];
  return change.regions.map((region) => `DeleteSnapshotCopyConfiguration (${region})`);
}
