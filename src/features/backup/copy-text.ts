import type { ChatopsConfig } from '../../config/chatops';
import type { WarehouseKind } from '../../redshift/warehouse';
import type { SnapshotCopyDestination, SnapshotCopyStatus } from '../../redshift/warehouse-restore';
import { HOURS_PER_MONTH, managedStorageUsd } from '../shared/storage-cost';
import { mbText, usd } from '../shared/figures';
import type { CopyChange } from './copy-plan';

/** `backup copy` in words (pure): the copy as it is, what copies cost, and what a change does. */

type Prices = Pick<ChatopsConfig['cost']['prices'], 'backupStoragePerGBMonth' | 'crossRegionTransferPerGB'>;

/** The size the estimate multiplies: the latest snapshot's, else the cluster's storage capacity (at most). */
export interface CopySize {
  mb: number;
  basis: 'snapshot' | 'capacity';
}

export function copySize(snapshotMb: number | undefined, capacityMb: number | undefined): CopySize | undefined {
  if (snapshotMb !== undefined && snapshotMb > 0) return { mb: snapshotMb, basis: 'snapshot' };
  if (capacityMb !== undefined && capacityMb > 0) return { mb: capacityMb, basis: 'capacity' };
  return undefined;
}

const dayWord = (days: number) => `${days} day${days === 1 ? '' : 's'}`;

/** What the estimate counts and leaves out, in one line. */
export const COPY_ESTIMATE_NOTE =
  'Estimate: one full copy of the data stored in each destination Region for a 730-hour month, and its transfer once; it leaves out what later snapshots add (their changes, kept for the retention days), requests and KMS charges.';

/**
 * "about $0.23 a month to keep a copy in us-west-2 (10 GB at $0.023 per GB-month, from the latest
 * snapshot's size), plus about $0.20 once to send it ($0.02 per GB)"; "after" it for a copy already made.
 */
export function copyCostText(size: CopySize | undefined, regions: readonly string[], prices: Prices, alreadyCopying = false): string {
  const where = regions.length === 1 ? `in ${regions[0]}` : `in each of ${regions.join(', ')}`;
  if (!size) {
    return `copies ${where} bill $${prices.backupStoragePerGBMonth} per GB-month, plus $${prices.crossRegionTransferPerGB} per GB sent (size unknown: no snapshot reports one)`;
  }
  const count = Math.max(1, regions.length);
  const monthly = managedStorageUsd(size.mb, HOURS_PER_MONTH, prices.backupStoragePerGBMonth) * count;
  const transfer = (size.mb / 1000) * prices.crossRegionTransferPerGB * count;
  const basis = size.basis === 'snapshot' ? "from the latest snapshot's size" : "from the cluster's storage capacity, so at most this";
  return `${about(monthly)} a month to keep a copy ${where} (${mbText(size.mb)} at $${prices.backupStoragePerGBMonth} per GB-month, ${basis}), ${alreadyCopying ? 'after' : 'plus'} ${about(transfer)} once to send it ($${prices.crossRegionTransferPerGB} per GB)`;
}

// usd() already says "under $0.01" for a fraction of a cent: "about" would add nothing.
const about = (amount: number) => (amount < 0.01 ? usd(amount) : `about ${usd(amount)}`);

function destinationText(kind: WarehouseKind, copy: SnapshotCopyDestination): string {
  const days = copy.retentionDays === undefined ? 'retention not reported' : `kept ${dayWord(copy.retentionDays)}`;
  if (kind === 'serverless') return `${copy.region} (copied snapshots ${days})`;
  const manual =
    copy.manualRetentionDays === undefined
      ? ''
      : copy.manualRetentionDays === -1
        ? '; copied manual snapshots kept until deleted'
        : `; copied manual snapshots kept ${dayWord(copy.manualRetentionDays)}`;
  return `${copy.region} (copied automated snapshots ${days}${manual}${copy.grantName ? `; grant ${copy.grantName}` : ''})`;
}

