import type { WarehouseDatabases } from '../databases';

/**
 * What the Serverless emulator needs from the databases behind its namespaces. The emulator's
 * PGlite host (src/sandbox/aws/data/host.ts) satisfies it; tests pass an in-memory one.
 * Keys are `namespace/<namespaceName>`.
 */
export type NamespaceDatabases = WarehouseDatabases;

export function namespaceKey(namespaceName: string): string {
  return `namespace/${namespaceName}`;
}
