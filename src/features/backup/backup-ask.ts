import type { App } from '@slack/bolt';
import { parseCommand } from '../../commands/parse';
import type { Command, MissingField } from '../../commands/types';
import { grammarContext } from '../help/help-feature';
import { modalView, targetSelect, typedWord } from '../shared/modal';
import type { ReplyTo } from '../shared/reply';
import type { AppPorts } from '../types';

/** Who asked and where to answer: the same for a slash command and for a modal submission. */
export interface BackupAsk {
  userId: string;
  channelId: string;
  replyTo: ReplyTo;
  /** The idempotency key of the work this starts. */
  requestKey: string;
}

/** Runs one backup verb; returns what to tell the requester at once. */
export type BackupVerb = (ports: AppPorts, command: Command, ask: BackupAsk) => Promise<string>;

/**
 * The modal a backup command opens when an argument is missing (a grammar rule: a missing argument
 * opens a modal instead of failing). The answer is put back into the command text and parsed again,
 * so a modal and a typed command pass exactly the same checks.
 */
export const ASK_MODAL = 'backup_ask';
const BLOCK = 'value';

interface AskMetadata {
  channelId: string;
  /** The command's words, e.g. `snapshot keep`. */
  words: string;
  /** The arguments typed after the missing one. */
  rest: string;
  field: MissingField;
}

const LABELS: Partial<Record<MissingField, string>> = {
  target: 'Target',
  recoveryPoint: 'Recovery point id',
  snapshot: 'Snapshot name',
};

export function askModal(targets: readonly string[], metadata: AskMetadata) {
  const element =
    metadata.field === 'target'
      ? targetSelect(targets, BLOCK)
      : { type: 'plain_text_input', action_id: BLOCK, max_length: 255 };
  return modalView({
    callbackId: ASK_MODAL,
    metadata,
    title: metadata.words.charAt(0).toUpperCase() + metadata.words.slice(1),
    submit: 'Continue',
    blocks: [{ type: 'input', block_id: BLOCK, label: { type: 'plain_text', text: LABELS[metadata.field] ?? metadata.field }, element }],
  });
}

export function registerAskModal(app: App, ports: AppPorts, verbs: Readonly<Partial<Record<Command['verb'], BackupVerb>>>): void {
  app.view(ASK_MODAL, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    let metadata: AskMetadata;
    try {
      metadata = JSON.parse(view.private_metadata) as AskMetadata;
    } catch {
      await ack({ response_action: 'errors', errors: { [BLOCK]: 'This form is broken; type the command again.' } });
      return;
    }
    const state = view.state.values[BLOCK]?.[BLOCK];
    // One word exactly as submitted: spaces would let the answer add arguments to the command it completes.
    const word = typedWord(state?.selected_option?.value ?? state?.value);
    if (!word.ok || word.value === undefined) {
      await ack({ response_action: 'errors', errors: { [BLOCK]: word.ok ? `Enter the ${LABELS[metadata.field] ?? metadata.field}.` : word.problem } });
      return;
    }
    const value = word.value;
    const parsed = parseCommand(`${metadata.words} ${value} ${metadata.rest}`, grammarContext(ports.config));
    const verb = parsed.ok ? verbs[parsed.command.verb] : undefined;
    if (!parsed.ok || !verb || parsed.missing.length > 0) {
      const error = parsed.ok ? `Enter the ${LABELS[metadata.field] ?? metadata.field}.` : parsed.error.replace(/`/g, '');
      await ack({ response_action: 'errors', errors: { [BLOCK]: error.slice(0, 1900) } });
      return;
    }
    await ack();
    const channel = /^[CDG][A-Z0-9]+$/.test(metadata.channelId) ? metadata.channelId : user;
    const text = await verb(ports, parsed.command, { userId: user, channelId: channel, replyTo: { channel, user }, requestKey: `view:${view.id}:${view.hash}` });
    await client.chat.postEphemeral({ channel, user, text }).catch(() => undefined);
  });
}
