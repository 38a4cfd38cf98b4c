import type { App, types } from '@slack/bolt';
// zod/mini: the form is read on the ack path of a view submission (Lambda's `slack` function).
import * as z from 'zod/mini';
import { bestEffort } from '../../slack/best-effort';
import { formOriginChannel } from '../shared/form-origin';
import type { AppPorts } from '../types';
import { formUnknownText } from './delete-modal';
import { safeJson } from '../shared/json';
import { TARGET_MODAL, VALUE } from './ids';
import { modalView, targetSelect } from '../shared/modal';
import { SLACK_BUSY_TEXT, SlackBusyError } from '../../slack/fail-fast';

/** `pause|resume|delete` typed without a target while several are configured: a form asks for it. */

/** The form carries the action and the token of its recorded origin (shared/form-origin), never a channel. */
const metadataSchema = z.object({ action: z.enum(['pause', 'resume', 'delete']), origin: z.string() });
type TargetMetadata = z.infer<typeof metadataSchema>;
/** What the submission leads to: the action, and the channel the bot recorded the form was opened in. */
export type TargetChoice = { action: TargetMetadata['action']; channelId: string };

export function targetModal(targets: readonly string[], metadata: TargetMetadata): types.ModalView {
  return modalView({
    callbackId: TARGET_MODAL,
    metadata,
    title: `${metadata.action.charAt(0).toUpperCase()}${metadata.action.slice(1)} a target`,
    submit: 'Next',
    blocks: [{ type: 'input', block_id: 'target', label: { type: 'plain_text', text: 'Target' }, element: targetSelect(targets, VALUE) }],
  });
}

/** What a picked target leads to: the same path as the typed command, answered in the form or privately. */
export type TargetNext = (
  ports: AppPorts,
  choice: TargetChoice,
  target: string,
  user: string,
  key: string,
) => Promise<{ view?: types.ModalView; text?: string }>;

export function registerTargetModal(app: App, ports: AppPorts, next: TargetNext): void {
  app.view(TARGET_MODAL, async ({ ack, body, view, client }) => {
    const metadata = metadataSchema.safeParse(safeJson(view.private_metadata));
    const target = view.state.values.target?.[VALUE]?.selected_option?.value ?? '';
    const user = body.user.id;
    // Where to answer is what the bot recorded when it opened this form for this user; a form it never
    // opened for them is refused in the form: nothing is looked at, asked or posted anywhere it names.
    const channelId = metadata.success ? await formOriginChannel(ports.store, metadata.data.origin, user) : undefined;
    if (!metadata.success || channelId === undefined) {
      await ports.store.appendAudit({
        actor: user,
        action: 'lifecycle.form.refused',
        target: target.slice(0, 64),
        input: { form: 'target', ...(metadata.success ? { action: metadata.data.action } : {}) },
        result: { reason: 'the form was not opened by this user through the bot' },
      });
      const command = metadata.success ? `/redshift ${metadata.data.action}` : '/redshift pause, resume or delete';
      await ack({ response_action: 'errors', errors: { target: formUnknownText(command) } });
      return;
    }
    if (!Object.prototype.hasOwnProperty.call(ports.config.targets, target)) {
      await ack({ response_action: 'errors', errors: { target: `Choose one of: ${Object.keys(ports.config.targets).join(', ')}.` } });
      return;
    }
    const choice: TargetChoice = { action: metadata.data.action, channelId };
    // The policy check may ask Slack (fail-fast client): a busy Slack is said in the form at once.
    let outcome;
    try {
      outcome = await next(ports, choice, target, user, `view:${view.id}:${view.hash}`);
    } catch (error) {
      if (!(error instanceof SlackBusyError)) throw error;
      await ack({ response_action: 'errors', errors: { target: SLACK_BUSY_TEXT.replace(/^:[a-z_]+: /, '') } });
      return;
    }
    if (outcome.view) {
      await ack({ response_action: 'update', view: outcome.view });
      return;
    }
    await ack();
    const text = outcome.text;
    if (text)
      await bestEffort(
        "chat.postEphemeral of the target form's answer",
        () => client.chat.postEphemeral({ channel: channelId, user, text }),
        (m) => ports.logger.warn(`lifecycle: ${m}`),
      );
  });
}
