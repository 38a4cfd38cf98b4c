import type { CostPeriod } from '../../commands/types';
import { budgetUses, type Budget, type BudgetUse } from './budgets';
import { nodePriced, sumDays, type DayCost, type Prices, type WarehouseFacts } from './costs';
import { DAY_MS, mlTrainingUsd, monthEndProjection } from './model';
import { startOfDay, startOfMonth, startOfNextMonth, type Window } from './periods';
import type { ModelInfo, TopUsage } from './usage';

/** One target's cost report, assembled from gathered figures (pure). */

/** Days averaged for the month-end projection. */
export const PROJECTION_DAYS = 7;
/** A model no query named for this long is worth dropping. */
export const UNUSED_MODEL_DAYS = 30;

export interface ModelCost extends ModelInfo {
  trainingUsd: number;
  unused: boolean;
}

export interface TargetReport {
  target: string;
  kind: WarehouseFacts['kind'];
  state: string;
  period: CostPeriod;
  window: Window;
  spent: DayCost;
  budget: BudgetUse[];
  /** Month-to-date plus the recent daily rate for the rest of the month. */
  projection: number;
  monthToDate: number;
  top: TopUsage;
  models: ModelCost[];
  notes: string[];
}

export interface ReportInput {
  target: string;
  period: CostPeriod;
  window: Window;
  now: number;
  days: readonly DayCost[];
  facts: WarehouseFacts;
  state: string;
  queryable: boolean;
  top: TopUsage;
  models: readonly ModelInfo[];
  budget: Budget | undefined;
  prices: Prices;
}

export function modelCosts(models: readonly ModelInfo[], prices: Prices, now: number): ModelCost[] {
  return models.map((model) => ({
    ...model,
    trainingUsd: mlTrainingUsd(model.trainCells, prices.mlPerMillionCells, model.maxCells),
    unused: model.lastUsed === undefined || now - model.lastUsed > UNUSED_MODEL_DAYS * DAY_MS,
  }));
}

/** The projection from day costs: month to date plus the mean of the last full days. */
export function projectMonth(days: readonly DayCost[], now: number): { monthToDate: number; projection: number } {
  const today = startOfDay(now);
  const monthToDate = sumDays(days, startOfMonth(now), now).total;
  const recent: number[] = [];
  for (let day = today - PROJECTION_DAYS * DAY_MS; day < today; day += DAY_MS) {
    const cost = sumDays(days, day, day + DAY_MS);
    if (days.some((d) => d.day === cost.day)) recent.push(cost.total);
  }
  return { monthToDate, projection: monthEndProjection(monthToDate, recent, startOfNextMonth(now) - now) };
}

export function buildReport(input: ReportInput): TargetReport {
  const notes: string[] = [];
  if (!input.queryable) notes.push(`${input.target} is ${input.state}, so its query history could not be read: usage-based figures (Spectrum, RPU time, models) are missing.`);
  if (!nodePriced(input.facts, input.prices)) notes.push(`Node type ${input.facts.nodeType ?? 'unknown'} has no price in chatops.yml (cost.prices.nodeHour), so node-hours are not counted.`);
  const { monthToDate, projection } = projectMonth(input.days, input.now);
  return {
    target: input.target,
    kind: input.facts.kind,
    state: input.state,
    period: input.period,
    window: input.window,
    spent: sumDays(input.days, input.window.from, input.window.to),
    budget: budgetUses(input.budget, input.days, input.now),
    projection,
    monthToDate,
    top: input.top,
    models: modelCosts(input.models, input.prices, input.now),
    notes,
  };
}
