import { targetsFor } from '../shared/targets';
import type { CommandHandler, Feature } from '../types';
import { askToRun } from './ask';
import { registerButtons } from './buttons';
import { CHECK_JOB, checkJob, type CheckJob } from './check';
import { EXECUTE_JOB, executeJob, PLAN_JOB, planJob } from './plan';
import { deferredReminderWatch, DEFERRED_REMINDER_WATCH, remindAll } from './reminder';
import { PROGRESS_WATCH, QUEUED_WATCH } from './run';
import { progressWatch, queuedWatch } from './run-watches';

/** `vacuum check [target]`: the candidates of each target, read in a job. */
const check: CommandHandler<'vacuum.check'> = async (context) => {
  const { command, ports, userId } = context;
  const job: CheckJob = { targets: targetsFor(ports.config, command.target), userId, replyTo: { responseUrl: context.responseUrl } };
  await ports.jobs.enqueue({ idempotencyKey: context.requestKey, type: CHECK_JOB, payload: job, actor: userId });
  await context.ack({ text: `:mag: Reading table statistics of ${job.targets.map((t) => `*${t}*`).join(', ')}…` });
};

/** `vacuum run <target> <schema.table>`: the policy is checked here, the plan is made in a job. */
const run: CommandHandler<'vacuum.run'> = async (context) => {
  const { command: run, ports, userId } = context;
  if (!run.target || !run.schema || !run.table) {
    await context.ack({
      text: ':warning: Name the target and the table: `/redshift vacuum run <target> <schema.table>`, e.g. `/redshift vacuum run prod analytics.sessions`. Nothing was run.',
    });
    return;
  }
  const text = await askToRun(ports, {
    target: run.target,
    schema: run.schema,
    table: run.table,
    userId,
    channelId: context.channelId,
    replyTo: { responseUrl: context.responseUrl },
    requestKey: context.requestKey,
  });
  await context.ack({ text });
};

/**
 * VACUUM and ANALYZE: `vacuum check`, `vacuum run`, the Run and Snooze buttons, and the weekly reminder.
 *
 *   /redshift vacuum check [target] → CHECK_JOB (checkJob: answers with candidates and Run/Snooze buttons).
 *   /redshift vacuum run <target> <schema.table>, or a Run click (buttons.ts) → PLAN_JOB (planJob: reads the
 *     table, chooses the VACUUM) → EXECUTE_JOB at once, or an approval request whose executor is EXECUTE_JOB
 *     → the run waits its warehouse's turn under QUEUED_WATCH, then PROGRESS_WATCH follows it step by
 *     step to the end, which starts the next queued run (run.ts).
 *   `vacuum.reminder` task → posts candidates with Run/Snooze, or waits out a maintenance window under
 *     DEFERRED_REMINDER_WATCH first.
 */
export const vacuumFeature: Feature<'vacuum.check' | 'vacuum.run'> = {
  name: 'VACUUM and ANALYZE',
  commands: { 'vacuum.check': check, 'vacuum.run': run },
  register: registerButtons,
  jobs: { [CHECK_JOB]: checkJob, [PLAN_JOB]: planJob, [EXECUTE_JOB]: executeJob },
  watches: { [PROGRESS_WATCH]: progressWatch, [QUEUED_WATCH]: queuedWatch, [DEFERRED_REMINDER_WATCH]: deferredReminderWatch },
  tasks: (context) => ({ 'vacuum.reminder': (run) => remindAll(context, run) }),
};
