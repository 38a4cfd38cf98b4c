import type { App } from '@slack/bolt';
// zod/mini: the form is read on the ack path of a view submission (Lambda's `slack` function).
import * as z from 'zod/mini';
import type { AppPorts } from '../types';
import { safeJson } from '../shared/json';
import { TARGET_MODAL, VALUE } from './ids';
import { modalView, targetSelect } from '../shared/modal';
import { SLACK_BUSY_TEXT, SlackBusyError } from '../../slack/fail-fast';

/** `pause|resume|delete` typed without a target while several are configured: a form asks for it. */

const metadataSchema = z.object({ action: z.enum(['pause', 'resume', 'delete']), channelId: z.string() });
export type TargetChoice = z.infer<typeof metadataSchema>;

export function targetModal(targets: readonly string[], choice: TargetChoice) {
  return modalView({
    callbackId: TARGET_MODAL,
    metadata: choice,
    title: `${choice.action.charAt(0).toUpperCase()}${choice.action.slice(1)} a target`,
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
) => Promise<{ view?: unknown; text?: string }>;

export function registerTargetModal(app: App, ports: AppPorts, next: TargetNext): void {
  app.view(TARGET_MODAL, async ({ ack, body, view, client }) => {
    const choice = metadataSchema.safeParse(safeJson(view.private_metadata));
    const target = view.state.values.target?.[VALUE]?.selected_option?.value ?? '';
    if (!choice.success || !Object.prototype.hasOwnProperty.call(ports.config.targets, target)) {
      await ack({ response_action: 'errors', errors: { target: `Choose one of: ${Object.keys(ports.config.targets).join(', ')}.` } });
      return;
    }
    // The policy check may ask Slack (fail-fast client): a busy Slack is said in the form at once.
    let outcome;
    try {
      outcome = await next(ports, choice.data, target, body.user.id, `view:${view.id}:${view.hash}`);
    } catch (error) {
      if (!(error instanceof SlackBusyError)) throw error;
      await ack({ response_action: 'errors', errors: { target: SLACK_BUSY_TEXT.replace(/^:[a-z_]+: /, '') } });
      return;
    }
    if (outcome.view) {
      await ack({ response_action: 'update', view: outcome.view as never });
      return;
    }
    await ack();
    if (outcome.text)
      await client.chat.postEphemeral({ channel: choice.data.channelId, user: body.user.id, text: outcome.text }).catch(() => undefined);
  });
}
