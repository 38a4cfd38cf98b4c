import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock';
import type { Store } from '../../store/store';

/**
 * Where a form was opened, kept by the bot rather than in the form. A modal's private_metadata comes
 * back in the submission, which anyone holding a crafted payload can fill in; a channel taken from it
 * would let a forged submission make the bot post wherever it names. So the form carries only a random
 * token, and the channel is what the bot recorded for that token and that user when it built the form.
 */
export const FORM_ORIGIN_KIND = 'form-origin';
/** A form left open longer than this answers by DM instead (Slack keeps views open for hours at most). */
export const FORM_ORIGIN_TTL_MS = 24 * 60 * 60 * 1000;
const TOKEN = /^[0-9a-f]{32}$/;

interface FormOrigin {
  user: string;
  channel: string;
}

/** Records where `user` opened a form; the token goes in the form's metadata. */
export async function recordFormOrigin(deps: { store: Store; clock: Clock }, user: string, channel: string): Promise<string> {
  const token = randomBytes(16).toString('hex');
  await deps.store.create<FormOrigin>(FORM_ORIGIN_KIND, token, { user, channel }, { expiresAt: deps.clock.now() + FORM_ORIGIN_TTL_MS });
  return token;
}

/**
 * The channel recorded for `token` when `user` opened the form, or undefined: no such token, another
 * user's, or expired. The caller then answers the user directly.
 */
export async function formOriginChannel(store: Store, token: unknown, user: string): Promise<string | undefined> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
  // A store failure is not swallowed: it is thrown, so the submission fails visibly rather than
  // being refused as if the form were forged.
  const item = await store.get<FormOrigin>(FORM_ORIGIN_KIND, token);
  return item && item.data.user === user ? item.data.channel : undefined;
}
