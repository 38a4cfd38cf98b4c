import { parseChatopsConfig } from '../../../../src/config/chatops';
import { adviceLabel, adviseTable, rankCandidates, type TableHealth } from '../../../../src/features/vacuum/advisor';
import { minimalConfigYaml } from '../../../support/config';

const thresholds = parseChatopsConfig(minimalConfigYaml).vacuum;
const NOW = Date.parse('2026-11-25T10:00:00Z');
const HOUR = 3_600_000;

function table(over: Partial<TableHealth> = {}): TableHealth {
  return {
    schema: 'analytics',
    table: 't',
    tableId: 1,
    sizeMb: 1000,
    unsorted: 0,
    statsOff: 0,
    tblRows: 1000,
    visibleRows: 1000,
    vacuumSortBenefit: null,
    ...over,
  };
}

describe('the VACUUM/ANALYZE advisor', () => {
  test('defaults are those of AWS’s Analyze & Vacuum utility', () => {
    expect(thresholds).toMatchObject({ unsortedPct: 5, statsOffPct: 10, largeTableGB: 700, largeTableMaxUnsortedPct: 50, toPercent: 95 });
  });

  // [what, table, expected mode or null, analyze]
  const cases: Array<[string, Partial<TableHealth>, string | null, boolean]> = [
    ['healthy', {}, null, false],
    ['unsorted exactly at 5 % is not above it', { unsorted: 5 }, null, false],
    ['unsorted just above 5 %', { unsorted: 5.01 }, 'SORT ONLY', false],
    ['no sort key: unsorted is null', { unsorted: null }, null, false],
    ['deleted exactly 5 % (95 % live) is not above', { visibleRows: 950 }, null, false],
    ['deleted just above 5 %', { visibleRows: 949 }, 'DELETE ONLY', false],
    ['both: FULL', { unsorted: 30, visibleRows: 800 }, 'FULL', false],
    ['stats_off exactly 10 % is not above', { statsOff: 10 }, null, false],
    ['stats_off just above 10 %', { statsOff: 10.01 }, null, true],
    ['stale and unsorted', { statsOff: 50, unsorted: 20 }, 'SORT ONLY', true],
    ['no sort key but deleted rows', { unsorted: null, visibleRows: 500 }, 'DELETE ONLY', false],
    ['empty table', { tblRows: 0, visibleRows: 0 }, null, false],
    // Large tables (above 700 GB = 716,800 MB): vacuumed only while 5–50 % unsorted.
    ['large at 700 GB exactly is not large', { sizeMb: 716_800, unsorted: 60 }, 'SORT ONLY', false],
    ['large, 12 % unsorted', { sizeMb: 716_801, unsorted: 12 }, 'SORT ONLY', false],
    ['large, exactly 50 % unsorted', { sizeMb: 800_000, unsorted: 50 }, 'SORT ONLY', false],
    ['large, 50.01 % unsorted: deep copy instead', { sizeMb: 800_000, unsorted: 50.01 }, null, false],
    ['large, sorted but deleted rows: held back', { sizeMb: 800_000, unsorted: 1, visibleRows: 500 }, null, false],
    ['large and stale: ANALYZE still', { sizeMb: 800_000, unsorted: 70, statsOff: 40 }, null, true],
  ];
  test.each(cases)('%s', (_what, over, mode, analyze) => {
    const advice = adviseTable(table(over), thresholds, NOW);
    if (mode === null && !analyze) {
      expect(advice).toBeUndefined();
      return;
    }
    expect(advice?.vacuum?.mode ?? null).toBe(mode);
    expect(advice?.analyze).toBe(analyze);
    if (mode) expect(advice?.vacuum?.toPercent).toBe(95);
    expect(advice?.reasons.length).toBeGreaterThan(0);
  });

  test('a table vacuumed within the last 24 h is not vacuumed again, but still analyzed', () => {
    const recent = table({ unsorted: 40, statsOff: 30, lastVacuumAt: NOW - 23 * HOUR });
    const advice = adviseTable(recent, thresholds, NOW)!;
    expect(advice.vacuum).toBeUndefined();
    expect(advice.analyze).toBe(true);
    expect(advice.reasons.join('\n')).toContain('vacuumed 23 h ago');
    expect(adviseTable(table({ unsorted: 40, lastVacuumAt: NOW - 23 * HOUR }), thresholds, NOW)).toBeUndefined();
    expect(adviseTable(table({ unsorted: 40, lastVacuumAt: NOW - 24 * HOUR }), thresholds, NOW)?.vacuum?.mode).toBe('SORT ONLY');
  });

  test('every reason says what is wrong against which threshold', () => {
    const advice = adviseTable(table({ unsorted: 27.85, visibleRows: 900, statsOff: 38 }), thresholds, NOW)!;
    expect(advice.reasons).toEqual([
      '27.85 % of rows unsorted (threshold 5 %)',
      '10 % of rows marked deleted (a VACUUM TO 95 PERCENT reclaims above 5 %)',
      'statistics 38 % off (threshold 10 %)',
    ]);
    expect(adviceLabel(advice)).toBe('VACUUM + ANALYZE');
    expect(adviseTable(table({ sizeMb: 900_000, unsorted: 70 }), thresholds, NOW)).toBeUndefined();
    expect(adviseTable(table({ sizeMb: 900_000, unsorted: 70, statsOff: 20 }), thresholds, NOW)!.reasons.join(' ')).toContain(
      'a deep copy is faster',
    );
  });

  test('thresholds come from chatops.yml', () => {
    const strict = { ...thresholds, unsortedPct: 1, statsOffPct: 2, toPercent: 99 };
    expect(adviseTable(table({ unsorted: 2 }), strict, NOW)?.vacuum?.mode).toBe('SORT ONLY');
    expect(adviseTable(table({ visibleRows: 985 }), strict, NOW)?.vacuum).toEqual({ mode: 'DELETE ONLY', toPercent: 99 });
    expect(adviseTable(table({ statsOff: 3 }), strict, NOW)?.analyze).toBe(true);
  });

  test('ranked by expected benefit: sort benefit and deleted rows, weighted by size; snoozed left out; at most maxCandidates', () => {
    const tables = [
      table({ table: 'small_unsorted', sizeMb: 10, unsorted: 60, vacuumSortBenefit: 60 }),
      table({ table: 'big_unsorted', sizeMb: 500_000, unsorted: 20, vacuumSortBenefit: 60 }),
      table({ table: 'big_deleted', sizeMb: 500_000, visibleRows: 700 }),
      table({ table: 'stale', sizeMb: 10, statsOff: 100 }),
      table({ table: 'healthy' }),
      table({ table: 'snoozed', sizeMb: 900_000 - 1, unsorted: 40, vacuumSortBenefit: 90 }),
    ];
    const ranked = rankCandidates(tables, thresholds, NOW, new Set(['analytics.snoozed']));
    expect(ranked.map((a) => a.table)).toEqual(['big_unsorted', 'big_deleted', 'small_unsorted', 'stale']);
    expect(rankCandidates(tables, { ...thresholds, maxCandidates: 2 }, NOW).map((a) => a.table)).toEqual(['snoozed', 'big_unsorted']);
  });
});
