/**
 * The one behaviour both Store adapters must show. Each adapter's test file calls storeContract with
 * a factory that builds a fresh, empty store on a real backend (a temp SQLite file, a dynalite table).
 */
import { ManualClock } from '../../../src/clock';
import { InvalidCursorError } from '../../../src/store/cursor';
import type { AuditRecord, Item, Store } from '../../../src/store/store';

export interface StoreFixture {
  store: Store;
  cleanup(): Promise<void>;
}

/** 2025-03-14 12:00:00 UTC; a fixed start keeps day boundaries where the tests expect them. */
const START = Date.UTC(2025, 2, 14, 12, 0, 0);

interface Job {
  step: string;
  attempts: number;
}

async function allPages<T>(fetch: (cursor?: string) => Promise<{ items: T[]; cursor?: string }>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    pages.push(page.items);
    cursor = page.cursor;
  } while (cursor !== undefined && pages.length < 100);
  return pages;
}

export function storeContract(name: string, makeStore: (clock: ManualClock) => Promise<StoreFixture>): void {
  describe(`${name} store contract`, () => {
    let clock: ManualClock;
    let fixture: StoreFixture;
    let store: Store;

    beforeEach(async () => {
      clock = new ManualClock(START);
      fixture = await makeStore(clock);
      store = fixture.store;
    });

    afterEach(async () => {
      await store.close();
      await fixture.cleanup();
    });

    describe('items', () => {
      it('creates, reads, updates and deletes with versions', async () => {
        expect(await store.get('job', 'a')).toBeUndefined();
        expect(await store.create<Job>('job', 'a', { step: 'start', attempts: 0 })).toBe(true);
        expect(await store.get<Job>('job', 'a')).toEqual({
          kind: 'job',
          id: 'a',
          version: 1,
          data: { step: 'start', attempts: 0 },
        });

        expect(await store.update<Job>('job', 'a', 1, { step: 'run', attempts: 1 })).toBe(true);
        expect(await store.update<Job>('job', 'a', 1, { step: 'stale', attempts: 9 })).toBe(false);
        expect(await store.update<Job>('job', 'missing', 1, { step: 'x', attempts: 0 })).toBe(false);
        const updated = await store.get<Job>('job', 'a');
        expect(updated?.version).toBe(2);
        expect(updated?.data).toEqual({ step: 'run', attempts: 1 });

        expect(await store.delete('job', 'a', 1)).toBe(false);
        expect(await store.get('job', 'a')).toBeDefined();
        expect(await store.delete('job', 'a', 2)).toBe(true);
        expect(await store.get('job', 'a')).toBeUndefined();
        expect(await store.delete('job', 'a')).toBe(false);

        expect(await store.create('job', 'b', { step: 'start', attempts: 0 })).toBe(true);
        expect(await store.delete('job', 'b')).toBe(true);
        expect(await store.get('job', 'b')).toBeUndefined();
      });

      it('keeps the same id apart across kinds', async () => {
        expect(await store.create('job', 'x', 'job data')).toBe(true);
        expect(await store.create('grant', 'x', 'grant data')).toBe(true);
        expect((await store.get('job', 'x'))?.data).toBe('job data');
        expect((await store.get('grant', 'x'))?.data).toBe('grant data');
      });

      it('refuses to create over a live item and keeps its data', async () => {
        expect(await store.create('job', 'a', { first: true })).toBe(true);
        expect(await store.create('job', 'a', { first: false })).toBe(false);
        expect(await store.get('job', 'a')).toEqual({ kind: 'job', id: 'a', version: 1, data: { first: true } });
      });

      it('treats an expired item as gone: invisible, recreatable, not updatable or deletable', async () => {
        const expiresAt = START + 1_000;
        expect(await store.create('grant', 'g', { n: 1 }, { expiresAt })).toBe(true);
        expect(await store.create('grant', 'g', { n: 2 })).toBe(false);

        clock.set(expiresAt);
        expect(await store.get('grant', 'g')).toEqual({ kind: 'grant', id: 'g', version: 1, data: { n: 1 }, expiresAt });

        clock.advance(1);
        expect(await store.get('grant', 'g')).toBeUndefined();
        expect(await store.update('grant', 'g', 1, { n: 3 })).toBe(false);
        expect(await store.delete('grant', 'g')).toBe(false);
        expect((await store.list('grant')).items).toEqual([]);

        expect(await store.create('grant', 'g', { n: 4 })).toBe(true);
        expect(await store.get('grant', 'g')).toEqual({ kind: 'grant', id: 'g', version: 1, data: { n: 4 } });
      });

      it('sets, keeps and clears expiresAt through update options', async () => {
        expect(await store.create('grant', 'g', 1, { expiresAt: START + 500 })).toBe(true);
        expect(await store.update('grant', 'g', 1, 2, { expiresAt: START + 5_000 })).toBe(true);
        clock.advance(1_000);
        expect((await store.get('grant', 'g'))?.expiresAt).toBe(START + 5_000);
        expect(await store.update('grant', 'g', 2, 3, { expiresAt: null })).toBe(true);
        clock.advance(10_000);
        expect(await store.get('grant', 'g')).toEqual({ kind: 'grant', id: 'g', version: 3, data: 3 });
      });

      it('lets exactly one of 20 concurrent updates from the same version win', async () => {
        await store.create('job', 'race', { winner: -1 });
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, n) => store.update('job', 'race', 1, { winner: n })),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect(await store.get('job', 'race')).toEqual({ kind: 'job', id: 'race', version: 2, data: { winner } });
      });

      it('lets exactly one of 20 concurrent creates of one id win', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, n) => store.create('job', 'once', { n })),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await store.get('job', 'once'))?.data).toEqual({ n: results.indexOf(true) });
      });

      it('round-trips JSON data: nesting, unicode, empties, numbers', async () => {
        const data = {
          text: 'Grüße, 東京, emoji 🚀👩‍💻, combining é, quote " backslash \\ newline \n tab \t',
          empty: '',
          nested: { deeper: { list: [1, 'two', { three: [3] }, null, true, false], none: null } },
          emptyList: [],
          emptyObject: {},
          numbers: [0, -1, 3.25, 1e21, Number.MAX_SAFE_INTEGER, -0.000001],
        };
        expect(await store.create('blob', 'doc', data)).toBe(true);
        expect((await store.get('blob', 'doc'))?.data).toEqual(data);
        expect(await store.create('blob', 'text', '🙂 plain string')).toBe(true);
        expect((await store.get('blob', 'text'))?.data).toBe('🙂 plain string');
        expect(await store.create('blob', 'list', [1, [2, [3]]])).toBe(true);
        expect((await store.get('blob', 'list'))?.data).toEqual([1, [2, [3]]]);
        expect(await store.create('blob', 'null', null)).toBe(true);
        expect((await store.get('blob', 'null'))?.data).toBeNull();
      });
    });

    describe('claim', () => {
      it('lets exactly one of 20 concurrent claims of a key win', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, () => store.claim('slack:retry:1', 60_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.claim('slack:retry:2', 60_000)).toBe(true);
      });

      it('refuses a key while it lives and grants it again after expiry', async () => {
        expect(await store.claim('k', 10_000)).toBe(true);
        clock.advance(10_000);
        expect(await store.claim('k', 10_000)).toBe(false);
        clock.advance(1);
        expect(await store.claim('k', 10_000)).toBe(true);
        expect(await store.claim('k', 10_000)).toBe(false);
      });
    });

    describe('list', () => {
      it('pages live items of one kind by id with a cursor', async () => {
        const ids = Array.from({ length: 25 }, (_, n) => `item-${String(n).padStart(2, '0')}`);
        // Written out of order, so the id order comes from the store.
        for (const id of [...ids].reverse()) await store.create('row', id, { id });
        await store.create('row', 'item-99-expired', {}, { expiresAt: START + 10 });
        await store.create('other', 'item-00', {});
        clock.advance(11);

        const pages = await allPages((cursor) => store.list<{ id: string }>('row', { limit: 10, cursor }));
        expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
        expect(pages.flat().map((item) => item.id)).toEqual(ids);
        expect(pages.flat().every((item) => item.kind === 'row' && item.data.id === item.id)).toBe(true);
      });

      it('puts no cursor on a last page that is exactly full', async () => {
        for (let n = 0; n < 4; n += 1) await store.create('row', `r${n}`, n);
        const first = await store.list('row', { limit: 2 });
        expect(first.items.map((item) => item.id)).toEqual(['r0', 'r1']);
        expect(first.cursor).toBeDefined();
        const second = await store.list('row', { limit: 2, cursor: first.cursor });
        expect(second.items.map((item) => item.id)).toEqual(['r2', 'r3']);
        expect(second.cursor).toBeUndefined();
        expect(await store.list('empty-kind')).toEqual({ items: [] });
      });

      it('rejects a cursor it did not make', async () => {
        await expect(store.list('row', { cursor: 'not a cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(store.listAudit({ from: 0, to: START, cursor: 'e30' })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
      });
    });

    describe('due', () => {
      it('returns live items due at or before a time, earliest first, up to a limit', async () => {
        await store.create('job', 'late', 'late', { dueAt: START + 3_000 });
        await store.create('job', 'first', 'first', { dueAt: START - 5_000 });
        await store.create('job', 'second', 'second', { dueAt: START + 1_000 });
        await store.create('job', 'future', 'future', { dueAt: START + 60_000 });
        await store.create('job', 'never', 'never');
        await store.create('job', 'gone', 'gone', { dueAt: START - 9_000, expiresAt: START + 100 });
        await store.create('other', 'foreign', 'foreign', { dueAt: START - 9_000 });
        clock.advance(101);

        const due = await store.due<string>('job', START + 3_000);
        expect(due.map((item) => item.id)).toEqual(['first', 'second', 'late']);
        expect(due[0]).toEqual({ kind: 'job', id: 'first', version: 1, data: 'first', dueAt: START - 5_000 });
        expect((await store.due('job', START + 3_000, 2)).map((item) => item.id)).toEqual(['first', 'second']);
        expect(await store.due('job', START - 10_000)).toEqual([]);
      });

      it('moves or clears dueAt through update options', async () => {
        await store.create('job', 'a', 'a', { dueAt: START });
        await store.create('job', 'b', 'b', { dueAt: START + 1 });
        await store.create('job', 'c', 'c', { dueAt: START + 2 });

        expect(await store.update('job', 'a', 1, 'a2', { dueAt: null })).toBe(true);
        expect(await store.update('job', 'b', 1, 'b2')).toBe(true);
        expect(await store.update('job', 'c', 1, 'c2', { dueAt: START - 1 })).toBe(true);

        const due = await store.due<string>('job', START + 10);
        expect(due.map((item) => [item.id, item.data, item.dueAt])).toEqual([['c', 'c2', START - 1]]);
        expect((await store.get('job', 'a'))?.dueAt).toBeUndefined();
      });
    });

    describe('audit', () => {
      it('appends records with an id and the clock time, and lists them oldest first across a day boundary', async () => {
        // 23:59:58 UTC on the 14th, then one record per second into the 15th.
        const beforeMidnight = Date.UTC(2025, 2, 14, 23, 59, 58);
        clock.set(beforeMidnight);
        const written: AuditRecord[] = [];
        for (let n = 0; n < 5; n += 1) {
          written.push(
            await store.appendAudit({
              actor: n % 2 === 0 ? 'U123' : 'system',
              action: 'snapshot.create',
              target: 'analytics-prod',
              ...(n === 0 ? {} : { input: { n, note: 'näive ✓' }, result: { ok: n !== 3, list: [n] } }),
            }),
          );
          clock.advance(1_000);
        }
        expect(new Set(written.map((record) => record.id)).size).toBe(5);
        expect(written.map((record) => record.at)).toEqual([0, 1, 2, 3, 4].map((n) => beforeMidnight + n * 1_000));
        expect(written[0]).toEqual({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          at: beforeMidnight,
          actor: 'U123',
          action: 'snapshot.create',
          target: 'analytics-prod',
        });
        expect(written[0]).not.toHaveProperty('input');

        const range = { from: beforeMidnight, to: beforeMidnight + 5_000 };
        const pages = await allPages((cursor) => store.listAudit({ ...range, limit: 2, cursor }));
        expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
        expect(pages.flat()).toEqual(written);

        const whole = await store.listAudit(range);
        expect(whole).toEqual({ items: written });
      });

      it('includes from and excludes to', async () => {
        const at = Date.UTC(2025, 2, 15, 0, 0, 0);
        clock.set(at - 1);
        const before = await store.appendAudit({ actor: 'system', action: 'tick', target: 't' });
        clock.set(at);
        const onFrom = await store.appendAudit({ actor: 'system', action: 'tick', target: 't' });
        clock.set(at + 10);
        const onTo = await store.appendAudit({ actor: 'system', action: 'tick', target: 't' });

        expect((await store.listAudit({ from: at, to: at + 10 })).items).toEqual([onFrom]);
        expect((await store.listAudit({ from: at - 1, to: at + 11 })).items).toEqual([before, onFrom, onTo]);
        expect(await store.listAudit({ from: at + 10, to: at + 10 })).toEqual({ items: [] });
      });

      it('pages over several days with gaps between them', async () => {
        const day = 86_400_000;
        const base = Date.UTC(2025, 2, 10, 6, 0, 0);
        const written: AuditRecord[] = [];
        // Distinct times: records within one millisecond have no order both backends can promise.
        for (const offset of [0, 1, 3 * day, 3 * day + 1, 6 * day]) {
          clock.set(base + offset);
          written.push(await store.appendAudit({ actor: 'U1', action: 'access.approve', target: 'pii_users' }));
        }
        const pages = await allPages((cursor) =>
          store.listAudit({ from: base - day, to: base + 7 * day, limit: 2, cursor }),
        );
        expect(pages.flat()).toEqual(written);
        expect(pages.at(-1)?.length).toBeGreaterThan(0);
      });

      it('finds records months apart in a wide range by following the cursor', async () => {
        const day = 86_400_000;
        const base = Date.UTC(2024, 0, 1, 9, 0, 0);
        const written: AuditRecord[] = [];
        for (const offset of [0, 150 * day, 390 * day]) {
          clock.set(base + offset);
          written.push(await store.appendAudit({ actor: 'system', action: 'cost.digest', target: 'lake' }));
        }
        const pages = await allPages((cursor) => store.listAudit({ from: base - 30 * day, to: base + 400 * day, cursor }));
        expect(pages.flat()).toEqual(written);
      });
    });

    it('returns items shaped exactly like Item (no storage fields leak out)', async () => {
      await store.create('job', 'shape', { a: 1 }, { dueAt: START + 5, expiresAt: START + 50 });
      const item: Item<{ a: number }> | undefined = await store.get('job', 'shape');
      expect(item).toEqual({ kind: 'job', id: 'shape', version: 1, data: { a: 1 }, dueAt: START + 5, expiresAt: START + 50 });
      expect(Object.keys(item ?? {}).sort()).toEqual(['data', 'dueAt', 'expiresAt', 'id', 'kind', 'version']);
    });
  });
}
