import type { CostPeriod } from '../../commands/types';
import { DAY_MS } from './model';

/** Time spans of reports and budgets (pure). Days, ISO weeks (Monday first) and months are UTC, as AWS bills. */

export interface Window {
  from: number;
  to: number;
}

export function startOfDay(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS;
}

export function startOfWeek(at: number): number {
  const day = startOfDay(at);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0
  return day - weekday * DAY_MS;
}

export function startOfMonth(at: number): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function startOfNextMonth(at: number): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** `today|week|month` so far. */
export function periodWindow(period: CostPeriod, now: number): Window {
  const from = period === 'today' ? startOfDay(now) : period === 'week' ? startOfWeek(now) : startOfMonth(now);
  return { from, to: now };
}

/** The same span one period earlier: yesterday up to this time, last week up to this weekday and time, last month up to this day. */
export function previousWindow(period: CostPeriod, now: number): Window {
  if (period === 'today') return { from: startOfDay(now) - DAY_MS, to: now - DAY_MS };
  if (period === 'week') return { from: startOfWeek(now) - 7 * DAY_MS, to: now - 7 * DAY_MS };
  const from = startOfMonth(startOfMonth(now) - 1);
  const elapsed = now - startOfMonth(now);
  return { from, to: Math.min(from + elapsed, startOfMonth(now)) };
}

/** `2026-11-25`. */
export function dayKey(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** `2026-11`. */
export function monthKey(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

export const PERIOD_WORDS: Readonly<Record<CostPeriod, string>> = { today: 'today', week: 'this week', month: 'this month' };