/** One target's cross-region copy and what it costs, for `backup copy [target]`. */
export function copyStatusLines(target: string, copy: SnapshotCopyStatus, size: CopySize | undefined, prices: Prices): string[] {
  const label = copy.kind === 'serverless' ? `*${target}* (Serverless)` : `*${target}*`;
  if (copy.destinations.length === 0) return [`${label}: cross-region copy *off*.`];
  const regions = copy.destinations.map((d) => d.region);
  return [
    `${label}: cross-region copy *on* to ${copy.destinations.map((d) => destinationText(copy.kind, d)).join(', ')}.`,
    `   Copies cost ${copyCostText(size, regions, prices, true)}.`,
  ];
}

/** What approvers and the requester read before the change: what it does, what it costs, what it leaves. */
export function copyChangeLines(
  target: string,
  kind: WarehouseKind,
  change: CopyChange,
  size: CopySize | undefined,
  prices: Prices,
): string[] {
  const lines = [':earth_americas: *Cross-region snapshot copy*'];
  const copied = kind === 'provisioned' ? 'copied automated snapshots' : 'copied snapshots';
  if (change.kind === 'enable') {
    lines.push(`*What:* copy snapshots of *${target}* to ${change.region}, ${copied} kept ${dayWord(change.days)}`);
    if (change.grantName !== undefined)
      lines.push(
        `*Grant:* snapshot copy grant *${change.grantName}* in ${change.region} (the cluster is encrypted with a KMS key; the grant exists there)`,
      );
    lines.push(`*Cost:* ${copyCostText(size, [change.region], prices)}.`);
    lines.push(COPY_ESTIMATE_NOTE);
    return lines;
  }
  if (change.kind === 'set-days') {
    lines.push(
      `*What:* keep ${copied} of *${target}* in ${change.region} ${dayWord(change.days)} (now ${change.from === undefined ? 'unknown' : dayWord(change.from)})`,
    );
    if (kind === 'provisioned' && (change.from === undefined || change.days < change.from)) {
      // ModifySnapshotCopyRetentionPeriod's reference says so.
      lines.push(
        `:warning: Lowering it makes AWS delete copied automated snapshots in ${change.region} older than ${dayWord(change.days)}.`,
      );
    }
    lines.push(`*Cost:* ${copyCostText(size, [change.region], prices, true)}.`);
    lines.push(COPY_ESTIMATE_NOTE);
    return lines;
  }
  lines.push(`*What:* stop copying snapshots of *${target}* to ${change.regions.join(', ')}`);
  lines.push(
    // Neither DisableSnapshotCopy nor DeleteSnapshotCopyConfiguration says what becomes of the copies already made.
    `No new snapshots are copied. AWS's reference for ${kind === 'provisioned' ? 'DisableSnapshotCopy' : 'DeleteSnapshotCopyConfiguration'} does not say that copies already in ${change.regions.join(', ')} are deleted: look there, and delete the ones you no longer want, as they keep billing.`,
  );
  if (kind === 'provisioned')
    lines.push(
      'A KMS-encrypted cluster keeps its snapshot copy grant in the destination Region until you delete it (DeleteSnapshotCopyGrant).',
    );
  return lines;
}

/** The requester's and approvers' one-line title. */
export function copyChangeTitle(target: string, change: CopyChange): string {
  if (change.kind === 'enable') return `copy snapshots of ${target} to ${change.region}, kept ${dayWord(change.days)}`;
  if (change.kind === 'set-days') return `keep copied snapshots of ${target} in ${change.region} ${dayWord(change.days)}`;
  return `stop copying snapshots of ${target} to another Region`;
}

/** The outcome, from the copy as AWS reports it after the call. */
export function copyOutcomeText(target: string, change: CopyChange, after: SnapshotCopyStatus): string {
  if (change.kind === 'disable') {
    const left = after.destinations.map((d) => d.region);
    return left.length === 0
      ? `:white_check_mark: *${target}* no longer copies snapshots to another Region. Copies already made were left as AWS keeps them.`
      : `:warning: *${target}* still copies snapshots to ${left.join(', ')}.`;
  }
  const now = after.destinations.find((d) => d.region === change.region);
  if (!now) return `:warning: AWS accepted the change, but *${target}* does not report a copy to ${change.region}.`;
  return `:white_check_mark: *${target}* copies snapshots to ${change.region}, kept ${now.retentionDays === undefined ? '(retention not reported)' : dayWord(now.retentionDays)}.`;
}
