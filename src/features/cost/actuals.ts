import type { ActualSpend } from '../../redshift/billing';
import { failureText } from '../shared/failure';
import { usd } from './format';
import { dayKey, startOfDay, type Window } from './periods';
import { DAY_MS } from './model';
import type { WorkContext } from '../types';

/**
 * Cost Explorer's actual Redshift bill beside the estimates, when chatops.yml turns it on. One
 * request per report or digest (Cost Explorer charges per request); it covers the whole account's
 * Redshift, so it is shown once, not per target.
 */

export interface LabelledWindow extends Window {
  label: string;
}

/** The sum of the days in [from, to) (whole days) and whether any of them is still an estimate. */
export function spendIn(spend: ActualSpend, window: Window): { usd: number; estimated: boolean } {
  const first = dayKey(startOfDay(window.from));
  const last = dayKey(window.to - 1);
  const days = spend.days.filter((day) => day.day >= first && day.day <= last);
  return { usd: days.reduce((sum, day) => sum + day.usd, 0), estimated: days.some((day) => day.estimated) };
}

/** One mrkdwn line, or undefined when Cost Explorer is off; a failure is said, never thrown. */
export async function actualsLine(context: Pick<WorkContext, 'config' | 'billing'>, windows: readonly LabelledWindow[]): Promise<string | undefined> {
  if (!context.config.cost.costExplorer.enabled || windows.length === 0) return undefined;
  const from = dayKey(startOfDay(Math.min(...windows.map((w) => w.from))));
  const to = dayKey(startOfDay(Math.max(...windows.map((w) => w.to)) - 1) + DAY_MS);
  try {
    const spend = await context.billing.actualSpend(from, to);
    const parts = windows.map((window) => {
      const sum = spendIn(spend, window);
      return `${window.label} *${usd(sum.usd)}*${sum.estimated ? ' (still estimated by AWS)' : ''}`;
    });
    return `:receipt: AWS bill for Amazon Redshift, whole account (Cost Explorer): ${parts.join(' · ')}`;
  } catch (error) {
    return `:receipt: Cost Explorer could not be read: ${failureText(error)}`;
  }
}
