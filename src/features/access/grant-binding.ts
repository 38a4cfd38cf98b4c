import type { Item, Store } from '../../store/store';
import { FINISHED_GRANT_RETENTION_MS } from './grants';

/**
 * Which grant an approved access request acts on, written once by its executor's first run before
 * it creates or extends anything (kind `grant-binding`, id = the request id). A re-run of the same
 * executor (a redelivered job, a job resumed after a crash, however late) reads it and touches only
 * that grant, so it can never extend a newer grant that took the slot after the request's own ended.
 */
export const BINDING_KIND = 'grant-binding';

export interface GrantBinding {
  grantId: string;
  /** True when the request extends another request's grant rather than making its own. */
  extension: boolean;
  /** When the extension was announced (a grant of its own keeps announcedAt on the grant). */
  announcedAt?: number;
}

export function getBinding(store: Store, requestId: string): Promise<Item<GrantBinding> | undefined> {
  return store.get<GrantBinding>(BINDING_KIND, requestId);
}

/**
 * Records that `requestId` acts on `grantId`, unless an earlier run recorded a choice already:
 * returns the binding that holds (the first run's wins).
 */
export async function bindRequest(store: Store, requestId: string, binding: GrantBinding, now: number): Promise<GrantBinding> {
  // Kept as long as the grant records it names, so any re-run within a grant's lifetime finds it.
  const expiresAt = now + FINISHED_GRANT_RETENTION_MS;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await store.create<GrantBinding>(BINDING_KIND, requestId, binding, { expiresAt })) return binding;
    const existing = await getBinding(store, requestId);
    if (existing) return existing.data;
  }
  throw new Error(`the grant binding of request ${requestId} kept changing under me; try again`);
}

/** Marks an extension announced, so a re-run after a crash announces it only if this never happened. */
export async function markExtensionAnnounced(store: Store, requestId: string, at: number): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const item = await getBinding(store, requestId);
    if (!item || item.data.announcedAt !== undefined) return;
    const options = { expiresAt: item.expiresAt ?? null };
    if (await store.update<GrantBinding>(BINDING_KIND, requestId, item.version, { ...item.data, announcedAt: at }, options)) return;
  }
}
