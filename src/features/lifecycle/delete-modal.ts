// zod/mini: the form is read on the ack path of a view submission (Lambda's `slack` function).
import type { types } from '@slack/bolt';
import * as z from 'zod/mini';
import { argSchemas } from '../../commands/args';
import type { Target } from '../../config/targets';
import type { FinalSnapshot } from '../../redshift/lifecycle';
import { snapshotName } from '../shared/snapshot-name';
import { safeJson } from '../shared/json';
import { DELETE_MODAL, FINAL_BLOCK, NAME_BLOCK, RETENTION_BLOCK, SKIP_FINAL, SNAPSHOT_NAME_BLOCK, TAKE_FINAL, VALUE } from './ids';
import { modalView, typedWord } from '../shared/modal';

/**
 * The delete form (pure): type the name to confirm, and the final snapshot (on by default, with a
 * generated name and a retention; skipping it is an explicit, red, extra-approval choice).
 */

/**
 * The form's metadata: the target, and the token of the origin the bot recorded when it opened the
 * form (shared/form-origin); never the channel itself, which a forged submission could name.
 */
export interface DeleteMetadata {
  target: string;
  origin: string;
}

/** A lifecycle form whose origin the bot never recorded for this user (forged, or open over a day); plain text for a field error. */
export function formUnknownText(command: string): string {
  return `This form was not opened for you by the bot, or has been open for more than a day. Close it and run ${command} again. Nothing was changed.`;
}

/** What must be typed: the cluster identifier, or the workgroup name. */
export function confirmationName(target: Target): string {
  return target.kind === 'provisioned' ? target.cluster : target.workgroup;
}

export function finalSnapshotName(target: string, at: Date, key: string): string {
  return snapshotName(`${target}-final`, at, key);
}

/** The default retention of a final snapshot: it is the only copy left, so it is kept until deleted. */
export const DEFAULT_FINAL_RETENTION = 'forever';

const option = (value: string, text: string, description: string) => ({
  text: { type: 'mrkdwn' as const, text },
  description: { type: 'mrkdwn' as const, text: description },
  value,
});

const optionalText = (block: string, label: string, hint: string, initial: string) => ({
  type: 'input',
  block_id: block,
  optional: true,
  label: { type: 'plain_text', text: label },
  hint: { type: 'plain_text', text: hint },
  element: { type: 'plain_text_input', action_id: VALUE, initial_value: initial },
});

export function deleteModal(
  targetName: string,
  target: Target,
  generatedName: string,
  origin: string,
  extraApproval: boolean,
): types.ModalView {
  const name = confirmationName(target);
  const what =
    target.kind === 'provisioned' ? `cluster \`${name}\`` : `workgroup \`${target.workgroup}\` and then namespace \`${target.namespace}\``;
  const take = option(
    TAKE_FINAL,
    ':camera: *Take a final snapshot* (recommended)',
    'Taken before the data is deleted; a new warehouse can be restored from it.',
  );
  const skip = option(
    SKIP_FINAL,
    ':red_circle: *Skip the final snapshot: the data is gone for good*',
    extraApproval ? 'Unrecoverable. Needs one more approval than a deletion with a snapshot.' : 'Unrecoverable.',
  );
  const metadata: DeleteMetadata = { target: targetName, origin };
  return modalView({
    callbackId: DELETE_MODAL,
    metadata,
    title: `Delete ${targetName}`,
    submit: 'Ask approvers',
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:warning: This deletes ${what} (target *${targetName}*). It cannot be cancelled once it starts, and it needs the approvals of policies.delete.`,
        },
      },
      {
        type: 'input',
        block_id: NAME_BLOCK,
        label: { type: 'plain_text', text: `Type ${name} to confirm` },
        element: { type: 'plain_text_input', action_id: VALUE, placeholder: { type: 'plain_text', text: name } },
      },
      {
        type: 'input',
        block_id: FINAL_BLOCK,
        label: { type: 'plain_text', text: 'Final snapshot' },
        element: { type: 'radio_buttons', action_id: VALUE, options: [take, skip], initial_option: take },
      },
      optionalText(
        SNAPSHOT_NAME_BLOCK,
        'Final snapshot name',
        'Generated; change it if you like. Ignored when skipping the final snapshot.',
        generatedName,
      ),
      optionalText(RETENTION_BLOCK, 'Keep the final snapshot for', '1–3653 days, or forever (the default).', DEFAULT_FINAL_RETENTION),
    ],
  });
}

type StateValues = Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>>;

export type DeleteChoice = { ok: true; finalSnapshot: FinalSnapshot } | { ok: false; errors: Record<string, string> };

const SERVERLESS_NAME = /^[a-z0-9-]{3,64}$/;

/** The form's values judged field by field, so each error shows on its field. */
export function readDeleteForm(values: StateValues, target: Target): DeleteChoice {
  const text = (block: string) => (values[block]?.[VALUE]?.value ?? '').trim();
  const final = z.catch(z.enum([TAKE_FINAL, SKIP_FINAL]), TAKE_FINAL).parse(values[FINAL_BLOCK]?.[VALUE]?.selected_option?.value);
  const read = { typed: text(NAME_BLOCK), final, name: text(SNAPSHOT_NAME_BLOCK), retention: text(RETENTION_BLOCK) };
  const errors: Record<string, string> = {};
  // Blanks are not "empty": only a field left empty takes the default retention.
  const retentionTyped = typedWord(values[RETENTION_BLOCK]?.[VALUE]?.value);
  if (!retentionTyped.ok) errors[RETENTION_BLOCK] = retentionTyped.problem;
  const expected = confirmationName(target);
  if (read.typed !== expected) {
    errors[NAME_BLOCK] = read.typed
      ? `"${read.typed}" is not the name. Type ${expected} exactly to confirm.`
      : `Type ${expected} to confirm.`;
  }
  if (read.final === SKIP_FINAL)
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, finalSnapshot: { skip: true } };

  const schemas = argSchemas({ targets: [], roles: [] });
  const name = schemas.snapshot.safeParse(read.name);
  if (!read.name) errors[SNAPSHOT_NAME_BLOCK] = 'Name the final snapshot, or choose to skip it.';
  else if (!name.success) errors[SNAPSHOT_NAME_BLOCK] = plain(name.error.issues[0]?.message);
  else if (target.kind === 'serverless' && !SERVERLESS_NAME.test(read.name)) {
    errors[SNAPSHOT_NAME_BLOCK] = 'Serverless snapshot names are 3–64 lower-case letters, digits and hyphens.';
  }
  const retention = schemas.retentionDays.safeParse(retentionTyped.ok ? (retentionTyped.value ?? DEFAULT_FINAL_RETENTION) : read.retention);
  if (!retention.success && !errors[RETENTION_BLOCK]) errors[RETENTION_BLOCK] = plain(retention.error.issues[0]?.message);
  if (Object.keys(errors).length > 0 || !retention.success) return { ok: false, errors };
  return { ok: true, finalSnapshot: { skip: false, name: read.name, retentionDays: retention.data } };
}

/** Field errors are plain text: no mrkdwn backticks. */
function plain(message: string | undefined): string {
  return (message ?? 'Not valid.').replace(/`/g, '');
}

export function readDeleteMetadata(raw: string): DeleteMetadata | undefined {
  // A missing origin reads as '': no origin was recorded under it, so the form is refused as not the bot's.
  const parsed = z.object({ target: z.string(), origin: z.catch(z.string(), '') }).safeParse(safeJson(raw || '{}'));
  return parsed.success ? parsed.data : undefined;
}
