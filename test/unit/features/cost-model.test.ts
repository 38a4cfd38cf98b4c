import { parseChatopsConfig } from '../../../src/config/chatops';
import { checkedInstants, LATE_GRACE_MS } from '../../../src/features/cost/alerts';
import { alertKey, budgetUses, reached } from '../../../src/features/cost/budgets';
import { dailyCosts, sumDays, type WarehouseFacts } from '../../../src/features/cost/costs';
import { digestSpans } from '../../../src/features/cost/digest';
import { changeText, sparkline } from '../../../src/features/cost/format';
import { managedStorageUsd } from '../../../src/features/shared/storage-cost';
import {
  changePercent,
  billsManagedStorage,
  monthEndProjection,
  nodeUsd,
  runningSplit,
  serverlessBilledRpuSeconds,
  serverlessUsd,
  spectrumBilledMb,
  spectrumQueriesUsd,
  spectrumUsd,
} from '../../../src/features/cost/model';
import { periodWindow, previousWindow, startOfMonth, startOfWeek } from '../../../src/features/cost/periods';
import { projectMonth } from '../../../src/features/cost/report';
import { limitForBudget } from '../../../src/features/cost/usage-limit';
import { minimalConfigYaml } from '../../support/config';

const H = 3_600_000;
const D = 24 * H;
const at = (iso: string) => Date.parse(iso);
const prices = parseChatopsConfig(minimalConfigYaml).cost.prices;

