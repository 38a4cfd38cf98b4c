import type { Store } from './store';

/**
 * A store opened on first use. The Lambda `slack` function answers most commands without state, so
 * its cold start does not load the DynamoDB client until a listener needs it.
 */
export function lazyStore(open: () => Promise<Store>): Store {
  let opened: Promise<Store> | undefined;
  const store = () => {
    opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
  return {
    get: async (kind, id) => (await store()).get(kind, id),
    create: async (kind, id, data, options) => (await store()).create(kind, id, data, options),
    update: async (kind, id, version, data, options) => (await store()).update(kind, id, version, data, options),
    delete: async (kind, id, version) => (await store()).delete(kind, id, version),
    list: async (kind, options) => (await store()).list(kind, options),
    due: async (kind, at, limit) => (await store()).due(kind, at, limit),
    claim: async (key, ttlMs) => (await store()).claim(key, ttlMs),
    appendAudit: async (entry) => (await store()).appendAudit(entry),
    listAudit: async (options) => (await store()).listAudit(options),
    close: async () => {
      if (opened) await (await opened).close();
    },
  };
}
