import { parseChatopsConfig } from '../../../../src/config/chatops';
import {
  candidatesStatement,
  healthFromRow,
  tableHealthStatement,
  utcMs,
  vacuumStatement,
  analyzeStatement,
} from '../../../../src/features/vacuum/vacuum-sql';
import { minimalConfigYaml } from '../../../support/config';

const thresholds = parseChatopsConfig(minimalConfigYaml).vacuum;

describe('VACUUM SQL', () => {
  test('one quoted identifier per name; modes and TO n PERCENT', () => {
    expect(vacuumStatement('analytics', 'Sessions', 'SORT ONLY', 95).sql).toBe('VACUUM SORT ONLY "analytics"."sessions" TO 95 PERCENT');
    expect(vacuumStatement('analytics', 'events', 'FULL', 95).sql).toBe('VACUUM FULL "analytics"."events" TO 95 PERCENT');
    expect(vacuumStatement('adhoc', 'x', 'DELETE ONLY', 99).sql).toBe('VACUUM DELETE ONLY "adhoc"."x" TO 99 PERCENT');
    expect(analyzeStatement('pii', 'customers').sql).toBe('ANALYZE "pii"."customers"');
  });

  test('hostile names stay one quoted identifier, or are refused', () => {
    const hostile = 'x"; DROP TABLE pii.customers; --';
    expect(vacuumStatement('analytics', hostile, 'FULL', 95).sql).toBe(
      'VACUUM FULL "analytics"."x""; drop table pii.customers; --" TO 95 PERCENT',
    );
    expect(() => vacuumStatement('analytics', 'a\u0000b', 'FULL', 95)).toThrow('control character');
    expect(() => vacuumStatement('analytics', 'x'.repeat(128), 'FULL', 95)).toThrow('longer than 127 bytes');
    expect(() => vacuumStatement('analytics', 't', 'FULL', 0)).toThrow();
    // Looked up by value: the name never enters the SQL text.
    const lookup = tableHealthStatement('analytics', hostile);
    expect(lookup.sql).not.toContain('DROP');
    expect(lookup.parameters).toEqual({ schema: 'analytics', table: hostile.toLowerCase() });
  });

  test('the candidate query filters, ranks and limits in SQL, thresholds as parameters', () => {
    const query = candidatesStatement(thresholds, 20);
    expect(query.sql).toMatch(/LIMIT 20$/);
    expect(query.sql).toContain('ORDER BY');
    expect(query.parameters).toEqual({ unsorted: '5', stats_off: '10', deleted: '5' });
    expect(() => candidatesStatement(thresholds, 0)).toThrow();
    expect(() => candidatesStatement(thresholds, 2.5)).toThrow();
  });

  test('rows become table health; timestamps are UTC', () => {
    expect(utcMs('2026-11-23 07:00:00')).toBe(Date.parse('2026-11-23T07:00:00Z'));
    expect(utcMs('2026-11-23 07:00:00.123456')).toBe(Date.parse('2026-11-23T07:00:00.123Z'));
    expect(utcMs(null)).toBeUndefined();
    expect(
      healthFromRow({
        schema_name: 'analytics ',
        table_name: 'sessions',
        table_id: 7,
        size: '18432',
        unsorted: null,
        stats_off: '4.10',
        tbl_rows: '412000000',
        estimated_visible_rows: '389500000',
        vacuum_sort_benefit: '61.20',
        last_vacuum: null,
      }),
    ).toEqual({
      schema: 'analytics',
      table: 'sessions',
      tableId: 7,
      sizeMb: 18432,
      unsorted: null,
      statsOff: 4.1,
      tblRows: 412000000,
      visibleRows: 389500000,
      vacuumSortBenefit: 61.2,
    });
  });
});
