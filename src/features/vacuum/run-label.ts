import { adviceLabel } from './advisor';
import type { RunPlan } from './runs';

/** `VACUUM SORT ONLY of analytics.sessions on prod`. */
export function runLabel(run: Pick<RunPlan, 'steps' | 'mode' | 'toPercent' | 'schema' | 'table' | 'target'>): string {
  const label = adviceLabel({
    analyze: run.steps.includes('analyze'),
    ...(run.steps.includes('vacuum') ? { vacuum: { mode: run.mode, toPercent: run.toPercent } } : {}),
  });
  return `${label} of \`${run.schema}.${run.table}\` on *${run.target}*`;
}
