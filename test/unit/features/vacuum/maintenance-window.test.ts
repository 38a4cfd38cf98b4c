import { maintenanceWindowAt } from '../../../../src/features/vacuum/maintenance-window';

describe('maintenance windows (ddd:hh24:mi-ddd:hh24:mi, UTC)', () => {
  // 2026-11-29 is a Sunday.
  const at = (iso: string) => Date.parse(iso);
  test('inside, at the start, and not at the end', () => {
    expect(maintenanceWindowAt('sun:18:00-sun:18:30', at('2026-11-29T17:59:59Z'))).toEqual({ inside: false });
    expect(maintenanceWindowAt('sun:18:00-sun:18:30', at('2026-11-29T18:00:00Z'))).toEqual({
      inside: true,
      endsAt: at('2026-11-29T18:30:00Z'),
    });
    expect(maintenanceWindowAt('sun:18:00-sun:18:30', at('2026-11-29T18:10:00Z'))).toEqual({
      inside: true,
      endsAt: at('2026-11-29T18:30:00Z'),
    });
    expect(maintenanceWindowAt('sun:18:00-sun:18:30', at('2026-11-29T18:30:00Z'))).toEqual({ inside: false });
    expect(maintenanceWindowAt('sun:18:00-sun:18:30', at('2026-11-25T18:10:00Z'))).toEqual({ inside: false });
  });
  test('a window across midnight and across the end of the week', () => {
    expect(maintenanceWindowAt('Sat:23:30-Sun:00:30', at('2026-11-29T00:15:00Z'))).toEqual({
      inside: true,
      endsAt: at('2026-11-29T00:30:00Z'),
    });
    expect(maintenanceWindowAt('sat:23:30-sun:00:30', at('2026-11-28T23:45:00Z'))).toEqual({
      inside: true,
      endsAt: at('2026-11-29T00:30:00Z'),
    });
    expect(maintenanceWindowAt('sat:23:30-sun:00:30', at('2026-11-29T00:31:00Z'))).toEqual({ inside: false });
  });
  test('missing or unreadable windows hold nothing back', () => {
    expect(maintenanceWindowAt(undefined, at('2026-11-29T18:10:00Z'))).toEqual({ inside: false });
    expect(maintenanceWindowAt('sunday 18:00', at('2026-11-29T18:10:00Z'))).toEqual({ inside: false });
    expect(maintenanceWindowAt('sun:25:00-sun:26:00', at('2026-11-29T18:10:00Z'))).toEqual({ inside: false });
  });
});
