import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock } from '../../../src/clock';
import { SqliteStore } from '../../../src/store/sqlite';
import { storeContract } from './contract';

storeContract('sqlite', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-store-'));
  return {
    store: new SqliteStore({ path: join(dir, 'state.db'), clock }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteStore on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chatops-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates missing parent folders, uses WAL and keeps state across reopen', async () => {
    const path = join(dir, 'nested', 'deeper', 'state.db');
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const first = new SqliteStore({ path, clock });
    await first.create('job', 'a', { kept: true });
    const record = await first.appendAudit({ actor: 'U1', action: 'status', target: 'prod' });
    await first.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const second = new SqliteStore({ path, clock });
    expect((await second.get('job', 'a'))?.data).toEqual({ kept: true });
    expect((await second.listAudit({ from: 0, to: clock.now() + 1 })).items).toEqual([record]);
    await second.close();
  });

  it('sweeps expired rows so idempotency keys do not pile up', async () => {
    const path = join(dir, 'state.db');
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const store = new SqliteStore({ path, clock });
    for (let n = 0; n < 10; n += 1) await store.claim(`key-${n}`, 1_000);
    clock.advance(120_000);
    await store.claim('fresh', 1_000);
    await store.close();

    const raw = new Database(path, { readonly: true });
    const ids = raw.prepare<[], { id: string }>('SELECT id FROM items ORDER BY id').all();
    raw.close();
    expect(ids.map((row) => row.id)).toEqual(['fresh']);
  });
});
