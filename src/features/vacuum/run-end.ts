import { failureText } from '../shared/failure';
import { reply } from '../shared/reply';
import { count, percentText } from './blocks';
import { seesTableHealth, tableHealth } from './health';
import { runLabel } from './run-label';
import type { VacuumRun } from './runs';
import type { WorkContext } from '../types';

/**
 * How a run ended, told once its record says so: the figures before and after (when the requester
 * may see them), the audit record, and the thread (or the requester, if no thread was opened).
 * `run` is the run as the last step saw it, `ended` its record with the final status.
 */
export async function reportEnd(
  context: WorkContext,
  run: VacuumRun,
  ended: VacuumRun,
  status: 'succeeded' | 'failed',
  error?: string,
): Promise<void> {
  let figures = '';
  if (run.before && (!run.access || seesTableHealth(run.access))) {
    // The outcome is told either way; without a second look it only lacks the before → after figures.
    const after = await tableHealth(context, run.target, run.schema, run.table).catch((error: unknown) => {
      context.log(`vacuum ${run.id}: could not look at ${run.schema}.${run.table} after the run: ${failureText(error)}`);
      return undefined;
    });
    if (after) {
      figures = `\nUnsorted ${percentText(run.before.unsorted)} → ${percentText(after.unsorted)} · stats off ${percentText(run.before.statsOff)} → ${percentText(after.statsOff)} · rows ${count(run.before.tblRows)} → ${count(after.tblRows)} · size ${count(run.before.sizeMb)} → ${count(after.sizeMb)} MB`;
    }
  }
  const text =
    status === 'succeeded'
      ? ended.unverified
        ? `:warning: ${runLabel(run)} ran to its end, but what it did could not be verified (see above).${figures}`
        : `:white_check_mark: ${runLabel(run)} is done.${figures}`
      : `:x: ${runLabel(run)} failed. ${error ?? ''}${figures}`;
  await context.store.appendAudit({
    actor: 'system',
    action: status === 'succeeded' ? 'vacuum.finished' : 'vacuum.failed',
    target: run.target,
    input: {
      runId: run.id,
      table: `${run.schema}.${run.table}`,
      steps: run.steps,
      mode: run.mode,
      requestedBy: run.requestedBy,
      approvedBy: run.approvedBy,
    },
    result: { outcomes: ended.outcomes, ...(error ? { error } : {}), before: run.before },
  });
  try {
    if (run.thread) {
      await context.slack.chat.postMessage({ channel: run.thread.channel, thread_ts: run.thread.ts, text });
      // The parent keeps what was run, by whom and why; only its state changes.
      await context.slack.chat.update({
        channel: run.thread.channel,
        ts: run.thread.ts,
        text: `:broom: ${runLabel(run)}, asked by <@${run.requestedBy}>: *${status === 'succeeded' ? 'done' : 'failed'}*.\n${run.reasons.map((r) => `• ${r}`).join('\n')}`,
      });
    } else {
      await reply(context.slack, run.replyTo, { text, replace_original: false });
    }
  } catch (postError) {
    context.log(`vacuum ${run.id}: could not post how it ended: ${failureText(postError)}`);
  }
}
