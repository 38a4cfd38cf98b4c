import type { types } from '@slack/bolt';
import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import type { TaskRun } from '../../jobs/scheduler';
import { startWatch } from '../../jobs/watches';
import { failureText } from '../shared/failure';
import { candidateBlocks } from './blocks';
import { targetCandidates } from './health';
import { maintenanceWindowAt } from './maintenance-window';
import type { WatchHandler, WorkContext } from '../types';

export const DEFERRED_REMINDER_WATCH = 'vacuum.reminder';
/** After the window ends, wait a little more: maintenance often overruns by a few minutes. */
const AFTER_WINDOW_MS = 15 * 60_000;

interface DeferredReminder {
  target: string;
  occurrence: number;
}

const deferredReminderSchema: z.ZodMiniType<DeferredReminder> = z.object({ target: z.string(), occurrence: z.number() });

/**
 * The weekly `vacuum.reminder` task: the top candidates of each target, in the alerts channel, with
 * Run and Snooze buttons. Never during a cluster's maintenance window: then it waits for the end.
 */
export async function remindAll(context: WorkContext, run: TaskRun): Promise<void> {
  const targets = run.schedule.targets && run.schedule.targets.length > 0 ? run.schedule.targets : Object.keys(context.config.targets);
  for (const target of targets) {
    try {
      await remindOrDefer(context, target, run.occurrence);
    } catch (error) {
      // One target's failure (AWS down for it) must not keep the others' reminders back.
      context.log(`vacuum reminder for ${target}: ${failureText(error)}`);
    }
  }
}

async function remindOrDefer(context: WorkContext, target: string, occurrence: number): Promise<void> {
  const now = context.clock.now();
  if (context.config.targets[target]?.kind === 'provisioned') {
    const status = await context.warehouses.get(target).status();
    const position = maintenanceWindowAt(status.maintenanceWindow, now);
    if (position.inside && position.endsAt !== undefined) {
      const payload: DeferredReminder = { target, occurrence };
      await startWatch(context, {
        id: `vacuum-reminder:${target}:${occurrence}`,
        type: DEFERRED_REMINDER_WATCH,
        payload,
        actor: 'system',
        firstCheckInMs: position.endsAt - now + AFTER_WINDOW_MS,
        timeoutMs: 24 * 3_600_000,
      });
      await context.store.appendAudit({
        actor: 'system',
        action: 'vacuum.reminder.deferred',
        target,
        input: { occurrence },
        result: { until: new Date(position.endsAt + AFTER_WINDOW_MS).toISOString(), window: status.maintenanceWindow },
      });
      return;
    }
  }
  await postReminder(context, target);
}

async function postReminder(context: WorkContext, target: string): Promise<void> {
  const report = await targetCandidates(context, target, context.clock.now());
  if (report.error) throw new Error(report.error);
  // A healthy week is said too, in one line: silence would look the same as a reminder that never ran.
  const header: types.HeaderBlock = { type: 'header', text: { type: 'plain_text', text: `Weekly table health: ${target}` } };
  const blocks = [header, ...candidateBlocks(report, context.config.vacuum.snoozeDays)].slice(0, 50);
  const text = report.hidden
    ? `Weekly table health for ${target}: unknown. ${report.hidden}`
    : `Weekly table health for ${target}: ${report.advice.length === 0 ? 'no table needs VACUUM or ANALYZE' : `${report.advice.length} table(s) need VACUUM or ANALYZE`}.`;
  await context.slack.chat.postMessage({ channel: context.config.channels.alerts, text, blocks });
  await context.store.appendAudit({
    actor: 'system',
    action: 'vacuum.reminder',
    target,
    result: report.hidden ? { hidden: report.hidden } : { candidates: report.advice.map((a) => `${a.schema}.${a.table}`) },
  });
}

/** The reminder held back by a maintenance window, posted once the window is over. */
export const deferredReminderWatch: WatchHandler = async (payload, context) => {
  const { target } = readPayload(DEFERRED_REMINDER_WATCH, deferredReminderSchema, payload);
  await postReminder(context, target);
  return { done: true };
};
