import { budgetAlert, idleAlert, LIMIT_ACTION, PAUSE_ACTION, type BudgetAlertInput } from '../../../src/features/cost/alert-text';
import type { DayCost } from '../../../src/features/cost/costs';
import { digestMessage, type TargetDigest } from '../../../src/features/cost/digest';
import { bytesText, mbText, plain, usd } from '../../../src/features/cost/format';

const spent: DayCost = { day: '2026-11-25', spectrum: 1.5, serverless: 0, nodes: 52.13, storage: 0, total: 53.63, spectrumMb: 300_000, spectrumQueries: 12, rpuHours: 0, runningHours: 24, pausedHours: 0 };
const buttons = (blocks: unknown[]) =>
  blocks.flatMap((block) => ((block as { elements?: Array<{ action_id?: string; value?: string }> }).elements ?? [])).filter((e) => e.action_id !== undefined);

/** prod's daily budget at 89 %, with one top user and query; tests change what they look at. */
const alertFor = (change: Partial<BudgetAlertInput>) =>
  budgetAlert({
    target: 'prod',
    kind: 'provisioned',
    use: { kind: 'dailyUsd', period: '2026-11-25', limit: 60, used: 53.63, percent: 89.38 },
    threshold: 80,
    spent,
    top: { users: [{ user: 'carol', queries: 4, billedMb: 250_000 }], queries: [{ id: '4200145', user: 'carol', started: '2026-11-25 03:35', what: 's3.orders_archive', billedMb: 250_000 }] },
    ...change,
  });

describe('cost messages (pure)', () => {
  test('a budget alert names the budget, the threshold, where the money went and the top contributors; buttons only for what applies', () => {
    const alert = alertFor({ idleHours: 14 });
    const text = JSON.stringify(alert.blocks);
    expect(alert.text).toBe('prod: 89 % of the daily budget ($53.63)');
    expect(text).toContain('*prod* has reached *89 %* of its daily budget for 2026-11-25: $53.63 of $60.00 (the 80 % alert)');
    expect(text).toContain('Nodes (node-hours while running): *$52.13* (24 h running)');
    expect(text).toContain('`carol`: 250 GB in 4 queries');
    expect(buttons(alert.blocks).map((b) => [b.action_id, b.value])).toEqual([[PAUSE_ACTION, '{"t":"prod"}']]);

    const lake = alertFor({
      target: 'lake',
      kind: 'serverless',
      use: { kind: 'spectrumTBPerDay', period: '2026-11-25', limit: 2, used: 2.5, percent: 125 },
      threshold: 100,
      top: { users: [], queries: [] },
      limit: { amountRpuHours: 266, period: 'daily', breachAction: 'emit-metric' },
    });
    expect(lake.text).toBe('lake: 125 % of the Spectrum scan budget (2.5 TB)');
    expect(buttons(lake.blocks).map((b) => [b.action_id, b.value])).toEqual([[LIMIT_ACTION, '{"t":"lake","a":266,"p":"daily"}']]);
  });

  test('the idle alert says since when and what pausing saves', () => {
    const alert = idleAlert('prod', Date.parse('2026-11-24T20:00:00Z'), 14, 52.128);
    expect(JSON.stringify(alert.blocks)).toContain('*prod* is running but nobody has queried it since 2026-11-24 20:00 UTC (14 h). Pausing it saves about $52.13 a day');
    expect(buttons(alert.blocks)).toHaveLength(1);
  });

  test('the digest: spans with changes, the split and the sparkline with its range', () => {
    const digest: TargetDigest = {
      target: 'prod',
      kind: 'provisioned',
      spans: [{ label: 'Yesterday', current: spent, previousTotal: 48.75 }],
      trend: [40, 44, 52, 53.63],
      notes: [],
    };
    const message = digestMessage('day', Date.parse('2026-11-25T09:00:00Z'), [digest], [], ':receipt: bill');
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('Yesterday *$53.63* (+10 %)');
    expect(text).toContain('Yesterday: Nodes $52.13 · Spectrum $1.50');
    expect(text).toContain('30 days: `▁▃▇█` $40.00–$53.63 a day');
    expect(text).toContain(':receipt: bill');
    expect(message.text).toBe('Billing digest: yesterday $53.63 across 1 target');
  });

  test('numbers and warehouse text as Slack shows them', () => {
    expect(usd(1304.11)).toBe('$1,304');
    expect(usd(21)).toBe('$21.00');
    expect(bytesText(6_300_000_000_000)).toBe('6.3 TB');
    expect(bytesText(785_000_000_000)).toBe('785 GB');
  });

  test('small figures keep their meaning: under a cent is "under $0.01", never "$0.00"; sizes take the unit that fits', () => {
    expect(usd(0)).toBe('$0.00');
    expect(usd(0.000936)).toBe('under $0.01');
    expect(usd(0.0099)).toBe('under $0.01');
    expect(usd(0.01)).toBe('$0.01');
    expect(usd(0.456)).toBe('$0.46');
    expect(usd(999.994)).toBe('$999.99');
    expect(usd(999.996)).toBe('$1,000');
    expect(usd(-12.5)).toBe('-$12.50');
    expect(mbText(39)).toBe('39 MB');
    expect(mbText(39.44)).toBe('39.4 MB');
    expect(mbText(0.5)).toBe('500 KB');
    expect(mbText(0)).toBe('0 MB');
    expect(mbText(1234.4)).toBe('1.2 GB');
    expect(mbText(999.97)).toBe('1 GB');
    expect(mbText(250_000)).toBe('250 GB');
    expect(mbText(2_500_000_000)).toBe('2.5 PB');
    expect(bytesText(512)).toBe('512 B');
    expect(plain('SELECT *\n  FROM <t> WHERE a = `x`', 40)).toBe("SELECT * FROM &lt;t&gt; WHERE a = 'x'");
    expect(plain('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
