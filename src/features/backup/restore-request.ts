import type { App } from '@slack/bolt';
import * as z from 'zod/mini';
import { openWithinLimit } from '../../approvals/limits';
import { checkPolicy } from '../../approvals/policy';
import { codeSpan, escapeMrkdwn } from '../../approvals/text';
import type { NewRequest } from '../../approvals/types';
import type { ChatopsConfig } from '../../config/chatops';
import { readPayload } from '../../jobs/payload';
import type { JobHandler } from '../../jobs/types';
import { bestEffort } from '../../slack/best-effort';
import { failureText } from '../shared/failure';
import { openViewAfterAck } from '../shared/open-view';
import { failFastClient, SLACK_BUSY_TEXT, SlackBusyError } from '../../slack/fail-fast';
import { formOriginChannel, recordFormOrigin } from '../shared/form-origin';
import { replyToSchema } from '../shared/payload-schemas';
import { reply, type ReplyTo } from '../shared/reply';
import type { AppPorts, CommandContext } from '../types';
import { checkLive } from './restore-checks';
import { restoreKeyFor, startRestore } from './restore-run';
import {
  FORM_JOB,
  OPEN_JOB,
  RESTORE_ACTION,
  restoreCall,
  restoreDetailsSchema,
  RUN_JOB,
  sourceLabel,
  tableLabel,
  type RestoreDetails,
} from './restore-details';
import {
  checkForm,
  loadingView,
  noSourcesView,
  readForm,
  readMetadata,
  RESTORE_MODAL,
  RESTORE_TARGET_ACTION,
  restorableSources,
  restoreFormView,
  type FormMetadata,
} from './restore-form';
import { auditUnknownForm, unknownFormText } from './form-refusal';

/**
 * `/redshift restore [target]`: who may ask is checked first, then a form opens at once and fills
 * itself in a job. Acked before any Slack call: a policy naming usergroups is checked after the ack
 * (through the fail-fast client), and views.open follows the ack the same way.
 */
export async function handleRestore(context: CommandContext, target: string | undefined): Promise<void> {
  const { ports, ack, userId, channelId } = context;
  const tell = (text: string) => context.respond({ response_type: 'ephemeral', text });
  const policy = ports.config.policies.restore;
  const slackFirst = policy.enabled && ports.people.knownWithoutSlack(policy.allowed, userId) === undefined;
  if (slackFirst) await ack();
  // A busy Slack during the policy check throws SlackBusyError: the router tells the person.
  const refusal = await restoreRefusal(ports, userId, target ?? 'restore');
  if (refusal) {
    if (slackFirst) await tell(refusal);
    else await ack({ text: refusal });
    return;
  }
  if (!slackFirst) await ack();
  // Where to announce the restore is kept by the bot; the form carries only its token (shared/form-origin).
  const origin = await recordFormOrigin(ports, userId, channelId);
  const metadata: FormMetadata = { origin, ...(target ? { target } : {}) };
  const viewId = await openViewAfterAck(context.client, context.triggerId, loadingView(metadata, Object.keys(ports.config.targets)), tell, (message) => ports.logger.warn(message));
  if (target && viewId) await enqueueForm(ports, { viewId, target, origin, user: userId });
}

/** The restore policy's answer for this user, audited when it refuses; undefined when they may ask. */
async function restoreRefusal(ports: AppPorts, userId: string, target: string): Promise<string | undefined> {
  const decision = await checkPolicy('restore', ports.config.policies.restore, userId, ports.people);
  if (decision.allowed) return undefined;
  await ports.store.appendAudit({ actor: userId, action: 'restore.refused', target, result: { reason: decision.message } });
  return `:no_entry: ${decision.message}`;
}

interface FormJob {
  viewId: string;
  target: string;
  /** The form's origin token, kept in the redrawn form. */
  origin: string;
  user: string;
}
const formJobSchema: z.ZodMiniType<FormJob> = z.object({ viewId: z.string(), target: z.string(), origin: z.string(), user: z.string() });

async function enqueueForm(ports: AppPorts, job: FormJob): Promise<void> {
  await ports.jobs.enqueue({ idempotencyKey: `restore-form:${job.viewId}:${job.target}`, type: FORM_JOB, payload: job, actor: job.user });
}

