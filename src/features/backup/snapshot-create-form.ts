import type { App, types } from '@slack/bolt';
import { parseCommand } from '../../commands/parse';
import { argSchemas } from '../../commands/args';
import { bestEffort } from '../../slack/best-effort';
import { failureText } from '../shared/failure';
import { formOriginChannel, recordFormOrigin } from '../shared/form-origin';
import { grammarContext } from '../shared/grammar-context';
import { modalView, typedWord } from '../shared/modal';
import type { AppPorts } from '../types';
import { auditUnknownForm, originToken, unknownFormText } from './form-refusal';
import { requestSnapshot } from './snapshot-create';
import { targetPicker } from './snapshot-blocks';

export const CREATE_MODAL = 'snapshot_create';

/**
 * The form a `snapshot create` without a target opens (several targets, none named). Where it was
 * opened is recorded by the bot (shared/form-origin): the snapshot is announced there, never in a
 * channel the submission names.
 */
export async function snapshotForm(
  ports: AppPorts,
  userId: string,
  channelId: string,
  retention?: number | 'forever',
): Promise<types.ModalView> {
  return createModal(Object.keys(ports.config.targets), await recordFormOrigin(ports, userId, channelId), retention);
}

/** The form itself; `origin` is the token recordFormOrigin gave. */
export function createModal(targets: readonly string[], origin: string, retention?: number | 'forever'): types.ModalView {
  return modalView<types.KnownBlock>({
    callbackId: CREATE_MODAL,
    metadata: { origin },
    title: 'Manual snapshot',
    submit: 'Create',
    blocks: [
      { type: 'input', block_id: 'target', label: { type: 'plain_text', text: 'Target' }, element: targetPicker(targets, 'value') },
      {
        type: 'input',
        block_id: 'retention',
        optional: true,
        label: { type: 'plain_text', text: 'Keep for (days, or forever)' },
        hint: { type: 'plain_text', text: '1–3653 days, or forever. Empty: forever.' },
        element: { type: 'plain_text_input', action_id: 'value', ...(retention !== undefined ? { initial_value: String(retention) } : {}) },
      },
    ],
  });
}

/** Modal submission: the same checks as the typed command, errors shown on the fields. */
export function registerCreateModal(app: App, ports: AppPorts): void {
  app.view(CREATE_MODAL, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    // A token the bot never recorded for this user (a forged or foreign form) is refused in the form:
    // nothing is created, and nothing is posted in a channel the form names.
    const channel = await formOriginChannel(ports.store, originToken(view.private_metadata), user);
    if (channel === undefined) {
      await auditUnknownForm(ports.store, user, 'snapshot.refused', 'snapshot create');
      await ack({ response_action: 'errors', errors: { target: unknownFormText('snapshot create') } });
      return;
    }
    const target = view.state.values.target?.value?.selected_option?.value ?? '';
    // Empty means forever (the hint says so); blanks or spaces are refused, never trimmed into a value.
    const retention = typedWord(view.state.values.retention?.value?.value);
    if (!retention.ok) {
      await ack({ response_action: 'errors', errors: { retention: `${retention.problem} Use 1–3653 days or forever.` } });
      return;
    }
    const retentionWord = retention.value ?? 'forever';
    // Each field is judged on its own first, so one field's text can never stand in for the other's.
    const days = argSchemas({ targets: [], roles: [] }).retentionDays.safeParse(retentionWord);
    if (!Object.prototype.hasOwnProperty.call(ports.config.targets, target) || !days.success) {
      const errors: Record<string, string> = {};
      if (!Object.prototype.hasOwnProperty.call(ports.config.targets, target)) errors.target = 'Choose a target from the list.';
      if (!days.success) errors.retention = (days.error.issues[0]?.message ?? 'Use 1–3653 days or forever.').replace(/`/g, '');
      await ack({ response_action: 'errors', errors });
      return;
    }
    const parsed = parseCommand(`snapshot create ${target} ${retentionWord}`, grammarContext(ports.config));
    if (!parsed.ok || parsed.command.verb !== 'snapshot.create' || !parsed.command.target) {
      const field = parsed.ok || /target/i.test(parsed.error) ? 'target' : 'retention';
      await ack({ response_action: 'errors', errors: { [field]: parsed.ok ? 'Choose a target.' : parsed.error.replace(/`/g, '') } });
      return;
    }
    // The form is valid: close it now. The policy check may ask Slack for a usergroup's members,
    // which can wait out a rate limit; the answer comes as an ephemeral message either way.
    await ack();
    const text = await requestSnapshot(ports, {
      target: parsed.command.target,
      retention: parsed.command.retentionDays ?? 'forever',
      userId: user,
      channelId: channel,
      replyTo: { channel, user },
      requestKey: `view:${view.id}:${view.hash}`,
    }).catch((error: unknown) => `:x: The snapshot could not be started: ${failureText(error)}. Nothing was run; try again.`);
    await bestEffort(
      'chat.postEphemeral of the snapshot answer',
      () => client.chat.postEphemeral({ channel, user, text }),
      (m) => ports.logger.warn(m),
    );
  });
}
