import { HOURS_PER_MONTH, managedStorageUsd } from './storage-cost';
import { mbText, usd } from './figures';

/** What a paused cluster still costs: managed storage only, from its size and the configured price. */

export interface StorageEstimate {
  mb: number;
  usdPerMonth: number;
  /** Where the size came from: the latest snapshot's size, or the cluster's capacity (an upper bound). */
  basis: 'snapshot' | 'capacity';
}

export function storageEstimate(size: { snapshotMb?: number; capacityMb?: number }, pricePerGbMonth: number): StorageEstimate | undefined {
  const basis =
    size.snapshotMb !== undefined && size.snapshotMb > 0
      ? 'snapshot'
      : size.capacityMb !== undefined && size.capacityMb > 0
        ? 'capacity'
        : undefined;
  if (!basis) return undefined;
  const mb = (basis === 'snapshot' ? size.snapshotMb : size.capacityMb) ?? 0;
  // The cost report's rule, so the preview and the report agree: a whole 730-hour month of it.
  return { mb, usdPerMonth: managedStorageUsd(mb, HOURS_PER_MONTH, pricePerGbMonth), basis };
}

/** "about $0.25 a month for storage (10.2 GB at $0.024 per GB-month, from the latest snapshot's size)". */
export function estimateText(estimate: StorageEstimate | undefined, pricePerGbMonth: number): string {
  if (!estimate) return `storage still bills at $${pricePerGbMonth} per GB-month (size unknown: no snapshot reports one)`;
  const basis = estimate.basis === 'snapshot' ? "from the latest snapshot's size" : "from the cluster's storage capacity, so at most this";
  // usd() already says "under $0.01" for a fraction of a cent: "about" would add nothing.
  const amount = estimate.usdPerMonth < 0.01 ? usd(estimate.usdPerMonth) : `about ${usd(estimate.usdPerMonth)}`;
  return `${amount} a month for storage (${mbText(estimate.mb)} at $${pricePerGbMonth} per GB-month, ${basis})`;
}

/** Node-hours while running: "2 × ra3.xlplus at $1.086/h ≈ $52.13 a day". */
export function computeText(
  nodeType: string | undefined,
  nodes: number | undefined,
  prices: Readonly<Record<string, number>>,
): string | undefined {
  const price = nodeType !== undefined ? prices[nodeType] : undefined;
  if (price === undefined || nodes === undefined) return undefined;
  return `${nodes} × ${nodeType} at $${price}/h ≈ ${usd(price * nodes * 24)} a day`;
}
