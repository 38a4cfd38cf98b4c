import { analyzeDecision, vacuumEffect, vacuumPhases, vacuumType } from '../../../src/sandbox/aws/data/maintenance';

const table = { size: 100, pctUsed: 1, unsorted: 30, statsOff: 4, tblRows: 1000, visibleRows: 900, vacuumSortBenefit: 20 };

describe('emulated VACUUM and ANALYZE use the documented values', () => {
  test('vacuum_type is Delete, Sort, Reindex, Recluster or Full', () => {
    expect(['FULL', 'SORT ONLY', 'DELETE ONLY', 'REINDEX', 'RECLUSTER'].map((m) => vacuumType(m as never))).toEqual([
      'Full',
      'Sort',
      'Delete',
      'Reindex',
      'Recluster',
    ]);
  });

  test('one VACUUM records Initialize, the phases that worked, then Complete at its end', () => {
    const full = vacuumEffect(table, 'FULL', 95, false);
    expect(vacuumPhases(full).map((p) => p.status)).toEqual(['Initialize', 'Sort', 'Merge', 'Delete', 'Complete']);
    expect(vacuumPhases(full).at(-1)?.atMicros).toBe(full.durationMicros);
    expect(vacuumPhases(vacuumEffect(table, 'DELETE ONLY', 95, false)).map((p) => p.status)).toEqual(['Initialize', 'Delete', 'Complete']);
    expect(vacuumPhases(vacuumEffect({ ...table, unsorted: 0, visibleRows: 1000 }, 'FULL', 95, false)).map((p) => p.status)).toEqual([
      'Initialize',
      'Complete',
    ]);
  });

  test('ANALYZE skips a table whose changed share is under analyze_threshold_percent; 0 analyzes everything', () => {
    expect(analyzeDecision({ tblRows: 1000, statsOff: 4 }, 10)).toEqual({ status: 'Skipped', modifiedRows: 40 });
    expect(analyzeDecision({ tblRows: 1000, statsOff: 38 }, 10)).toEqual({ status: 'Full', modifiedRows: 380 });
    expect(analyzeDecision({ tblRows: 1000, statsOff: 0 }, 0).status).toBe('Full');
  });
});
