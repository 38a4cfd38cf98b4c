import type { DatabaseImage } from '../databases';
import { namespaceKey } from './ports';
import { megabytesOf, RECOVERY_POINT_LIFETIME_MS, type NamespaceRecord } from './records';
import type { ServerlessState } from './state';

/** Recovery points fall on a 30-minute grid of clock time. */
export const RECOVERY_POINT_INTERVAL_MS = 30 * 60_000;

/**
 * Brings a namespace's recovery points up to the clock: one per 30-minute slot over the last 24
 * hours, starting no earlier than the namespace. Images are taken lazily, at most once per slot,
 * when someone looks; every slot added at that moment holds the fresh image (with a manual clock,
 * changes made since the last image happened before those slots).
 */
export async function refreshRecoveryPoints(state: ServerlessState, ns: NamespaceRecord, image?: DatabaseImage): Promise<void> {
  if (state.namespaceStatus(ns) === 'DELETING') return;
  const now = state.now();
  const slot = Math.floor(now / RECOVERY_POINT_INTERVAL_MS) * RECOVERY_POINT_INTERVAL_MS;
  let latest = Number.NEGATIVE_INFINITY;
  for (const point of state.recoveryPoints.values()) {
    if (point.namespaceName === ns.name) latest = Math.max(latest, point.createdAt);
  }
  const first = Math.max(
    latest + RECOVERY_POINT_INTERVAL_MS,
    slot - RECOVERY_POINT_LIFETIME_MS + RECOVERY_POINT_INTERVAL_MS,
    Math.ceil(ns.createdAt / RECOVERY_POINT_INTERVAL_MS) * RECOVERY_POINT_INTERVAL_MS,
  );
  if (first > slot) return;
  const taken = image ?? (await state.databases.image(namespaceKey(ns.name)));
  const sizeMb = megabytesOf(taken);
  for (let at = first; at <= slot; at += RECOVERY_POINT_INTERVAL_MS) {
    const id = globalThis.crypto.randomUUID();
    state.recoveryPoints.set(id, { id, namespaceName: ns.name, namespaceId: ns.id, createdAt: at, image: taken, sizeMb });
  }
}

/** Refreshes every live namespace (recovery point lookups by id span them all). */
export async function refreshAllRecoveryPoints(state: ServerlessState): Promise<void> {
  for (const ns of state.namespaces.values()) {
    if (state.namespaceExists(ns.name)) await refreshRecoveryPoints(state, ns);
  }
}
