import type { Env } from '../config/env';
import type { Clock } from '../clock';
import type { Store } from '../store/store';

/** Opens the store CHATOPS_STORE names. Each adapter is loaded only when chosen, so Lambda never loads SQLite. */
export async function openStore(spec: Env['store'], clock: Clock): Promise<Store> {
  if (spec.kind === 'dynamodb') {
    const { DynamoStore } = await import('../store/dynamodb');
    return new DynamoStore({ table: spec.table, clock });
  }
  const { SqliteStore } = await import('../store/sqlite');
  return new SqliteStore({ path: spec.path, clock });
}
