import type { types } from '@slack/bolt';
import { formatUtc, truncate } from '../../slack-text';
import type { UsageLimitSpec } from '../../redshift/billing';
import { BUDGET_WORDS, formatBudgetAmount, type BudgetUse } from './budgets';
import type { DayCost, Missing } from './costs';
import { hoursText, percentText, usd } from './format';
import { componentLines, topLines } from './report-text';
import type { TopUsage } from './usage';

/** Budget alerts and idle-cluster suggestions as Slack blocks (pure). */

export const PAUSE_ACTION = 'cost_pause';
export const LIMIT_ACTION = 'cost_usage_limit';

export interface PauseValue {
  t: string;
}

export interface LimitValue {
  t: string;
  a: number;
  p: UsageLimitSpec['period'];
}

export interface AlertMessage {
  text: string;
  blocks: types.KnownBlock[];
}

const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 2900) } });

function pauseButton(target: string): types.Button {
  return { type: 'button', action_id: PAUSE_ACTION, text: { type: 'plain_text', text: `Pause ${target}` }, value: JSON.stringify({ t: target } satisfies PauseValue) };
}

function limitButton(target: string, spec: UsageLimitSpec): types.Button {
  const value: LimitValue = { t: target, a: spec.amountRpuHours, p: spec.period };
  return {
    type: 'button',
    action_id: LIMIT_ACTION,
    text: { type: 'plain_text', text: `Cap at ${spec.amountRpuHours} RPU-hours ${spec.period}` },
    value: JSON.stringify(value),
  };
}

export interface BudgetAlertInput {
  target: string;
  kind: 'provisioned' | 'serverless';
  use: BudgetUse;
  threshold: number;
  /** What the budget's period has cost so far, by component. */
  spent: DayCost;
  /** Figures not counted (hidden from the bot's identity, or unreadable): the alert says so. */
  missing?: Missing;
  top: TopUsage;
  /** Set when the cluster ran no user query for the configured hours: offer to pause it. */
  idleHours?: number;
  /** Set for Serverless targets with a dollar budget: offer a usage limit. */
  limit?: UsageLimitSpec;
}

export function budgetAlert(input: BudgetAlertInput): AlertMessage {
  const { use } = input;
  const icon = input.threshold >= 100 ? ':rotating_light:' : ':warning:';
  const head = `${icon} *${input.target}* has reached *${percentText(use.percent)}* of its ${BUDGET_WORDS[use.kind]} for ${use.period}: ${formatBudgetAmount(use.kind, use.used)} of ${formatBudgetAmount(use.kind, use.limit)} (the ${input.threshold} % alert).`;
  const partial = Object.keys(input.missing ?? {}).length > 0 ? ' Some figures are not counted (below), so the spend is at least this.' : '';
  const lines = [`${head}${partial}`, '*Where it went*', ...componentLines(input.spent, input.missing)];
  const blocks: types.KnownBlock[] = [section(lines.join('\n'))];
  const top = topLines(input.kind, input.top);
  if (top.length > 0) blocks.push(section(top.join('\n')));
  const buttons: types.Button[] = [];
  const offers: string[] = [];
  if (input.idleHours !== undefined) {
    offers.push(`The cluster has run no user query for ${hoursText(input.idleHours)}: pausing it stops node-hours (storage still bills).`);
    buttons.push(pauseButton(input.target));
  }
  if (input.limit) {
    offers.push(`A usage limit of ${input.limit.amountRpuHours} RPU-hours ${input.limit.period} (≈ the budget) makes AWS emit a metric when it is passed; it needs approval.`);
    buttons.push(limitButton(input.target, input.limit));
  }
  if (offers.length > 0) blocks.push(section(offers.join('\n')));
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: `cost_alert_${input.target}`.slice(0, 255), elements: buttons });
  return { text: `${input.target}: ${percentText(use.percent)} of the ${BUDGET_WORDS[use.kind]} (${formatBudgetAmount(use.kind, use.used)})`, blocks };
}

export function idleAlert(target: string, lastQuery: number | undefined, idleHours: number, nodesPerDayUsd: number | undefined): AlertMessage {
  const since = lastQuery === undefined ? 'ever (no user query in its history)' : `since ${formatUtc(lastQuery)} (${hoursText(idleHours)})`;
  const saving = nodesPerDayUsd !== undefined ? ` Pausing it saves about ${usd(nodesPerDayUsd)} a day in node-hours; storage still bills.` : ' Pausing it stops node-hours; storage still bills.';
  const text = `:zzz: *${target}* is running but nobody has queried it ${since}.${saving}`;
  return { text: `${target} looks idle`, blocks: [section(text), { type: 'actions', block_id: `cost_idle_${target}`.slice(0, 255), elements: [pauseButton(target)] }] };
}
