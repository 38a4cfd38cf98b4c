import type { types } from '@slack/bolt';
import * as z from 'zod/mini';
import { escapeMrkdwn } from '../../approvals/text';
import { readPayload } from '../../jobs/payload';
import { failureText } from '../shared/failure';
import type { AppPorts, JobHandler, WorkContext } from '../types';
import { FORM_JOB } from './restore-details';
import { restorableSources, type FormMetadata } from './restore-form';
import { noticeView, restoreFormView, type FormProblems } from './restore-views';

interface FormJob {
  viewId: string;
  target: string;
  /** The form's origin token, kept in the redrawn form. */
  origin: string;
  user: string;
}
const formJobSchema: z.ZodMiniType<FormJob> = z.object({ viewId: z.string(), target: z.string(), origin: z.string(), user: z.string() });

export async function enqueueForm(ports: AppPorts, job: FormJob): Promise<void> {
  await ports.jobs.enqueue({ idempotencyKey: `restore-form:${job.viewId}:${job.target}`, type: FORM_JOB, payload: job, actor: job.user });
}

/**
 * The form drawn from the live list: available snapshots, and Serverless recovery points of the last
 * 24 hours. With `filled`, the form as submitted, each problem shown (see restoreFormView); should
 * the list now be empty or unreadable, the problems are listed in a note instead.
 */
export async function formFromLiveList(
  context: WorkContext,
  metadata: FormMetadata & { target: string },
  filled?: FormProblems,
): Promise<types.ModalView> {
  const { target } = metadata;
  const problems = filled
    ? `\n\n:warning: What was wrong with the form:\n${Object.values(filled.problems)
        .map((p) => `• ${escapeMrkdwn(p)}`)
        .join('\n')}`
    : '';
  try {
    const page = await context.warehouses.get(target).listSnapshots({ limit: 100 });
    const sources = restorableSources(page.snapshots, context.clock.now());
    if (sources.length === 0) {
      const what = `snapshot${context.config.targets[target]?.kind === 'serverless' ? ' or recovery point' : ''}`;
      return noticeView(
        metadata,
        `:warning: *${target}* has no available ${what} to restore from. \`/redshift snapshot create ${target}\` takes one.${problems}`,
      );
    }
    return restoreFormView(metadata, sources, context.config.targets[target]?.database ?? 'dev', new Date(context.clock.now()), filled);
  } catch (error) {
    context.log(
      `listing the snapshots of ${target} for the restore form failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return noticeView(metadata, `:x: Could not list the snapshots of *${target}*. ${failureText(error)}${problems}`);
  }
}

/** Fills the form opened by `/redshift restore <target>` (or by picking a target in it). */
export const restoreFormJob: JobHandler = async (payload, context) => {
  const job = readPayload(FORM_JOB, formJobSchema, payload);
  const view = await formFromLiveList(context, { origin: job.origin, target: job.target });
  await context.slack.views.update({ view_id: job.viewId, view });
  return { target: job.target };
};