describe('cost model (hand-worked figures)', () => {
  test('Spectrum: rounded up per MB, 10 MB minimum per query, failed queries free ($5 per TB = $0.000005 per MB)', () => {
    expect(spectrumBilledMb(1, false)).toBe(10); // one byte bills the 10 MB minimum
    expect(spectrumBilledMb(0, false)).toBe(10);
    expect(spectrumBilledMb(5_000_000, false)).toBe(10); // 5 MB is under the minimum
    expect(spectrumBilledMb(10_000_000, false)).toBe(10);
    expect(spectrumBilledMb(10_000_001, false)).toBe(11); // one byte over 10 MB rounds up to 11
    expect(spectrumBilledMb(2_500_000_000, false)).toBe(2_500);
    expect(spectrumBilledMb(1e12, true)).toBe(0); // failed: free however much it read
    expect(spectrumUsd(10, 5)).toBeCloseTo(0.00005, 10);
    expect(spectrumUsd(2_500, 5)).toBeCloseTo(0.0125, 10);
    expect(spectrumUsd(1_000_000, 5)).toBe(5); // 1 TB
    // Each query rounds on its own: 10 + 1,000,000 + 0 MB.
    expect(
      spectrumQueriesUsd(
        [
          { scannedBytes: 1, failed: false },
          { scannedBytes: 1e12, failed: false },
          { scannedBytes: 5e11, failed: true },
        ],
        5,
      ),
    ).toBeCloseTo(5.00005, 10);
    expect(spectrumQueriesUsd([{ scannedBytes: 1, failed: false }], 6.25)).toBeCloseTo(0.0000625, 10);
  });

  test('Serverless: RPU-seconds with the 60-second minimum, / 3600 × the RPU-hour price', () => {
    expect(serverlessBilledRpuSeconds(30, 8)).toBe(480); // 30 s bills 60 s: 60 × 8 RPU
    expect(serverlessUsd(480, 0.375)).toBeCloseTo(0.05, 10); // 480 / 3600 × 0.375
    expect(serverlessBilledRpuSeconds(60, 32)).toBe(1_920);
    expect(serverlessBilledRpuSeconds(90.4, 32)).toBe(2_912); // per second, rounded up: 91 × 32
    expect(serverlessBilledRpuSeconds(0, 32)).toBe(0); // idle is free
    expect(serverlessUsd(7_200, 0.375)).toBeCloseTo(0.75, 10); // 2 RPU-hours
    expect(serverlessUsd(32 * 3600, 0.375)).toBeCloseTo(12, 10); // 32 RPU for an hour
  });

  test('provisioned: node-hours × price, paused time excluded; managed storage pro rata', () => {
    expect(nodeUsd('ra3.xlplus', 2, 24, prices.nodeHour)).toBeCloseTo(52.128, 10); // 1.086 × 2 × 24
    expect(nodeUsd('dc2.large', 4, 10, prices.nodeHour)).toBeCloseTo(10, 10);
    expect(nodeUsd('ra3.unknown', 2, 24, prices.nodeHour)).toBeUndefined();
    const day = { from: 0, to: 24 * H };
    expect(
      runningSplit(day.from, day.to, [
        { at: 0, paused: false },
        { at: 6 * H, paused: true },
        { at: 10 * H, paused: false },
      ]),
    ).toEqual({ runningHours: 20, pausedHours: 4 });
    // Before the first observation, the first observed state is assumed.
    expect(
      runningSplit(day.from, day.to, [
        { at: 6 * H, paused: true },
        { at: 10 * H, paused: false },
      ]),
    ).toEqual({ runningHours: 14, pausedHours: 10 });
    expect(runningSplit(day.from, day.to, [{ at: -5 * H, paused: true }])).toEqual({ runningHours: 0, pausedHours: 24 });
    expect(
      runningSplit(day.from, day.to, [
        { at: -5 * H, paused: true },
        { at: 18 * H, paused: false },
      ]),
    ).toEqual({ runningHours: 6, pausedHours: 18 });
    expect(runningSplit(day.from, day.to, [], true)).toEqual({ runningHours: 0, pausedHours: 24 });
    expect(runningSplit(day.from, day.to, [{ at: 30 * H, paused: false }])).toEqual({ runningHours: 24, pausedHours: 0 });
    expect(nodeUsd('ra3.xlplus', 2, 20, prices.nodeHour)).toBeCloseTo(43.44, 10);
    // 730 GB for a 730-hour month at $0.024 per GB-month: 730 × 0.024 = $17.52; a day of it: 17.52 × 24 / 730.
    expect(managedStorageUsd(730_000, 730, 0.024)).toBeCloseTo(17.52, 10);
    expect(managedStorageUsd(730_000, 24, 0.024)).toBeCloseTo(0.576, 10);
    expect(managedStorageUsd(730_000, 0, 0.024)).toBe(0);
    // Managed storage is RA3's; DC2 keeps data on local disks the node price includes.
    expect(billsManagedStorage('ra3.xlplus')).toBe(true);
    expect(billsManagedStorage('RA3.4XLARGE')).toBe(true);
    expect(billsManagedStorage('dc2.large')).toBe(false);
    expect(billsManagedStorage(undefined)).toBe(false);
  });

  test('a day of an RA3 cluster: nodes while running, managed storage running or paused, Spectrum per query', () => {
    const facts: WarehouseFacts = {
      kind: 'provisioned',
      nodeType: 'ra3.xlplus',
      nodes: 2,
      changes: [
        { at: at('2026-11-24T00:00:00Z'), paused: false },
        { at: at('2026-11-24T18:00:00Z'), paused: true },
      ],
      pausedNow: true,
      storageMb: 730_000,
      missing: {},
    };
    const usage = [{ day: '2026-11-24', spectrumQueries: 3, spectrumBilledMb: 2_520, spectrumScannedBytes: 2.5e9, rpuSeconds: 0 }];
    const [day] = dailyCosts({ from: at('2026-11-24T00:00:00Z'), to: at('2026-11-25T00:00:00Z') }, usage, facts, prices);
    expect(day.runningHours).toBe(18);
    expect(day.pausedHours).toBe(6);
    expect(day.nodes).toBeCloseTo(39.096, 10); // 1.086 × 2 × 18
    expect(day.storage).toBeCloseTo(0.576, 10); // 730 GB × 0.024 × 24 / 730: the whole day, paused or not
    expect(day.spectrum).toBeCloseTo(0.0126, 10); // 2,520 MB × $0.000005
    expect(day.total).toBeCloseTo(39.096 + 0.576 + 0.0126, 10);
  });

  test('projection: month to date plus the recent daily rate for what is left', () => {
    expect(monthEndProjection(100, [10, 20], 10 * D)).toBe(250);
    expect(monthEndProjection(100, [], 10 * D)).toBe(100);
    const now = at('2026-11-25T12:00:00Z');
    const days = dailyCosts(
      { from: at('2026-11-01T00:00:00Z'), to: now },
      [],
      { kind: 'provisioned', nodeType: 'dc2.large', nodes: 1, changes: [], pausedNow: false, missing: {} },
      prices,
    );
    // $6 a day (0.25 × 24): 24.5 days so far, 5.5 days left.
    const { monthToDate, projection } = projectMonth(days, now);
    expect(monthToDate).toBeCloseTo(147, 6);
    expect(projection).toBeCloseTo(180, 6);
  });

  test('budgets: use per period, thresholds reached, one key per target, budget, period and threshold', () => {
    const now = at('2026-11-25T12:00:00Z');
    const days = dailyCosts(
      { from: at('2026-11-01T00:00:00Z'), to: now },
      [{ day: '2026-11-25', spectrumQueries: 1, spectrumBilledMb: 1_500_000, spectrumScannedBytes: 1.5e12, rpuSeconds: 0 }],
      { kind: 'provisioned', nodeType: 'dc2.large', nodes: 1, changes: [], pausedNow: false, missing: {} },
      prices,
    );
    const uses = budgetUses({ dailyUsd: 10, monthlyUsd: 1000, spectrumTBPerDay: 2 }, days, now);
    expect(uses.map((use) => [use.kind, use.period])).toEqual([
      ['dailyUsd', '2026-11-25'],
      ['monthlyUsd', '2026-11'],
      ['spectrumTBPerDay', '2026-11-25'],
    ]);
    const [daily, monthly, spectrum] = uses;
    expect(daily.used).toBeCloseTo(3 + 7.5, 6); // 12 h × $0.25 + 1.5 TB × $5
    expect(daily.percent).toBeCloseTo(105, 6);
    expect(reached(daily, [50, 80, 100])).toEqual([50, 80, 100]);
    expect(monthly.used).toBeCloseTo(24.5 * 6 + 7.5, 6);
    expect(reached(monthly, [50, 80, 100])).toEqual([]);
    expect(spectrum.used).toBeCloseTo(1.5, 10);
    expect(reached(spectrum, [50, 80, 100])).toEqual([50]);
    expect(alertKey('prod', daily, 80)).toBe('prod:dailyUsd:2026-11-25:80');
    expect(budgetUses(undefined, days, now)).toEqual([]);
  });

  test('a tick early in the day also checks yesterday (a late tick still alerts on it); later ones only today', () => {
    const midnight = at('2026-11-26T00:00:00Z');
    expect(checkedInstants(midnight + 30 * 60_000)).toEqual([midnight + 30 * 60_000, midnight - 1]);
    expect(checkedInstants(midnight + LATE_GRACE_MS)).toEqual([midnight + LATE_GRACE_MS]);
  });

  test('a usage limit that matches a budget, in whole RPU-hours', () => {
    expect(limitForBudget('dailyUsd', 100, 0.375)).toEqual({ amountRpuHours: 266, period: 'daily', breachAction: 'emit-metric' });
    expect(limitForBudget('monthlyUsd', 0.2, 0.375)).toEqual({ amountRpuHours: 1, period: 'monthly', breachAction: 'emit-metric' });
    expect(limitForBudget('spectrumTBPerDay', 2, 0.375)).toBeUndefined();
  });
});