/** Fills the form from the live list: available snapshots, and Serverless recovery points of the last 24 hours. */
export const restoreFormJob: JobHandler = async (payload, context) => {
  const job = readPayload(FORM_JOB, formJobSchema, payload);
  const metadata = { origin: job.origin, target: job.target };
  let view;
  try {
    const page = await context.warehouses.get(job.target).listSnapshots({ limit: 100 });
    const sources = restorableSources(page.snapshots, context.clock.now());
    view =
      sources.length === 0
        ? noSourcesView(metadata, `:warning: *${job.target}* has no available snapshot${context.config.targets[job.target]?.kind === 'serverless' ? ' or recovery point' : ''} to restore from. \`/redshift snapshot create ${job.target}\` takes one.`)
        : restoreFormView(metadata, sources, context.config.targets[job.target]?.database ?? 'dev', new Date(context.clock.now()));
  } catch (error) {
    view = noSourcesView(metadata, `:x: Could not list the snapshots of *${job.target}*. ${failureText(error)}`);
  }
  await context.slack.views.update({ view_id: job.viewId, view });
  return { target: job.target };
};

type StateValues = Parameters<typeof readForm>[0];

export function registerRestoreModal(app: App, ports: AppPorts): void {
  // A target was picked: show "loading" for it and fill the form in a job.
  app.action(RESTORE_TARGET_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || !body.view || action.type !== 'static_select') return;
    const target = action.selected_option?.value;
    if (!target || !Object.prototype.hasOwnProperty.call(ports.config.targets, target)) return;
    // The origin token goes on unchanged (an unreadable one stays unknown: the submission is refused).
    const metadata = { origin: readMetadata(body.view.private_metadata)?.origin ?? '', target };
    // Through the fail-fast client: on Lambda the click's answer leaves only when this listener ends.
    const { id: viewId, hash } = body.view;
    await bestEffort(
      'views.update of the restore form to "loading"',
      () => failFastClient(client).views.update({ view_id: viewId, hash, view: loadingView(metadata, []) }),
      (m) => ports.logger.warn(m),
    );
    await enqueueForm(ports, { viewId, target, origin: metadata.origin, user: body.user.id });
  });

  app.view(RESTORE_MODAL, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const metadata = readMetadata(view.private_metadata);
    // The restore is announced publicly where the bot recorded this user opened the form, never where
    // the form says: a forged or foreign form is refused in the form, and nothing runs or is posted.
    const channel = await formOriginChannel(ports.store, metadata?.origin, user);
    if (channel === undefined) {
      await auditUnknownForm(ports.store, user, 'restore.refused', metadata?.target ?? 'restore');
      const field = view.blocks.some((block) => block.block_id === 'source') ? 'source' : 'target';
      await ack({ response_action: 'errors', errors: { [field]: unknownFormText('restore') } });
      return;
    }
    const target = metadata?.target;
    if (!target || !Object.prototype.hasOwnProperty.call(ports.config.targets, target)) {
      await ack({ response_action: 'errors', errors: { target: 'Choose a target first.' } });
      return;
    }
    // Checked again on submission: the policy may have changed, or the form came from someone else.
    // A usergroup lookup would make the ack wait on Slack: then the form is checked without it,
    // acked, and the policy checked afterwards (the person is told by ephemeral message).
    const policy = ports.config.policies.restore;
    const slackFirst = policy.enabled && ports.people.knownWithoutSlack(policy.allowed, user) === undefined;
    const refusal = slackFirst ? undefined : await restoreRefusal(ports, user, target);
    if (refusal) {
      await ack({ response_action: 'errors', errors: { source: refusal.replace(/^:no_entry: /, '').slice(0, 1900) } });
      return;
    }
    const today = new Date(ports.clock.now());
    const draft = readForm(view.state.values as StateValues);
    const form = checkForm(draft, today);
    const checked = form.ok
      ? await checkLive(form.ask, { target: ports.config.targets[target], warehouse: ports.warehouses.get(target), sql: ports.sql, now: ports.clock.now(), log: (m) => ports.logger.warn(m) })
      : form;
    if (!checked.ok) {
      await ports.store.appendAudit({ actor: user, action: 'restore.refused', target, input: draft, result: { errors: checked.errors } });
      await ack({ response_action: 'errors', errors: checked.errors as Record<string, string> });
      return;
    }
    const details: RestoreDetails = { ...checked.ask, target, targetDatabase: checked.ask.sourceDatabase, channelId: channel };
    const job: OpenJob = { details, requester: user, replyTo: { channel, user }, requestKey: `view:${view.id}:${view.hash}` };
    if (slackFirst) {
      await ack();
      const tell = (text: string) =>
        bestEffort('chat.postEphemeral of the restore refusal', () => failFastClient(client).chat.postEphemeral({ channel, user, text }), (m) => ports.logger.warn(m));
      let lateRefusal;
      try {
        lateRefusal = await restoreRefusal(ports, user, target);
      } catch (error) {
        if (!(error instanceof SlackBusyError)) throw error;
        await tell(`${SLACK_BUSY_TEXT} Nothing was restored: run \`/redshift restore ${target}\` again.`);
        return;
      }
      if (lateRefusal) {
        await tell(`${lateRefusal} Nothing was restored.`);
        return;
      }
    }
    await ports.jobs.enqueue({ idempotencyKey: `restore-open:${job.requestKey}`, type: OPEN_JOB, payload: job, actor: user });
    if (!slackFirst) await ack();
  });
}

