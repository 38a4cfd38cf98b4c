import { ManualClock } from '../../../src/clock';
import { runDueSchedules, runScheduleIfDue, SCHEDULE_KIND, type ScheduleDefinition, type ScheduleState, type TaskRun } from '../../../src/jobs/scheduler';
import { tempSqliteStore } from '../../support/temp-store';

const everyMinute: ScheduleDefinition = { name: 'access-expiry', task: 'access.expire', cron: '0 * * * * *', timezone: 'UTC', enabled: true, targets: [] };
const daily: ScheduleDefinition = { name: 'billing-digest', task: 'cost.digest', cron: '0 0 9 * * *', timezone: 'UTC', enabled: true, targets: [] };

function setup(start = '2026-11-25T10:00:00.000Z') {
  const clock = new ManualClock(Date.parse(start));
  const { store, cleanup } = tempSqliteStore(clock);
  const runs: TaskRun[] = [];
  const tasks = { 'access.expire': async (run: TaskRun) => void runs.push(run), 'cost.digest': async (run: TaskRun) => void runs.push(run) };
  return { clock, store, cleanup, runs, ports: { store, clock, tasks } };
}

describe('schedules (tick semantics)', () => {
  test('runs an occurrence once however many ticks come after it', async () => {
    const { clock, cleanup, runs, ports } = setup('2026-11-25T10:00:05.000Z');
    expect((await runScheduleIfDue(everyMinute, ports)).ran).toBe(true);
    clock.advance(10_000);
    expect(await runScheduleIfDue(everyMinute, ports)).toMatchObject({ ran: false, why: 'not-due' });
    clock.advance(50_000);
    expect((await runScheduleIfDue(everyMinute, ports)).ran).toBe(true);
    expect(runs.map((run) => new Date(run.occurrence).toISOString())).toEqual(['2026-11-25T10:00:00.000Z', '2026-11-25T10:01:00.000Z']);
    await cleanup();
  });

  test('doubled ticks at the same moment run the task once', async () => {
    const { cleanup, runs, ports } = setup('2026-11-25T10:00:01.000Z');
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => runScheduleIfDue(everyMinute, ports)));
    expect(outcomes.filter((outcome) => outcome.ran)).toHaveLength(1);
    expect(runs).toHaveLength(1);
    await cleanup();
  });

  test('a late tick folds the missed occurrences into one run and says how many', async () => {
    const { clock, store, cleanup, runs, ports } = setup('2026-11-25T10:00:01.000Z');
    await runScheduleIfDue(everyMinute, ports);
    clock.advance(7 * 60_000);
    const outcome = await runScheduleIfDue(everyMinute, ports);
    expect(outcome).toMatchObject({ ran: true, coalesced: 6, outcome: 'ok' });
    expect(runs).toHaveLength(2);
    const state = await store.get<ScheduleState>(SCHEDULE_KIND, everyMinute.name);
    expect(state?.data).toMatchObject({ lastOccurrence: Date.parse('2026-11-25T10:07:00.000Z'), lastOutcome: 'ok', coalesced: 6 });
    await cleanup();
  });

  test('a schedule seen for the first time does not replay the past', async () => {
    const { cleanup, runs, ports } = setup('2026-11-25T10:30:00.000Z');
    expect(await runScheduleIfDue(daily, ports)).toMatchObject({ ran: false, why: 'not-due' });
    expect(runs).toHaveLength(0);
    await cleanup();
  });

  test('a schedule first seen between occurrences runs its next one however late the tick that sees it', async () => {
    const { clock, store, cleanup, runs, ports } = setup('2026-11-25T10:30:00.000Z');
    expect(await runScheduleIfDue(daily, ports)).toMatchObject({ ran: false, why: 'not-due' });
    expect((await store.get<ScheduleState>(SCHEDULE_KIND, daily.name))?.data.lastOccurrence).toBe(Date.parse('2026-11-25T09:00:00.000Z'));
    // The next tick comes a day later (the sandbox's clock jump, or ticks that stopped): 09:00 on the 26th runs.
    clock.advance(24 * 3_600_000);
    expect(await runScheduleIfDue(daily, ports)).toMatchObject({ ran: true, occurrence: Date.parse('2026-11-26T09:00:00.000Z'), coalesced: 0 });
    clock.advance(7 * 24 * 3_600_000);
    expect(await runScheduleIfDue(daily, ports)).toMatchObject({ ran: true, occurrence: Date.parse('2026-12-03T09:00:00.000Z'), coalesced: 6 });
    expect(runs).toHaveLength(2);
    await cleanup();
  });

  test('disabled schedules never run; tasks not built yet are recorded, not thrown', async () => {
    const { store, cleanup, ports } = setup('2026-11-25T09:00:10.000Z');
    const outcomes = await runDueSchedules(
      { schedules: [{ ...everyMinute, enabled: false }, { ...daily, task: 'vacuum.reminder' }] },
      ports,
    );
    expect(outcomes).toEqual([
      { schedule: 'access-expiry', ran: false, why: 'disabled' },
      expect.objectContaining({ schedule: 'billing-digest', ran: true, outcome: 'not-built' }),
    ]);
    const audit = await store.listAudit({ from: 0, to: Date.parse('2027-01-01') });
    expect(audit.items.map((record) => record.action)).toEqual(['schedule.run']);
    await cleanup();
  });

  test('a failing task is recorded and does not stop the others', async () => {
    const { cleanup, ports } = setup('2026-11-25T09:00:10.000Z');
    const tasks = { ...ports.tasks, 'access.expire': async () => Promise.reject(new Error('Data API throttled')) };
    const outcomes = await runDueSchedules({ schedules: [everyMinute, daily] }, { ...ports, tasks });
    expect(outcomes).toEqual([
      expect.objectContaining({ schedule: 'access-expiry', outcome: 'failed', error: 'Data API throttled' }),
      expect.objectContaining({ schedule: 'billing-digest', outcome: 'ok' }),
    ]);
    await cleanup();
  });

  test('an early node-cron firing claims its own occurrence with the tolerance', async () => {
    const { cleanup, runs, ports } = setup('2026-11-25T10:00:59.800Z');
    await runScheduleIfDue(everyMinute, ports, { toleranceMs: 1000 });
    expect(new Date(runs[0].occurrence).toISOString()).toBe('2026-11-25T10:01:00.000Z');
    await cleanup();
  });
});
