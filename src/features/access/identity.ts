import type { WebClient } from '@slack/web-api';
import type { ChatopsConfig } from '../../config/chatops';
import { REDSHIFT_NAME_RE } from '../../config/names';
import { busyAware, failFastClient, SlackBusyError } from '../../slack/fail-fast';
import { slackPlatformError } from '../../slack/error-fields';

/**
 * Slack user -> database user. chatops.yml's identity.map first; otherwise (when emailLocalPart is
 * on) the part of the Slack profile e-mail before the @, from users.info. A fallback name must be a
 * plain lower-case Redshift name: anything else (dots, quotes, non-ASCII, too long) is refused
 * rather than guessed, and the user is told what an admin must add to chatops.yml.
 */
export type Identity = ChatopsConfig['identity'];

export type IdentityResult = { ok: true; dbUser: string; source: 'map' | 'email' } | { ok: false; message: string; why: string };

/**
 * What chatops.yml alone says (pure, no Slack): the mapped user, a refusal, or `lookup` when only
 * the profile e-mail can tell. Commands and forms decide with this before they ack; the lookup runs
 * in the job afterwards.
 */
export function identityFromConfig(identity: Identity, userId: string): IdentityResult | { lookup: true } {
  const mapped = identity.map[userId];
  if (mapped !== undefined) return { ok: true, dbUser: mapped, source: 'map' };
  if (!identity.emailLocalPart) return unmapped(userId, 'identity.map has no entry for you and emailLocalPart is off');
  return { lookup: true };
}

/**
 * The full rule, users.info included, for the job that opens the request. The lookup goes through
 * the fail-fast client: a rate-limited or silent Slack throws SlackBusyError (the person is asked
 * to try again) instead of being mistaken for "you have no e-mail address".
 */
export async function databaseUserFor(slack: WebClient, identity: Identity, userId: string): Promise<IdentityResult> {
  const known = identityFromConfig(identity, userId);
  if (!('lookup' in known)) return known;
  let email: string | undefined;
  try {
    const info = await busyAware('users.info', () => failFastClient(slack).users.info({ user: userId }));
    email = info.user?.profile?.email;
  } catch (error) {
    if (error instanceof SlackBusyError) throw error;
    const code = slackPlatformError(error) ?? (error instanceof Error ? error.message : String(error));
    return unmapped(userId, `Slack would not tell me your e-mail address (users.info: ${code})`);
  }
  if (!email) return unmapped(userId, 'your Slack profile shows no e-mail address (the bot needs the users:read.email scope)');
  return fromEmail(userId, email, identity.emailDomains);
}

/** The e-mail rule alone (pure): local part, domain allowed, a valid lower-case Redshift name. */
export function fromEmail(userId: string, email: string, domains: readonly string[] | undefined): IdentityResult {
  const at = email.lastIndexOf('@');
  if (at <= 0) return unmapped(userId, 'your Slack e-mail address has no local part');
  const local = email.slice(0, at).toLowerCase();
  const domain = email.slice(at + 1).toLowerCase();
  if (domains !== undefined && !domains.includes(domain)) {
    return unmapped(userId, `your e-mail domain ${domain} is not in identity.emailDomains (${domains.join(', ')})`);
  }
  if (!REDSHIFT_NAME_RE.test(local)) {
    return unmapped(
      userId,
      `the part of your e-mail before the @ is not a plain database user name (a letter or _ first, then lower-case letters, digits, _ or $, at most 127)`,
    );
  }
  return { ok: true, dbUser: local, source: 'email' };
}

function unmapped(userId: string, why: string): IdentityResult {
  return {
    ok: false,
    why,
    message:
      `:bust_in_silhouette: I don't know your database user, so I can't ask for access for you: ${why}. ` +
      `An admin must add you to chatops.yml: \`identity.map: { ${userId}: <db user> }\` (your database user name), then restart or redeploy the bot. Nothing was requested.`,
  };
}
