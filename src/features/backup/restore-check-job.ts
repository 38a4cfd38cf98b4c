import type { types } from '@slack/bolt';
import * as z from 'zod/mini';
import { codeSpan, escapeMrkdwn } from '../../approvals/text';
import { readPayload } from '../../jobs/payload';
import { bestEffort } from '../../slack/best-effort';
import { SLACK_BUSY_TEXT, SlackBusyError } from '../../slack/fail-fast';
import type { AppPorts, JobHandler, WorkContext } from '../types';
import { checkLive } from './restore-checks';
import { CHECK_JOB, restoreAskSchema, tableLabel } from './restore-details';
import type { FormCheck, RestoreAsk, RestoreDraft, RestoreField } from './restore-form';
import { formFromLiveList } from './restore-form-job';
import { openRestore } from './restore-open';
import { restoreRefusal } from './restore-policy';
import { noticeView } from './restore-views';

/**
 * A restore form that passed every check needing no AWS call, acked with a "checking" view. This job
 * makes the live checks (restore-checks.ts) for as long as AWS takes, then redraws the modal: the
 * form again, filled with what was typed and each problem shown, or the outcome ("Asked approvers…").
 * A modal closed meanwhile cannot be redrawn: a problem is then told by ephemeral message in the
 * channel the form was opened from; an opened request needs nothing more (the requester's notice says so).
 */
export interface CheckJob {
  /** What was checked before the ack: names validated and folded. */
  ask: RestoreAsk;
  /** Exactly what was typed, to fill the form again. */
  draft: RestoreDraft;
  target: string;
  /** Where the form was opened (shared/form-origin): the restore is announced there. */
  channel: string;
  user: string;
  viewId: string;
  /** The form's origin token, kept in the redrawn form so it can be submitted again. */
  origin: string;
  /** The restore policy names usergroups not known without asking Slack: it is checked here, not before the ack. */
  policyPending: boolean;
  /** The submission's key (view id, hash and what was typed): the request is opened once for it. */
  requestKey: string;
}

const optionalText = z.optional(z.string());
const draftSchema: z.ZodMiniType<RestoreDraft> = z.object({
  source: optionalText,
  database: optionalText,
  schema: optionalText,
  table: optionalText,
  newTable: optionalText,
  targetSchema: optionalText,
});
const checkJobSchema: z.ZodMiniType<CheckJob> = z.object({
  ask: restoreAskSchema,
  draft: draftSchema,
  target: z.string(),
  channel: z.string(),
  user: z.string(),
  viewId: z.string(),
  origin: z.string(),
  policyPending: z.boolean(),
  requestKey: z.string(),
});

export async function enqueueCheck(ports: AppPorts, job: CheckJob): Promise<void> {
  await ports.jobs.enqueue({ idempotencyKey: `restore-check:${job.requestKey}`, type: CHECK_JOB, payload: job, actor: job.user });
}

export const restoreCheckJob: JobHandler = async (payload, context) => {
  const job = readPayload(CHECK_JOB, checkJobSchema, payload);
  const metadata = { origin: job.origin, target: job.target };
  if (job.policyPending) {
    const refusal = await latePolicyRefusal(context, job);
    if (refusal) {
      await showInModal(context, job, noticeView(metadata, refusal), refusal);
      return { refused: 'policy' };
    }
  }
  const target = context.config.targets[job.target];
  const checked: FormCheck = target
    ? await checkLive(job.ask, {
        target,
        warehouse: context.warehouses.get(job.target),
        sql: context.sql,
        now: context.clock.now(),
        log: context.log,
      })
    : { ok: false, errors: { source: `${job.target} is no longer a target in chatops.yml.` } };
  if (!checked.ok) {
    await context.store.appendAudit({
      actor: job.user,
      action: 'restore.refused',
      target: job.target,
      input: job.draft,
      result: { errors: checked.errors },
    });
    const form = target
      ? await formFromLiveList(context, metadata, { draft: job.draft, problems: checked.errors })
      : noticeView(metadata, problemsText(job, checked.errors));
    await showInModal(context, job, form, problemsText(job, checked.errors));
    return { refused: checked.errors };
  }
  const { ask } = job;
  const outcome = await openRestore(context, {
    details: { ...ask, target: job.target, targetDatabase: ask.sourceDatabase, channelId: job.channel },
    requester: job.user,
    replyTo: { channel: job.channel, user: job.user },
    requestKey: job.requestKey,
  });
  await bestEffort(
    'views.update of the restore form to its outcome',
    () => context.slack.views.update({ view_id: job.viewId, view: noticeView(metadata, outcome.text) }),
    context.log,
  );
  return outcome.result;
};

/** The policy checked with Slack's usergroups (after the ack): a refusal, "Slack is busy", or undefined to go on. */
async function latePolicyRefusal(context: WorkContext, job: CheckJob): Promise<string | undefined> {
  try {
    // The app's resolver: its cache is shared with the listeners, and a busy Slack is said, not waited out.
    const refusal = await restoreRefusal(context, job.user, job.target);
    return refusal && `${refusal} Nothing was restored.`;
  } catch (error) {
    if (!(error instanceof SlackBusyError)) throw error;
    return `${SLACK_BUSY_TEXT} Nothing was restored: run \`/redshift restore ${job.target}\` again.`;
  }
}

/** The problems in words, for an ephemeral message when the modal is gone (typed names escaped). */
function problemsText(job: CheckJob, problems: Partial<Record<RestoreField, string>>): string {
  const table = codeSpan(tableLabel(job.ask.sourceSchema, job.ask.sourceTable));
  const lines = Object.values(problems).map((problem) => `• ${escapeMrkdwn(problem)}`);
  return [
    `:warning: Your restore of ${table} on *${job.target}* was not asked:`,
    ...lines,
    `Run \`/redshift restore ${job.target}\` to try again.`,
  ].join('\n');
}

/** Redraws the modal; when that fails (closed, most likely), tells the person by ephemeral message instead. */
async function showInModal(context: WorkContext, job: CheckJob, view: types.ModalView, ifGone: string): Promise<void> {
  try {
    await context.slack.views.update({ view_id: job.viewId, view });
    return;
  } catch (error) {
    context.log(
      `views.update of the restore form failed, so the person is told by ephemeral message: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  await bestEffort(
    'chat.postEphemeral of the restore form check',
    () => context.slack.chat.postEphemeral({ channel: job.channel, user: job.user, text: ifGone }),
    context.log,
  );
}
