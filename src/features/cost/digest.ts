import type { types } from '@slack/bolt';
import { truncate } from '../../slack-text';
import type { DigestPeriod } from '../../config/schedules';
import { sumDays, type DayCost } from './costs';
import { changeText, sparkline, usd } from './format';
import { changePercent, DAY_MS } from './model';
import { dayKey, startOfDay, startOfMonth, startOfWeek, type Window } from './periods';

/** The billing digest's figures and text (pure): spans, their changes, and a 30-day trend. */

export const TREND_DAYS = 30;

export interface Span {
  label: string;
  current: Window;
  previous: Window;
}

/** Whole days only, ending at the start of `today`, so every figure is final when posted. */
export function digestSpans(period: DigestPeriod, occurrence: number): Span[] {
  const today = startOfDay(occurrence);
  const yesterday = today - DAY_MS;
  const weekStart = startOfWeek(yesterday);
  const monthStart = startOfMonth(yesterday);
  const previousMonthStart = startOfMonth(monthStart - 1);
  const toDate: Span[] = [
    { label: 'Week to date', current: { from: weekStart, to: today }, previous: { from: weekStart - 7 * DAY_MS, to: today - 7 * DAY_MS } },
    {
      label: 'Month to date',
      current: { from: monthStart, to: today },
      previous: { from: previousMonthStart, to: Math.min(previousMonthStart + (today - monthStart), monthStart) },
    },
  ];
  if (period === 'day')
    return [
      { label: 'Yesterday', current: { from: yesterday, to: today }, previous: { from: yesterday - DAY_MS, to: yesterday } },
      ...toDate,
    ];
  if (period === 'week') {
    const thisWeek = startOfWeek(today);
    return [
      {
        label: 'Last week',
        current: { from: thisWeek - 7 * DAY_MS, to: thisWeek },
        previous: { from: thisWeek - 14 * DAY_MS, to: thisWeek - 7 * DAY_MS },
      },
      toDate[1],
    ];
  }
  const thisMonth = startOfMonth(today);
  const lastMonth = startOfMonth(thisMonth - 1);
  return [
    { label: 'Last month', current: { from: lastMonth, to: thisMonth }, previous: { from: startOfMonth(lastMonth - 1), to: lastMonth } },
  ];
}

/** Where the digest's daily figures must start: the earliest span or the trend. */
export function digestDataStart(spans: readonly Span[], occurrence: number): number {
  return Math.min(startOfDay(occurrence) - TREND_DAYS * DAY_MS, ...spans.map((span) => span.previous.from));
}

export interface TargetDigest {
  target: string;
  kind: 'provisioned' | 'serverless';
  spans: Array<{ label: string; current: DayCost; previousTotal: number }>;
  trend: number[];
  notes: string[];
  /** Nothing the target bills could be counted (its usage is hidden from the bot): no figures, only the notes. */
  countedNothing?: boolean;
}

export function targetDigest(
  target: string,
  kind: TargetDigest['kind'],
  days: readonly DayCost[],
  spans: readonly Span[],
  occurrence: number,
  notes: string[] = [],
): TargetDigest {
  const today = startOfDay(occurrence);
  const trend: number[] = [];
  for (let day = today - TREND_DAYS * DAY_MS; day < today; day += DAY_MS) trend.push(days.find((d) => d.day === dayKey(day))?.total ?? 0);
  return {
    target,
    kind,
    spans: spans.map((span) => ({
      label: span.label,
      current: sumDays(days, span.current.from, span.current.to),
      previousTotal: sumDays(days, span.previous.from, span.previous.to).total,
    })),
    trend,
    notes,
  };
}

const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 2900) } });

export function digestMessage(
  period: DigestPeriod,
  occurrence: number,
  digests: readonly TargetDigest[],
  failures: ReadonlyArray<{ target: string; error: string }>,
  actuals?: string,
): { text: string; blocks: types.KnownBlock[] } {
  const title = `:bar_chart: *Billing digest* (${period === 'day' ? 'daily' : period === 'week' ? 'weekly' : 'monthly'}, up to ${dayKey(startOfDay(occurrence) - 1)} UTC)`;
  const blocks: types.KnownBlock[] = [section(title)];
  for (const digest of digests) {
    const spans = digest.spans
      .map((span) => `${span.label} *${usd(span.current.total)}* (${changeText(changePercent(span.current.total, span.previousTotal))})`)
      .join(' · ');
    const first = digest.spans[0]?.current;
    const parts = first
      ? [
          { label: 'Nodes', amount: first.nodes },
          { label: 'Serverless', amount: first.serverless },
          { label: 'Spectrum', amount: first.spectrum },
          { label: 'Storage', amount: first.storage },
        ]
          .filter(({ amount }) => amount > 0)
          .map(({ label, amount }) => `${label} ${usd(amount)}`)
      : [];
    const low = Math.min(...digest.trend);
    const high = Math.max(...digest.trend);
    const lines = [
      `*${digest.target}* (${digest.kind})`,
      spans,
      parts.length > 0 ? `${digest.spans[0].label}: ${parts.join(' · ')}` : `${digest.spans[0]?.label ?? 'Period'}: nothing billed`,
      `${TREND_DAYS} days: \`${sparkline(digest.trend)}\` ${usd(low)}–${usd(high)} a day`,
      ...digest.notes.map((note) => `_${note}_`),
    ];
    const blind = [`*${digest.target}* (${digest.kind})`, 'nothing it bills could be counted', ...digest.notes.map((note) => `_${note}_`)];
    blocks.push(section((digest.countedNothing ? blind : lines).join('\n')));
  }
  for (const failure of failures) blocks.push(section(`:x: *${failure.target}*: no figures: ${failure.error}`));
  if (actuals) blocks.push(section(actuals));
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: 'Estimates from usage in the warehouses and chatops.yml prices; changes compare with the same span one period earlier.',
      },
    ],
  });
  const total = digests.reduce((sum, digest) => sum + (digest.spans[0]?.current.total ?? 0), 0);
  return {
    text: `Billing digest: ${digests[0]?.spans[0]?.label.toLowerCase() ?? 'period'} ${usd(total)} across ${digests.length} target${digests.length === 1 ? '' : 's'}`,
    blocks: blocks.slice(0, 50),
  };
}
