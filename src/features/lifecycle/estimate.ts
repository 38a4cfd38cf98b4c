/** What a paused cluster still costs: managed storage only, from its size and the configured price. */

export interface StorageEstimate {
  gb: number;
  usdPerMonth: number;
  /** Where the size came from: the latest snapshot's size, or the cluster's capacity (an upper bound). */
  basis: 'snapshot' | 'capacity';
}

const MB_PER_GB = 1024;

export function storageEstimate(size: { snapshotMb?: number; capacityMb?: number }, pricePerGbMonth: number): StorageEstimate | undefined {
  const basis =
    size.snapshotMb !== undefined && size.snapshotMb > 0
      ? 'snapshot'
      : size.capacityMb !== undefined && size.capacityMb > 0
        ? 'capacity'
        : undefined;
  if (!basis) return undefined;
  const gb = ((basis === 'snapshot' ? size.snapshotMb : size.capacityMb) ?? 0) / MB_PER_GB;
  return { gb, usdPerMonth: gb * pricePerGbMonth, basis };
}

/** "about $1.23 a month (51.2 GB at $0.024 per GB-month, from the latest snapshot's size)". */
export function estimateText(estimate: StorageEstimate | undefined, pricePerGbMonth: number): string {
  if (!estimate) return `storage still bills at $${pricePerGbMonth} per GB-month (size unknown: no snapshot reports one)`;
  const basis = estimate.basis === 'snapshot' ? "from the latest snapshot's size" : "from the cluster's storage capacity, so at most this";
  return `about ${usd(estimate.usdPerMonth)} a month for storage (${estimate.gb.toFixed(1)} GB at $${pricePerGbMonth} per GB-month, ${basis})`;
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

export function usd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}
