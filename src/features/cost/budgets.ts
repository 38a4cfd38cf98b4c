import type { ChatopsConfig } from '../../config/chatops';
import { spectrumTB, sumDays, type DayCost } from './costs';
import { bytesText, usd } from './format';
import { percentOf } from './model';
import { dayKey, monthKey, startOfDay, startOfMonth, startOfNextMonth } from './periods';

const BYTES_PER_TB = 1e12;

/** Budgets against spend (pure): how much of each is used, and which alert thresholds that crosses. */

export type BudgetKind = 'dailyUsd' | 'monthlyUsd' | 'spectrumTBPerDay';
export type Budget = ChatopsConfig['cost']['budgets'][string];

export interface BudgetUse {
  kind: BudgetKind;
  /** `2026-11-25` for daily budgets, `2026-11` for monthly ones. */
  period: string;
  limit: number;
  used: number;
  percent: number;
}

export const BUDGET_WORDS: Readonly<Record<BudgetKind, string>> = {
  dailyUsd: 'daily budget',
  monthlyUsd: 'monthly budget',
  spectrumTBPerDay: 'Spectrum scan budget',
};

export function formatBudgetAmount(kind: BudgetKind, amount: number): string {
  return kind === 'spectrumTBPerDay' ? bytesText(amount * BYTES_PER_TB) : usd(amount);
}

/** Each limit of the budget, for the day (or month) that contains `at`, from the day costs. */
export function budgetUses(budget: Budget | undefined, days: readonly DayCost[], at: number): BudgetUse[] {
  if (!budget) return [];
  const uses: BudgetUse[] = [];
  const day = sumDays(days, startOfDay(at), startOfDay(at) + 1);
  if (budget.dailyUsd !== undefined) uses.push(use('dailyUsd', dayKey(at), budget.dailyUsd, day.total));
  if (budget.monthlyUsd !== undefined) {
    const month = sumDays(days, startOfMonth(at), startOfNextMonth(at));
    uses.push(use('monthlyUsd', monthKey(at), budget.monthlyUsd, month.total));
  }
  if (budget.spectrumTBPerDay !== undefined) uses.push(use('spectrumTBPerDay', dayKey(at), budget.spectrumTBPerDay, spectrumTB(day.spectrumMb)));
  return uses;
}

function use(kind: BudgetKind, period: string, limit: number, used: number): BudgetUse {
  return { kind, period, limit, used, percent: percentOf(used, limit) };
}

/** The thresholds (percent, increasing) a use has reached. */
export function reached(use: BudgetUse, thresholds: readonly number[]): number[] {
  return thresholds.filter((threshold) => use.percent >= threshold);
}

/** The one key an alert is claimed under: a threshold of a budget of a target in one period, alerted once. */
export function alertKey(target: string, use: Pick<BudgetUse, 'kind' | 'period'>, threshold: number): string {
  return `${target}:${use.kind}:${use.period}:${threshold}`;
}
