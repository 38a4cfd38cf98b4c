import type { Command } from '../../commands/types';
import { targetsFor } from '../shared/targets';
import type { CommandContext, Feature } from '../types';
import { askToRun } from './ask';
import { registerButtons } from './buttons';
import { CHECK_JOB, checkJob, type CheckJob } from './check';
import { EXECUTE_JOB, executeJob, PLAN_JOB, planJob } from './plan';
import { deferredReminderWatch, DEFERRED_REMINDER_WATCH, remindAll } from './reminder';
import { PROGRESS_WATCH, QUEUED_WATCH } from './run';
import { progressWatch, queuedWatch } from './run-watches';

async function handle(context: CommandContext): Promise<void> {
  const { command, ports, userId } = context;
  if (command.verb === 'vacuum.check') {
    const job: CheckJob = { targets: targetsFor(ports.config, command.target), userId, replyTo: { responseUrl: context.responseUrl } };
    await ports.jobs.enqueue({ idempotencyKey: context.requestKey, type: CHECK_JOB, payload: job, actor: userId });
    await context.ack({ text: `:mag: Reading table statistics of ${job.targets.map((t) => `*${t}*`).join(', ')}…` });
    return;
  }
  const run = command as Extract<Command, { verb: 'vacuum.run' }>;
  if (!run.target || !run.schema || !run.table) {
    await context.ack({
      text: ':warning: Name the target and the table: `/redshift vacuum run <target> <schema.table>`, e.g. `/redshift vacuum run prod analytics.events`. Nothing was run.',
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
}

/** VACUUM and ANALYZE: `vacuum check`, `vacuum run`, the Run and Snooze buttons, and the weekly reminder. */
export const vacuumFeature: Feature = {
  name: 'VACUUM and ANALYZE',
  verbs: ['vacuum.check', 'vacuum.run'],
  handle,
  register: registerButtons,
  jobs: { [CHECK_JOB]: checkJob, [PLAN_JOB]: planJob, [EXECUTE_JOB]: executeJob },
  watches: { [PROGRESS_WATCH]: progressWatch, [QUEUED_WATCH]: queuedWatch, [DEFERRED_REMINDER_WATCH]: deferredReminderWatch },
  tasks: (context) => ({ 'vacuum.reminder': (run) => remindAll(context, run) }),
};
