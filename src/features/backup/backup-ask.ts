import type { App, types } from '@slack/bolt';
import * as z from 'zod/mini';
import { parseCommand } from '../../commands/parse';
import type { MissingField, Verb } from '../../commands/types';
import { bestEffort } from '../../slack/best-effort';
import { grammarContext } from '../shared/grammar-context';
import { formOriginChannel, recordFormOrigin } from '../shared/form-origin';
import { safeJson } from '../shared/json';
import { modalView, typedWord } from '../shared/modal';
import type { ReplyTo } from '../shared/reply';
import type { AppPorts, CommandOf } from '../types';
import { auditUnknownForm, unknownFormText } from './form-refusal';
import { targetPicker } from './snapshot-blocks';

/** Who asked and where to answer: the same for a slash command and for a modal submission. */
export interface BackupAsk {
  userId: string;
  channelId: string;
  replyTo: ReplyTo;
  /** The idempotency key of the work this starts. */
  requestKey: string;
}

/** Runs one backup verb; returns what to tell the requester at once. */
export type BackupVerb<V extends Verb = Verb> = (ports: AppPorts, command: CommandOf<V>, ask: BackupAsk) => Promise<string>;

/** The BackupVerb of each verb that has one, typed by its verb. */
export type BackupVerbs = { readonly [V in Verb]?: BackupVerb<V> };

/** Runs the BackupVerb of the command's verb, which receives the command narrowed to that verb. */
async function runBackupVerb<V extends Verb>(verbs: BackupVerbs, ports: AppPorts, command: CommandOf<V>, ask: BackupAsk): Promise<string> {
  const verb = verbs[command.verb];
  if (!verb) throw new Error(`No backup verb answers ${command.verb}`);
  return verb(ports, command, ask);
}

/**
 * The modal a backup command opens when an argument is missing (a grammar rule: a missing argument
 * opens a modal instead of failing). The answer is put back into the command text and parsed again,
 * so a modal and a typed command pass exactly the same checks.
 */
export const ASK_MODAL = 'backup_ask';
const BLOCK = 'value';

/** What the form carries: the command to complete, and the token of where it was opened (shared/form-origin). */
interface AskMetadata {
  origin: string;
  /** The command's words, e.g. `snapshot keep`. */
  words: string;
  /** The arguments typed after the missing one. */
  rest: string;
  field: MissingField;
}
const askMetadataSchema = z.object({ origin: z.string(), words: z.string(), rest: z.string(), field: z.string() });

function readAskMetadata(privateMetadata: string): z.infer<typeof askMetadataSchema> | undefined {
  const parsed = z.safeParse(askMetadataSchema, safeJson(privateMetadata));
  return parsed.success ? parsed.data : undefined;
}

/** Keyed by MissingField; read with the field a submitted form names, which may be any string. */
const LABELS: Readonly<Partial<Record<string, string>>> = {
  target: 'Target',
  recoveryPoint: 'Recovery point id',
  snapshot: 'Snapshot name',
};

/**
 * The form for a command missing an argument, opened from `channelId`: the bot records that channel
 * and answers there, never in a channel the submission names.
 */
export async function askForm(
  ports: AppPorts,
  userId: string,
  channelId: string,
  ask: Omit<AskMetadata, 'origin'>,
): Promise<types.ModalView> {
  return askModal(Object.keys(ports.config.targets), { ...ask, origin: await recordFormOrigin(ports, userId, channelId) });
}

export function askModal(targets: readonly string[], metadata: AskMetadata): types.ModalView {
  const element: types.StaticSelect | types.PlainTextInput =
    metadata.field === 'target' ? targetPicker(targets, BLOCK) : { type: 'plain_text_input', action_id: BLOCK, max_length: 255 };
  return modalView<types.KnownBlock>({
    callbackId: ASK_MODAL,
    metadata,
    title: metadata.words.charAt(0).toUpperCase() + metadata.words.slice(1),
    submit: 'Continue',
    blocks: [{ type: 'input', block_id: BLOCK, label: { type: 'plain_text', text: LABELS[metadata.field] ?? metadata.field }, element }],
  });
}

export function registerAskModal(app: App, ports: AppPorts, verbs: BackupVerbs): void {
  app.view(ASK_MODAL, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const metadata = readAskMetadata(view.private_metadata);
    if (!metadata) {
      await ack({ response_action: 'errors', errors: { [BLOCK]: 'This form is broken; type the command again.' } });
      return;
    }
    // A form the bot did not open for this user (forged, foreign, or open over a day) runs nothing
    // and posts nowhere: the refusal shows in the form.
    const channel = await formOriginChannel(ports.store, metadata.origin, user);
    if (channel === undefined) {
      // The words come from the unverified form: echoed only when they name one of these verbs.
      const known = Object.keys(verbs).some((verb) => verb.replace('.', ' ') === metadata.words);
      const command = known ? metadata.words : 'snapshot keep|delete` or `/redshift backup retention';
      await auditUnknownForm(ports.store, user, 'backup.refused', known ? metadata.words : 'backup form');
      await ack({ response_action: 'errors', errors: { [BLOCK]: unknownFormText(command) } });
      return;
    }
    const label = LABELS[metadata.field] ?? metadata.field;
    const state = view.state.values[BLOCK]?.[BLOCK];
    // One word exactly as submitted: spaces would let the answer add arguments to the command it completes.
    const word = typedWord(state?.selected_option?.value ?? state?.value);
    if (!word.ok || word.value === undefined) {
      await ack({ response_action: 'errors', errors: { [BLOCK]: word.ok ? `Enter the ${label}.` : word.problem } });
      return;
    }
    const value = word.value;
    const parsed = parseCommand(`${metadata.words} ${value} ${metadata.rest}`, grammarContext(ports.config));
    const verb = parsed.ok ? verbs[parsed.command.verb] : undefined;
    if (!parsed.ok || !verb || parsed.missing.length > 0) {
      const error = parsed.ok ? `Enter the ${label}.` : parsed.error.replace(/`/g, '');
      await ack({ response_action: 'errors', errors: { [BLOCK]: error.slice(0, 1900) } });
      return;
    }
    await ack();
    const text = await runBackupVerb(verbs, ports, parsed.command, {
      userId: user,
      channelId: channel,
      replyTo: { channel, user },
      requestKey: `view:${view.id}:${view.hash}`,
    });
    await bestEffort(
      'chat.postEphemeral of the backup answer',
      () => client.chat.postEphemeral({ channel, user, text }),
      (m) => ports.logger.warn(m),
    );
  });
}
