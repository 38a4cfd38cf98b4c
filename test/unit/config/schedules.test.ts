import { CronExpressionParser } from 'cron-parser';
import { canonicalTimeZone, cronProblem, defaultSchedules, scheduleSchema, scheduleTasks } from '../../../src/config/schedules';

describe('cronProblem', () => {
  it.each(['* * * * *', '0 9 * * 1', '0 9 * * MON-FRI', '*/10 * * * * *', '0 0 9 * * *', '0 8 1,15 * *'])('accepts %p', (cron) => {
    expect(cronProblem(cron)).toBeUndefined();
  });

  it.each([
    ['* * * *', 'has 4 fields'],
    ['* * * * * * *', 'has 7 fields'],
    ['@hourly', 'has 1 field'],
    ['H * * * *', 'uses H, which node-cron does not support'],
    ['0 9 * * 8', 'Constraint error, got value 8 expected range 0-7'],
    ['61 * * * * *', 'Constraint error, got value 61 expected range 0-59'],
  ])('rejects %p: %s', (cron, why) => {
    expect(cronProblem(cron)).toBe(why);
  });

  it('reads six fields with seconds first, as node-cron does', () => {
    const next = CronExpressionParser.parse('*/10 * * * * *', { tz: 'UTC', currentDate: new Date('2024-01-01T00:00:03Z') }).next();
    expect(next.toISOString()).toBe('2024-01-01T00:00:10.000Z');
  });
});

describe('canonicalTimeZone', () => {
  it.each([
    ['UTC', 'UTC'],
    ['Europe/London', 'Europe/London'],
    ['america/new_york', 'America/New_York'],
  ])('knows %p as %p', (name, canonical) => {
    expect(canonicalTimeZone(name)).toBe(canonical);
  });

  it.each(['Mars/Olympus', 'GMT+25', ''])('rejects %p', (name) => {
    expect(canonicalTimeZone(name)).toBeUndefined();
  });
});

describe('defaultSchedules', () => {
  it('are all valid and cover every task', () => {
    for (const schedule of defaultSchedules) expect(scheduleSchema.safeParse(schedule).success).toBe(true);
    expect(new Set(defaultSchedules.map((schedule) => schedule.task))).toEqual(new Set(scheduleTasks));
  });
});
