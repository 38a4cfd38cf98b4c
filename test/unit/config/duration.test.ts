import { z } from 'zod';
import { formatDuration, parseDuration } from '../../../src/config/duration';
import { durationSchema } from '../../../src/config/fields';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['1m', 60_000],
    ['30m', 1_800_000],
    ['4h', 14_400_000],
    ['2d', 172_800_000],
    [' 8H ', 28_800_000],
  ])('reads %p as %p ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '0m', '-1h', '1.5h', '4', 'h', '4 h', '4hours', '1h30m', '4w', '01h', '99999999d'])('rejects %p', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [14_400_000, '4h'],
    [5_400_000, '1h 30m'],
    [172_800_000, '2d'],
    [93_600_000, '1d 2h'],
    [90_000, '1m 30s'],
    [30_000, '30s'],
    [0, '0m'],
    [-3_600_000, '-1h'],
  ])('writes %p ms as %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips what parseDuration reads', () => {
    for (const text of ['45s', '30m', '4h', '2d']) expect(formatDuration(parseDuration(text) ?? NaN)).toBe(text);
  });
});

describe('durationSchema', () => {
  const schema = z.object({ maxDuration: durationSchema });

  it('turns text into milliseconds', () => {
    expect(schema.parse({ maxDuration: '8h' })).toEqual({ maxDuration: 28_800_000 });
  });

  it.each([
    ['9x', '"9x" is not a duration; use a number with m, h or d, such as 30m, 4h or 2d'],
    [8, '8 is not a duration; use a number with m, h or d, such as 30m, 4h or 2d'],
    [undefined, 'is missing; use a number with m, h or d, such as 30m, 4h or 2d'],
  ])('explains what is wrong with %p', (value, message) => {
    const result = schema.safeParse({ maxDuration: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[['maxDuration'], message]]);
  });
});
