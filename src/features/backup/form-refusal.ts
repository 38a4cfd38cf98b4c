import * as z from 'zod/mini';
import type { Store } from '../../store/store';
import { safeJson } from '../shared/json';

/**
 * A backup form's submission whose origin token the bot never recorded for this user (a forged or
 * foreign form, or one left open over a day): refused in the form itself, so nothing runs and
 * nothing is posted anywhere; the attempt is audited.
 */
export function unknownFormText(command: string): string {
  return `This form was not opened for you by the bot, or has been open for more than a day. Run \`/redshift ${command}\` again. Nothing was changed.`;
}

export async function auditUnknownForm(store: Store, user: string, action: string, target: string): Promise<void> {
  await store.appendAudit({ actor: user, action, target: target.slice(0, 64), result: { reason: 'the form was not opened by this user through the bot' } });
}

const originMetadata = z.object({ origin: z.string() });

/** The origin token a backup form carries in its private_metadata, or undefined when it carries none. */
export function originToken(privateMetadata: string): string | undefined {
  const parsed = z.safeParse(originMetadata, safeJson(privateMetadata));
  return parsed.success ? parsed.data.origin : undefined;
}
