import { WarehouseRequestError } from '../../../src/redshift/errors';
import { decodeCursor, encodeCursor, newestFirst, normalizeSnapshotStatus, pageSize, retentionValue } from '../../../src/redshift/paging';

describe('snapshot helpers', () => {
  it('normalises status words from both services', () => {
    expect(normalizeSnapshotStatus('available')).toBe('available');
    expect(normalizeSnapshotStatus('final snapshot')).toBe('final-snapshot');
    expect(normalizeSnapshotStatus('CREATING')).toBe('creating');
    expect(normalizeSnapshotStatus('COPYING')).toBe('copying');
    expect(normalizeSnapshotStatus(undefined)).toBe('unknown');
  });

  it('maps retention to AWS values and refuses what AWS would refuse', () => {
    expect(retentionValue('forever')).toBe(-1);
    expect(retentionValue(1)).toBe(1);
    expect(retentionValue(3653)).toBe(3653);
    for (const bad of [0, -1, 3654, 1.5, Number.NaN]) expect(() => retentionValue(bad)).toThrow(WarehouseRequestError);
    expect(() => retentionValue(0)).toThrow('use 1 to 3653 days, or keep it forever');
  });

  it('checks page sizes', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(5)).toBe(5);
    expect(() => pageSize(0)).toThrow(WarehouseRequestError);
    expect(() => pageSize(5000)).toThrow(WarehouseRequestError);
  });

  it('round-trips cursors and refuses foreign ones', () => {
    const cursor = encodeCursor({ k: 'serverless', o: 40 });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ k: 'serverless', o: 40 });
    for (const bad of ['', 'not-base64!', Buffer.from('[1]').toString('base64url'), Buffer.from('"x"').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow('That page cursor is not valid');
    }
  });

  it('sorts newest first with undated items last', () => {
    const items = [{ id: 'old', createdAt: new Date(1) }, { id: 'none' }, { id: 'new', createdAt: new Date(3) }];
    expect([...items].sort(newestFirst).map((i) => i.id)).toEqual(['new', 'old', 'none']);
  });
});
