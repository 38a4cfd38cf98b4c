import { createHash } from 'node:crypto';
import type { App } from '@slack/bolt';
import { bestEffort } from '../../slack/best-effort';
import { failFastClient } from '../../slack/fail-fast';
import { fieldErrors } from '../shared/modal';
import { openViewAfterAck } from '../shared/open-view';
import { formOriginChannel, recordFormOrigin } from '../shared/form-origin';
import type { AppPorts, CommandContext } from '../types';
import { enqueueCheck } from './restore-check-job';
import { checkForm, readForm, readMetadata, RESTORE_MODAL, RESTORE_TARGET_ACTION, type FormMetadata, type RestoreAsk } from './restore-form';
import { enqueueForm } from './restore-form-job';
import { restoreRefusal } from './restore-policy';
import { checkingView, loadingView } from './restore-views';
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

  /**
   * The submission: acked within Slack's 3 s with no AWS call on the way (on Lambda the answer leaves
   * only when this listener ends). What needs no AWS is checked here and refused on the fields; the
   * rest is acked with a "checking" view and checked in CHECK_JOB, which redraws this modal.
   */
  app.view(RESTORE_MODAL, async ({ ack, body, view }) => {
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
    // A usergroup lookup would make the ack wait on Slack: then the check job asks Slack first
    // (a refusal is shown in the modal, or by ephemeral message when it was closed).
    const policy = ports.config.policies.restore;
    const slackFirst = policy.enabled && ports.people.knownWithoutSlack(policy.allowed, user) === undefined;
    const refusal = slackFirst ? undefined : await restoreRefusal(ports, user, target);
    if (refusal) {
      await ack({ response_action: 'errors', errors: { source: refusal.replace(/^:no_entry: /, '').slice(0, 1900) } });
      return;
    }
    const draft = readForm(view.state.values);
    const form = checkForm(draft, new Date(ports.clock.now()));
    if (!form.ok) {
      await ports.store.appendAudit({ actor: user, action: 'restore.refused', target, input: draft, result: { errors: form.errors } });
      await ack({ response_action: 'errors', errors: fieldErrors(form.errors) });
      return;
    }
    // Recorded before the ack, so an acked submission is never lost. The job redraws this same modal
    // once Slack or AWS answered it (a round trip at least), so its views.update follows this answer.
    await enqueueCheck(ports, {
      ask: form.ask,
      draft,
      target,
      channel,
      user,
      viewId: view.id,
      origin: metadata?.origin ?? '',
      policyPending: slackFirst,
      requestKey: `view:${view.id}:${view.hash}:${digest(form.ask)}`,
    });
    await ack({ response_action: 'update', view: checkingView({ origin: metadata?.origin ?? '', target }, form.ask) });
  });
}

/**
 * What was asked, in the submission's key: one view version is one submission in Slack, but a stale
 * copy submitted again with other names is another request, not a repeat of the first.
 */
function digest(ask: RestoreAsk): string {
  return createHash('sha256').update(JSON.stringify(ask)).digest('hex').slice(0, 16);
}
