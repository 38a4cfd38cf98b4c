import { namespaceKey } from './ports';
import { addNamespace, addWorkgroup } from './provision';
import { refreshRecoveryPoints } from './recovery-schedule';
import { megabytesOf, type SnapshotRecord } from './records';
import type { ServerlessState } from './state';

const DAY_MS = 86_400_000;

/** Snapshots the standard seed starts with: one kept forever, one with a week's retention. */
const SEED_SNAPSHOTS = [
  { name: 'lake-baseline', ageDays: 14, retentionDays: -1 },
  { name: 'lake-pre-release', ageDays: 1, retentionDays: 7 },
] as const;

/**
 * The standard seed (chatops.example.yml's target `lake`): namespace `lake` (database dev, admin chatops_admin) used by
 * workgroup `lake` (32–512 RPU, AVAILABLE), its databases created through databases.create, two
 * manual snapshots and 24 hours of recovery points, all holding the image taken at seed.
 */
export async function seedStandard(state: ServerlessState): Promise<void> {
  const now = state.now();
  const ns = await addNamespace(state, { name: 'lake', dbName: 'dev', adminUsername: 'chatops_admin', createdAt: now - 180 * DAY_MS });
  addWorkgroup(state, { name: 'lake', namespaceName: 'lake', baseCapacity: 32, maxCapacity: 512, createdAt: now - 180 * DAY_MS });
  const image = await state.databases.image(namespaceKey(ns.name));
  for (const seed of SEED_SNAPSHOTS) {
    const createdAt = now - seed.ageDays * DAY_MS;
    const record: SnapshotRecord = {
      id: globalThis.crypto.randomUUID(),
      name: seed.name,
      namespaceName: ns.name,
      namespaceId: ns.id,
      adminUsername: ns.adminUsername,
      createdAt,
      readyAt: createdAt + 4 * 60_000,
      retentionDays: seed.retentionDays,
      image,
      sizeMb: megabytesOf(image),
    };
    state.snapshots.set(record.name, record);
  }
  await refreshRecoveryPoints(state, ns, image);
}
