import { defaultPollPolicy, pollDelay, pollSchedule } from '../../../../src/redshift/data/poll';

describe('poll backoff', () => {
  it('starts at 50 ms, doubles, and stops growing at 2 s', () => {
    expect(defaultPollPolicy).toEqual({ initialMs: 50, factor: 2, maxMs: 2000 });
    expect(pollSchedule(9)).toEqual([50, 100, 200, 400, 800, 1600, 2000, 2000, 2000]);
  });

  it('never exceeds the cap, even after very many polls', () => {
    expect(pollDelay(10_000)).toBe(2000);
    expect(pollDelay(-1)).toBe(50);
  });

  it('follows a custom policy', () => {
    expect(pollSchedule(4, { initialMs: 10, factor: 3, maxMs: 100 })).toEqual([10, 30, 90, 100]);
  });
});
