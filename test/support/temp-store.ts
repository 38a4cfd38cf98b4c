import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/clock';
import { SqliteStore } from '../../src/store/sqlite';

/** A SQLite store in a fresh temp folder; `cleanup` closes it and removes the folder. */
export function tempSqliteStore(clock: Clock): { store: SqliteStore; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-'));
  const store = new SqliteStore({ path: join(dir, 'state.db'), clock });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
