import type { App } from '@slack/bolt';
import type { AppPorts } from '../types';
import { bestEffort } from '../../slack/best-effort';
import { formOriginChannel } from '../shared/form-origin';
import { formUnknownText, readDeleteForm, readDeleteMetadata } from './delete-modal';
import { DELETE_MODAL, NAME_BLOCK } from './ids';
import { proceed } from './open';
import { permitted, policyNeedsSlack } from './permission';
import { failFastClient, SLACK_BUSY_TEXT, SlackBusyError } from '../../slack/fail-fast';
import { shortKey } from '../shared/short-key';
import { approvalsFor } from './requests';
import type { LifecycleOperation } from './types';

/**
 * The delete form's submission: a mistyped name or a bad snapshot setting is an error on its field
 * (the modal stays open); who may delete is checked again; then the approval request is opened.
 * The request's channel is the one the bot recorded when it opened the form for this user: a form it
 * never opened for them is refused in the form, so nothing is asked and nothing is posted elsewhere.
 */
export function registerDeleteForm(app: App, ports: AppPorts): void {
  app.view(DELETE_MODAL, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const metadata = readDeleteMetadata(view.private_metadata);
    const channelId = metadata ? await formOriginChannel(ports.store, metadata.origin, user) : undefined;
    if (!metadata || channelId === undefined) {
      await ports.store.appendAudit({
        actor: user,
        action: 'lifecycle.form.refused',
        target: (metadata?.target ?? '').slice(0, 64),
        input: { form: 'delete', action: 'delete' },
        result: { reason: 'the form was not opened by this user through the bot' },
      });
      await ack({ response_action: 'errors', errors: { [NAME_BLOCK]: formUnknownText('/redshift delete') } });
      return;
    }
    const target = Object.prototype.hasOwnProperty.call(ports.config.targets, metadata.target)
      ? ports.config.targets[metadata.target]
      : undefined;
    if (!target) {
      await ack({
        response_action: 'errors',
        errors: { [NAME_BLOCK]: 'This form no longer matches chatops.yml; close it and run /redshift delete again.' },
      });
      return;
    }
    const form = readDeleteForm(view.state.values, target);
    if (!form.ok) {
      await ports.store.appendAudit({
        actor: user,
        action: 'lifecycle.delete.form-error',
        target: metadata.target,
        result: { errors: form.errors },
      });
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    // When the policy needs a usergroup lookup, the form is closed (acked) first and the answer
    // comes as an ephemeral message: the ack never waits on Slack.
    const slackFirst = policyNeedsSlack(ports, 'delete', user);
    const tell = (text: string) =>
      bestEffort(
        "chat.postEphemeral of the delete form's answer",
        () => failFastClient(client).chat.postEphemeral({ channel: channelId, user, text }),
        (m) => ports.logger.warn(`lifecycle: ${m}`),
      );
    if (slackFirst) await ack();
    let decision;
    try {
      decision = await permitted(ports, 'delete', user, metadata.target, { via: 'form' });
    } catch (error) {
      if (!slackFirst || !(error instanceof SlackBusyError)) throw error;
      await tell(`${SLACK_BUSY_TEXT} Nothing was deleted: run \`/redshift delete ${metadata.target}\` again.`);
      return;
    }
    if (!decision.allowed) {
      if (slackFirst) await tell(`:no_entry: ${decision.message} Nothing was run.`);
      else await ack({ response_action: 'errors', errors: { [NAME_BLOCK]: decision.message.replace(/`/g, '').slice(0, 1900) } });
      return;
    }
    const operation: LifecycleOperation = {
      action: 'delete',
      target: metadata.target,
      requester: user,
      // One submission of this form is one deletion request, whatever Slack retries.
      key: shortKey(`view:${view.id}:${view.hash}`),
      channelId,
      replyTo: { channel: channelId, user },
      finalSnapshot: form.finalSnapshot,
    };
    await proceed(ports, operation, Math.max(1, approvalsFor(ports.config, operation)));
    if (!slackFirst) await ack();
  });
}
