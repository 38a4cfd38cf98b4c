import type { Store } from '../../store/store';
import { DAY_MS, type StateChange } from './model';

/**
 * What the bot has seen of a cluster: when it went from running to paused and back (AWS keeps no
 * billing-grade history the bot could read), and what it stored when last reachable (a paused
 * cluster answers no SQL). Written on every report and budget tick, as a conditional write.
 */
export const CLUSTER_KIND = 'cost-cluster';
/** Changes older than this are forgotten, except the last one (it says what state came before). */
const KEEP_MS = 70 * DAY_MS;
const MAX_WRITE_ATTEMPTS = 5;

export interface ClusterHistory {
  changes: StateChange[];
  storageMb?: number;
}

export async function clusterHistory(store: Store, target: string): Promise<ClusterHistory> {
  return (await store.get<ClusterHistory>(CLUSTER_KIND, target))?.data ?? { changes: [] };
}

/** Records the state seen at `at` (a change only when it differs from the last one) and the stored size when known. */
export async function observeCluster(store: Store, target: string, at: number, paused: boolean, storageMb?: number): Promise<ClusterHistory> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const item = await store.get<ClusterHistory>(CLUSTER_KIND, target);
    const current = item?.data ?? { changes: [] };
    const last = current.changes[current.changes.length - 1];
    const changed = !last || last.paused !== paused;
    const sized = storageMb !== undefined && storageMb !== current.storageMb;
    if (!changed && !sized) return current;
    const changes = changed ? [...current.changes, { at, paused }] : current.changes;
    const kept = changes.filter((change, index) => index === changes.length - 1 || change.at >= at - KEEP_MS || changes[index + 1].at >= at - KEEP_MS);
    const next: ClusterHistory = { changes: kept, ...(storageMb !== undefined ? { storageMb } : current.storageMb !== undefined ? { storageMb: current.storageMb } : {}) };
    const written = item ? await store.update(CLUSTER_KIND, target, item.version, next) : await store.create(CLUSTER_KIND, target, next);
    if (written) return next;
  }
  // Someone else kept writing; their observation is as good as ours.
  return clusterHistory(store, target);
}
