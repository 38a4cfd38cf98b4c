import { DAY_MS } from './model';
import type { RedshiftState } from './state';

/** The standard seed's provisioned cluster (chatops.example.yml's target `prod`). */
const SEED_CLUSTER_ID = 'analytics-prod';

/**
 * Creates `analytics-prod` (ra3.xlplus × 2, available, automated retention 1 day, window
 * sun:18:00-sun:18:30, database dev, admin chatops_admin, encrypted without a KMS key) with its
 * database, and three automated snapshots one interval apart inside the retention period, all
 * holding one image taken now.
 */
export async function seedRedshift(state: RedshiftState): Promise<void> {
  const now = state.now();
  const cluster = await state.addCluster({
    identifier: SEED_CLUSTER_ID,
    nodeType: 'ra3.xlplus',
    numberOfNodes: 2,
    dbName: 'dev',
    masterUsername: 'chatops_admin',
    automatedRetentionDays: 1,
    manualRetentionDays: -1,
    maintenanceWindow: 'sun:18:00-sun:18:30',
    createdAt: now - 400 * DAY_MS,
    // Encrypted with an AWS owned key: no KmsKeyId, so snapshot copy needs no grant.
    encrypted: true,
  });
  const image = state.takeImage(cluster);
  const interval = state.limits.automatedSnapshotIntervalMs;
  const newest = now - Math.round(interval / 4);
  for (const age of [2, 1, 0]) {
    const createdAt = newest - age * interval;
    if (now - createdAt < cluster.automatedRetentionDays * DAY_MS) state.startAutomatedSnapshot(cluster, createdAt, image);
  }
  cluster.lastAutomatedSnapshotAt = newest;
  const taken = await image.result;
  if (taken instanceof Error) throw taken;
}