describe('cost periods and the digest', () => {
  const now = at('2026-11-25T10:00:00Z'); // a Wednesday

  test('today, this week (from Monday) and this month, in UTC, and the same spans one period back', () => {
    expect(periodWindow('today', now)).toEqual({ from: at('2026-11-25T00:00:00Z'), to: now });
    expect(periodWindow('week', now)).toEqual({ from: at('2026-11-23T00:00:00Z'), to: now });
    expect(periodWindow('month', now)).toEqual({ from: at('2026-11-01T00:00:00Z'), to: now });
    expect(previousWindow('week', now)).toEqual({ from: at('2026-11-16T00:00:00Z'), to: at('2026-11-18T10:00:00Z') });
    expect(previousWindow('month', at('2026-03-31T10:00:00Z'))).toEqual({
      from: at('2026-02-01T00:00:00Z'),
      to: at('2026-03-01T00:00:00Z'),
    });
    expect(startOfWeek(at('2026-11-23T00:00:00Z'))).toBe(at('2026-11-23T00:00:00Z'));
    expect(startOfWeek(at('2026-11-29T23:59:59Z'))).toBe(at('2026-11-23T00:00:00Z'));
    expect(startOfMonth(at('2026-12-31T23:59:59Z'))).toBe(at('2026-12-01T00:00:00Z'));
  });

  test('digest spans are whole days: yesterday, week and month to date, each against one period earlier', () => {
    const spans = digestSpans('day', at('2026-11-25T09:00:00Z'));
    expect(
      spans.map((span) => [
        span.label,
        new Date(span.current.from).toISOString().slice(0, 10),
        new Date(span.current.to).toISOString().slice(0, 10),
        new Date(span.previous.from).toISOString().slice(0, 10),
        new Date(span.previous.to).toISOString().slice(0, 10),
      ]),
    ).toEqual([
      ['Yesterday', '2026-11-24', '2026-11-25', '2026-11-23', '2026-11-24'],
      ['Week to date', '2026-11-23', '2026-11-25', '2026-11-16', '2026-11-18'],
      ['Month to date', '2026-11-01', '2026-11-25', '2026-10-01', '2026-10-25'],
    ]);
    // On the 1st, "to date" is the whole previous month, against the month before (cut at its own end).
    const first = digestSpans('day', at('2026-12-01T09:00:00Z'));
    expect(first[2].current).toEqual({ from: at('2026-11-01T00:00:00Z'), to: at('2026-12-01T00:00:00Z') });
    expect(first[2].previous).toEqual({ from: at('2026-10-01T00:00:00Z'), to: at('2026-10-31T00:00:00Z') });
    expect(digestSpans('week', at('2026-11-23T09:00:00Z'))[0]).toMatchObject({
      label: 'Last week',
      current: { from: at('2026-11-16T00:00:00Z'), to: at('2026-11-23T00:00:00Z') },
    });
    expect(digestSpans('month', at('2026-11-01T09:00:00Z'))[0]).toMatchObject({
      label: 'Last month',
      current: { from: at('2026-10-01T00:00:00Z'), to: at('2026-11-01T00:00:00Z') },
    });
  });

  test('sums by whole days, changes and the sparkline', () => {
    const days = dailyCosts(
      { from: at('2026-11-20T00:00:00Z'), to: at('2026-11-23T00:00:00Z') },
      [],
      { kind: 'provisioned', nodeType: 'dc2.large', nodes: 1, changes: [], pausedNow: false, missing: {} },
      prices,
    );
    expect(days.map((day) => day.day)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    expect(sumDays(days, at('2026-11-21T00:00:00Z'), at('2026-11-23T00:00:00Z')).total).toBeCloseTo(12, 10);
    expect(changePercent(110, 100)).toBeCloseTo(10, 10);
    expect(changePercent(5, 0)).toBeUndefined();
    expect(changeText(changePercent(90, 100))).toBe('−10 %');
    expect(changeText(undefined)).toBe('new');
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([3, 3, 3])).toBe('▄▄▄');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([10, 0, 5])).toBe('█▁▅');
  });
});
