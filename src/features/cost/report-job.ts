import type { CostPeriod } from '../../commands/types';
import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { failureText } from '../shared/failure';
import { reply, type ReplyTo } from '../shared/reply';
import { replyToSchema } from '../shared/payload-schemas';
import { actualsLine } from './actuals';
import { dailyCosts } from './costs';
import { gather, type CostContext } from './gather';
import { DAY_MS } from './model';
import { PERIOD_WORDS, periodWindow, startOfDay, startOfMonth } from './periods';
import { readModels, type ModelsRead } from './ml-models';
import { buildReport, PROJECTION_DAYS, type PartResult, type TargetReport } from './report';
import { reportMessage } from './report-text';
import { topUsage, type TopUsage } from './usage';
import type { JobHandler } from '../types';

export const REPORT_JOB = 'cost.report';

export interface ReportJob {
  targets: string[];
  period: CostPeriod;
  requester: string;
  replyTo: ReplyTo;
}

const reportJobSchema: z.ZodMiniType<ReportJob> = z.object({
  targets: z.array(z.string()),
  period: z.enum(['today', 'week', 'month']),
  requester: z.string(),
  replyTo: replyToSchema,
});

/** Where a report's daily figures start: far enough back for the month so far and the projection's recent days. */
export function reportDataStart(now: number, from: number): number {
  return Math.min(from, startOfMonth(now), startOfDay(now) - PROJECTION_DAYS * DAY_MS);
}

async function part<T>(read: () => Promise<T>): Promise<PartResult<T>> {
  try {
    return { value: await read() };
  } catch (error) {
    return { error: failureText(error) };
  }
}

/**
 * One target's report: the control plane, then small Data API reads: who the bot is, daily usage,
 * stored size, top users and queries, the models (one SHOW MODEL each, capped) and when they were
 * used. A read that fails or shows the bot too little leaves out its part, and the report says so.
 */
export async function targetReport(context: CostContext, target: string, period: CostPeriod): Promise<TargetReport> {
  const now = context.clock.now();
  const window = periodWindow(period, now);
  const dataFrom = reportDataStart(now, window.from);
  const gathered = await gather(context, target, dataFrom, now);
  const config = context.config.targets[target];
  const { blind, access } = gathered;
  // Provisioned top lists rank Spectrum scans, Serverless ones RPU time from the query history.
  const topHidden = config.kind === 'provisioned' ? blind.spectrum : blind.history;
  const none: PartResult<TopUsage> = { value: { users: [], queries: [] } };
  const [top, models]: [PartResult<TopUsage>, PartResult<ModelsRead>] =
    gathered.queryable && access
      ? await Promise.all([topHidden === undefined ? part(() => topUsage(context, config, window.from, now)) : Promise.resolve(none), part(() => readModels(context, config, access, blind))])
      : [none, { value: { models: [], total: 0 } }];
  const report = buildReport({
    target,
    period,
    window,
    now,
    days: dailyCosts({ from: dataFrom, to: now }, gathered.usage, gathered.facts, context.config.cost.prices),
    facts: gathered.facts,
    state: gathered.state,
    queryable: gathered.queryable,
    top,
    models,
    ...(topHidden !== undefined ? { topHidden } : {}),
    ...(blind.models !== undefined ? { modelsHidden: blind.models } : {}),
    budget: Object.prototype.hasOwnProperty.call(context.config.cost.budgets, target) ? context.config.cost.budgets[target] : undefined,
    prices: context.config.cost.prices,
  });
  if (config.kind === 'provisioned' && context.config.cost.idleHours > 0 && blind.history !== undefined) {
    report.notes.push(`Idle-cluster alerts are off for ${target}: ${blind.history}.`);
  }
  return report;
}

/** The `cost.report` job: every asked target (one failing does not hide the others), answered through response_url. */
export const reportJob: JobHandler = async (payload, context) => {
  const job = readPayload(REPORT_JOB, reportJobSchema, payload);
  const reports: TargetReport[] = [];
  const failures: Array<{ target: string; error: string }> = [];
  for (const target of job.targets) {
    try {
      reports.push(await targetReport(context, target, job.period));
    } catch (error) {
      failures.push({ target, error: failureText(error) });
    }
  }
  await context.store.appendAudit({
    actor: job.requester,
    action: 'cost.report',
    target: job.targets.join(','),
    input: { period: job.period },
    result: { totals: Object.fromEntries(reports.map((report) => [report.target, Number(report.spent.total.toFixed(2))])), failures },
  });
  const now = context.clock.now();
  const actuals = await actualsLine(context, [{ label: PERIOD_WORDS[job.period], ...periodWindow(job.period, now) }]);
  // The one answer takes the place of the command's "Adding up…" ack.
  await reply(context.slack, job.replyTo, { ...reportMessage(reports, failures, actuals), replace_original: true });
  return { reports: reports.length, failures: failures.length };
};
