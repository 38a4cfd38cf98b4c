import type { CostPeriod } from '../../commands/types';
import { budgetUses, type Budget, type BudgetUse } from './budgets';
import { sumDays, type DayCost, type Missing, type Prices, type WarehouseFacts } from './costs';
import { countedNothing, coverageLine, missingNotes } from './coverage';
import type { ModelInfo, ModelsRead } from './ml-models';
import { DAY_MS, monthEndProjection } from './model';
import { startOfDay, startOfMonth, startOfNextMonth, type Window } from './periods';
import type { TopUsage } from './usage';

/** One target's cost report, assembled from gathered figures (pure). */

/** Days averaged for the month-end projection. */
export const PROJECTION_DAYS = 7;
/** A model no query used for this long is worth dropping. */
export const UNUSED_MODEL_DAYS = 30;

export interface ModelCost extends ModelInfo {
  /** Set only when the bot can tell: no query called its prediction function for UNUSED_MODEL_DAYS. */
  unused: boolean;
}

/** A part of the report that could not be read, and why; the rest of the report stands. */
export interface PartResult<T> {
  value?: T;
  error?: string;
}

export interface TargetReport {
  target: string;
  kind: WarehouseFacts['kind'];
  state: string;
  period: CostPeriod;
  window: Window;
  spent: DayCost;
  /** Figures not counted in `spent`, with the reason. */
  missing: Missing;
  budget: BudgetUse[];
  /** Month-to-date plus the recent daily rate for the rest of the month. */
  projection: number;
  monthToDate: number;
  top: TopUsage;
  models: ModelCost[];
  /** How many models there are beyond the ones listed. */
  moreModels: number;
  notes: string[];
  /** What is estimated and what is not counted, in one line. */
  coverage: string;
  /** Nothing the target bills could be counted: no total is shown. */
  countedNothing: boolean;
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
  top: PartResult<TopUsage>;
  models: PartResult<ModelsRead>;
  /** Set when the top lists' view hides other users' rows from the identity: they are not read. */
  topHidden?: string;
  /** Set when other owners' models are hidden: only the identity's own are listed. */
  modelsHidden?: string;
  budget: Budget | undefined;
  prices: Prices;
}

export function modelCosts(models: readonly ModelInfo[], now: number): ModelCost[] {
  return models.map((model) => ({
    ...model,
    unused: model.usageKnown && (model.lastUsed === undefined || now - model.lastUsed > UNUSED_MODEL_DAYS * DAY_MS),
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

/**
 * Budgets the figures can answer: none when nothing billed could be counted, no Spectrum budget when
 * Spectrum is not counted. A dollar budget with some figure missing stands: the spend is at least that.
 */
export function answerableUses(uses: readonly BudgetUse[], facts: WarehouseFacts): BudgetUse[] {
  if (countedNothing(facts)) return [];
  return uses.filter((use) => !(use.kind === 'spectrumTBPerDay' && facts.missing.spectrum !== undefined));
}

export function buildReport(input: ReportInput): TargetReport {
  const notes: string[] = [];
  if (!input.queryable) notes.push(`${input.target} is ${input.state}, so its query history could not be read: usage-based figures (Spectrum, RPU time, models) are missing.`);
  notes.push(...missingNotes(input.facts, input.prices, false));
  if (input.top.error !== undefined) notes.push(`Top users and queries could not be read: ${input.top.error}`);
  else if (input.topHidden !== undefined && input.queryable) notes.push(`Top users and queries not shown — ${input.topHidden}.`);
  if (input.models.error !== undefined) notes.push(`ML models could not be read: ${input.models.error}`);
  else if (input.modelsHidden !== undefined && input.queryable) notes.push(`ML models: only the bot's own are listed — ${input.modelsHidden}.`);
  const read = input.models.value;
  const { monthToDate, projection } = projectMonth(input.days, input.now);
  return {
    target: input.target,
    kind: input.facts.kind,
    state: input.state,
    period: input.period,
    window: input.window,
    spent: sumDays(input.days, input.window.from, input.window.to),
    missing: input.facts.missing,
    budget: answerableUses(budgetUses(input.budget, input.days, input.now), input.facts),
    projection,
    monthToDate,
    top: input.top.value ?? { users: [], queries: [] },
    models: modelCosts(read?.models ?? [], input.now),
    moreModels: read ? Math.max(0, read.total - read.models.length) : 0,
    notes,
    coverage: coverageLine(input.facts.kind),
    countedNothing: countedNothing(input.facts),
  };
}
