import { latestOccurrence, occurrencesBetween } from '../../../src/jobs/schedule';

const at = (iso: string) => Date.parse(iso);

describe('cron occurrences', () => {
  test.each([
    ['0 * * * * *', 'UTC', '2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.000Z'],
    ['0 * * * * *', 'UTC', '2026-11-25T10:00:59.999Z', '2026-11-25T10:00:00.000Z'],
    ['*/5 * * * * *', 'UTC', '2026-11-25T10:00:07.000Z', '2026-11-25T10:00:05.000Z'],
    ['0 9 * * *', 'UTC', '2026-11-25T08:59:00.000Z', '2026-11-24T09:00:00.000Z'],
    ['0 9 * * 1', 'Europe/Berlin', '2026-11-25T10:00:00.000Z', '2026-11-23T08:00:00.000Z'],
  ])('%s in %s at %s was last due at %s', (cron, tz, now, expected) => {
    expect(new Date(latestOccurrence(cron, tz, at(now))).toISOString()).toBe(expected);
  });

  test('counts occurrences in a half-open window', () => {
    expect(occurrencesBetween('0 * * * * *', 'UTC', at('2026-11-25T10:00:00Z'), at('2026-11-25T10:05:00Z'))).toBe(5);
    expect(occurrencesBetween('0 * * * * *', 'UTC', at('2026-11-25T10:00:00Z'), at('2026-11-25T10:00:30Z'))).toBe(0);
  });

  test('caps the count for very late ticks', () => {
    expect(occurrencesBetween('* * * * * *', 'UTC', at('2026-11-01T00:00:00Z'), at('2026-11-25T00:00:00Z'), 50)).toBe(50);
  });
});