interface OpenJob {
  details: RestoreDetails;
  requester: string;
  replyTo: ReplyTo;
  requestKey: string;
}
const openJobSchema: z.ZodMiniType<OpenJob> = z.object({ details: restoreDetailsSchema, requester: z.string(), replyTo: replyToSchema, requestKey: z.string() });

/** The approval request: what is restored from where, the exact AWS call, and the restore policy's approvers. */
export function restoreApproval(config: ChatopsConfig, job: OpenJob): NewRequest<RestoreDetails> {
  const { details } = job;
  const policy = config.policies.restore;
  const from = tableLabel(details.sourceSchema, details.sourceTable);
  const into = tableLabel(details.targetSchema, details.newTable);
  return {
    action: RESTORE_ACTION,
    requester: job.requester,
    target: details.target,
    title: `<@${job.requester}> asks to restore ${escapeMrkdwn(from)} on ${details.target} into ${escapeMrkdwn(into)}`,
    summary: [
      ':rewind: *Table restore*',
      `*Who:* <@${job.requester}>`,
      `*What:* ${codeSpan(from)} in database ${codeSpan(details.sourceDatabase)} of *${details.target}*, as it was in ${sourceLabel(details)}`,
      `*Into:* a new table ${codeSpan(into)} (nothing existing is overwritten)`,
    ],
    willRun: [restoreCall(details, config.targets[details.target])],
    details,
    approvers: policy.approvers,
    approvalsRequired: policy.approvalsRequired,
    breakGlassAllowed: false,
    executor: RUN_JOB,
    idempotencyKey: `restore:${job.requestKey}`,
  };
}

/** Opens the approval request, or (policy with no approvals) starts the restore at once. */
export const openRestoreJob: JobHandler = async (payload, context) => {
  const job = readPayload(OPEN_JOB, openJobSchema, payload);
  const { details } = job;
  const into = tableLabel(details.targetSchema, details.newTable);
  if (context.config.policies.restore.approvalsRequired === 0) {
    await context.store.appendAudit({ actor: job.requester, action: 'restore.request', target: details.target, input: details, result: { approvals: 0 } });
    await bestEffort(
      'the restore requester\'s notice',
      () => reply(context.slack, job.replyTo, { text: `:rewind: Restoring into ${codeSpan(into)} now (no approval needed); progress follows in a thread.` }),
      context.log,
    );
    return startRestore(context, { key: restoreKeyFor(job.requestKey), details, requester: job.requester });
  }
  const request = await openWithinLimit(
    () => context.approvals.open(restoreApproval(context.config, job), context.slack),
    (text) => reply(context.slack, job.replyTo, { text }),
    context.log,
  );
  if (!request) return { refused: 'open-limit' };
  await context.store.appendAudit({ actor: job.requester, action: 'restore.request', target: details.target, input: details, result: { requestId: request.id } });
  await bestEffort(
    'the restore requester\'s notice',
    () =>
      reply(context.slack, job.replyTo, {
        text: `:incoming_envelope: Asked approvers in <#${context.config.channels.approvals}> to restore into ${codeSpan(into)} (request \`${request.id}\`). Progress follows in its thread.`,
      }),
    context.log,
  );
  return { requestId: request.id };
};
