import type { TaskRun } from '../../jobs/scheduler';
import { failureText } from '../shared/failure';
import { actualsLine } from './actuals';
import { dailyCosts } from './costs';
import { digestDataStart, digestMessage, digestSpans, targetDigest, type TargetDigest } from './digest';
import { countedNothing, missingNotes } from './coverage';
import { gather } from './gather';
import { startOfDay } from './periods';
import type { WorkContext } from '../types';

/** SYS_SERVERLESS_USAGE keeps 7 days; the bot keeps finished days from its first read on, so only days before that are missing. */
const SERVERLESS_HISTORY_NOTE = 'SYS_SERVERLESS_USAGE keeps 7 days: days older than that and before the bot first read this workgroup show as $0.';

/**
 * The `cost.digest` task: one message in the alerts channel with every target's figures for the
 * schedule's period. The scheduler claims each occurrence once, so a digest is posted once.
 */
export async function postDigest(context: WorkContext, run: TaskRun): Promise<{ targets: number; failures: number }> {
  const period = run.schedule.period ?? 'day';
  const spans = digestSpans(period, run.occurrence);
  const from = digestDataStart(spans, run.occurrence);
  const to = startOfDay(run.occurrence);
  const digests: TargetDigest[] = [];
  const failures: Array<{ target: string; error: string }> = [];
  for (const target of run.schedule.targets ?? Object.keys(context.config.targets)) {
    try {
      const gathered = await gather(context, target, from, to);
      const days = dailyCosts({ from, to }, gathered.usage, gathered.facts, context.config.cost.prices);
      const notes = gathered.facts.kind === 'serverless' ? [SERVERLESS_HISTORY_NOTE] : [];
      if (!gathered.queryable) notes.push(`${target} is ${gathered.state}: its query history could not be read, so usage-based figures are missing.`);
      notes.push(...missingNotes(gathered.facts, context.config.cost.prices));
      digests.push({ ...targetDigest(target, gathered.facts.kind, days, spans, run.occurrence, notes), countedNothing: countedNothing(gathered.facts) });
    } catch (error) {
      failures.push({ target, error: failureText(error) });
    }
  }
  const actuals = await actualsLine(context, spans.map((span) => ({ label: span.label, ...span.current })));
  const message = digestMessage(period, run.occurrence, digests, failures, actuals);
  const posted = await context.slack.chat.postMessage({ channel: context.config.channels.alerts, text: message.text, blocks: message.blocks });
  await context.store.appendAudit({
    actor: 'system',
    action: 'cost.digest',
    target: run.schedule.name,
    input: { period, occurrence: new Date(run.occurrence).toISOString() },
    result: { ts: posted.ts, totals: Object.fromEntries(digests.map((digest) => [digest.target, Number((digest.spans[0]?.current.total ?? 0).toFixed(2))])), failures },
  });
  return { targets: digests.length, failures: failures.length };
}
