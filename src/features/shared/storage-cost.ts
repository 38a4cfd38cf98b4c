/**
 * Managed-storage pricing (pure), shared by every feature that prices stored data: the cost report,
 * the pause preview and the cross-region copy estimate, so all of them say the same figure.
 */

/** AWS's month for per-month prices: 730 hours. */
export const HOURS_PER_MONTH = 730;

/**
 * Redshift managed storage (RA3 clusters, Serverless namespaces): GB × price per GB-month, pro rata
 * over a 730-hour month. It bills every hour the data exists, whether the cluster runs or is paused.
 */
export function managedStorageUsd(storageMb: number, hours: number, pricePerGBMonth: number): number {
  return (Math.max(0, storageMb) / 1000) * pricePerGBMonth * (Math.max(0, hours) / HOURS_PER_MONTH);
}
