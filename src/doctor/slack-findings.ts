import type { ConfiguredChannel, ConfiguredUsergroup } from './slack-config';
import type { CheckResult } from './types';

/** Who the token is, from auth.test. */
export interface SlackBot {
  botName: string;
  botUserId: string;
  botId?: string;
  team: string;
  teamId: string;
}

/** What Slack said when a Web API call failed: its error code and, for missing_scope, the scope. */
export interface SlackFailure {
  code?: string;
  needed?: string;
  text: string;
}

/** Token errors: the token itself is wrong, not Slack or the network. */
const TOKEN_ERRORS = new Set(['not_authed', 'invalid_auth', 'token_revoked', 'token_expired', 'account_inactive']);

export const TOKEN_FIX =
  "set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…, under OAuth & Permissions in the app's settings); reinstall the app if it was removed";

export const AUTH_CHECK = 'bot token is valid (auth.test)';
export const SCOPES_CHECK = 'bot token has the scopes manifest.yml asks for';

/** Reads a thrown Web API error without trusting its shape: platform errors carry `data.error`. */
export function slackFailure(error: unknown): SlackFailure {
  const text = error instanceof Error ? error.message : String(error);
  const data = typeof error === 'object' && error !== null && 'data' in error ? error.data : undefined;
  if (typeof data !== 'object' || data === null) return { text };
  const code = 'error' in data && typeof data.error === 'string' ? data.error : undefined;
  const needed = 'needed' in data && typeof data.needed === 'string' ? data.needed : undefined;
  return { text, ...(code !== undefined ? { code } : {}), ...(needed !== undefined ? { needed } : {}) };
}

/** A failure that leaves the check undecided; a missing scope is named (the scope check says how to add it). */
export function notVerified(name: string, failure: SlackFailure): CheckResult {
  const detail = failure.code === 'missing_scope' && failure.needed ? `the token lacks ${failure.needed} (${failure.text})` : failure.text;
  return { area: 'slack', name, status: 'not-verified', detail };
}

export function authFailed(failure: SlackFailure): CheckResult {
  if (failure.code !== undefined && TOKEN_ERRORS.has(failure.code)) {
    return { area: 'slack', name: AUTH_CHECK, status: 'missing', detail: `Slack answered ${failure.code}`, fix: TOKEN_FIX };
  }
  return notVerified(AUTH_CHECK, failure);
}

export function authOk(bot: SlackBot): CheckResult {
  const ids = [bot.botUserId, bot.botId].filter((id) => id !== undefined).join(', ');
  return { area: 'slack', name: AUTH_CHECK, status: 'ok', detail: `bot @${bot.botName} (${ids}) in ${bot.team} (${bot.teamId})` };
}

/** chatops.yml's slack ids let Bolt skip auth.test; ids of another bot would make it misread its own messages. */
export function botIdsFinding(configured: { botId?: string; botUserId?: string }, bot: SlackBot): CheckResult | undefined {
  if (configured.botId === undefined && configured.botUserId === undefined) return undefined;
  const name = "chatops.yml slack ids are the token's bot";
  const wrong = [
    configured.botId !== undefined && configured.botId !== bot.botId ? `botId ${configured.botId}` : undefined,
    configured.botUserId !== undefined && configured.botUserId !== bot.botUserId ? `botUserId ${configured.botUserId}` : undefined,
  ].filter((part) => part !== undefined);
  if (wrong.length === 0) return { area: 'slack', name, status: 'ok' };
  return {
    area: 'slack',
    name,
    status: 'missing',
    detail: `${wrong.join(' and ')} in chatops.yml; the token is bot ${bot.botId ?? '(no bot id)'}, user ${bot.botUserId}`,
    fix: `set slack: { botId: ${bot.botId ?? '…'}, botUserId: ${bot.botUserId} } in chatops.yml, or leave slack out`,
  };
}

/** One result per manifest scope the token lacks, or one ok; undefined scopes: Slack did not say. */
export function scopeFindings(granted: readonly string[] | undefined, wanted: readonly string[]): CheckResult[] {
  if (granted === undefined) {
    return [
      {
        area: 'slack',
        name: SCOPES_CHECK,
        status: 'not-verified',
        detail: 'Slack did not name the token scopes (no x-oauth-scopes header on auth.test)',
      },
    ];
  }
  const missing = wanted.filter((scope) => !granted.includes(scope));
  if (missing.length === 0) return [{ area: 'slack', name: SCOPES_CHECK, status: 'ok', detail: wanted.join(', ') }];
  return missing.map((scope) => ({
    area: 'slack',
    name: `bot token has the scope ${scope}`,
    status: 'missing',
    detail: `manifest.yml asks for ${scope}; the token has ${granted.length > 0 ? granted.join(', ') : 'no scopes'}`,
    fix: `add the bot scope ${scope} in the app's OAuth & Permissions (or update the app from manifest.yml) and reinstall the app to the workspace`,
  }));
}

export function channelCheckName(channel: ConfiguredChannel): string {
  return `${channel.uses.join(' and ')} channel ${channel.id} exists and the bot is in it`;
}

const settingsOf = (channel: ConfiguredChannel) => channel.uses.map((use) => `channels.${use}`).join(' and ');

/** What conversations.info said about a configured channel, as a check. */
export function channelFinding(
  channel: ConfiguredChannel,
  botName: string,
  info: { found: false } | { found: true; name: string; isMember: boolean; isArchived: boolean },
): CheckResult {
  const name = channelCheckName(channel);
  if (!info.found) {
    return {
      area: 'slack',
      name,
      status: 'missing',
      detail: 'Slack answered channel_not_found',
      fix: `set ${settingsOf(channel)} in chatops.yml to the id of an existing channel; if it is private, /invite @${botName} there first (Slack hides a private channel from a bot outside it)`,
    };
  }
  if (info.isArchived) {
    return {
      area: 'slack',
      name,
      status: 'missing',
      detail: `#${info.name} is archived`,
      fix: `unarchive #${info.name}, or set ${settingsOf(channel)} in chatops.yml to another channel`,
    };
  }
  if (!info.isMember) {
    return {
      area: 'slack',
      name,
      status: 'missing',
      detail: `the bot is not a member of #${info.name}, so it cannot post there`,
      fix: `type /invite @${botName} in #${info.name}, or set ${settingsOf(channel)} in chatops.yml to a channel the bot is in`,
    };
  }
  return { area: 'slack', name, status: 'ok', detail: `#${info.name}` };
}

export function usergroupCheckName(group: ConfiguredUsergroup): string {
  return `user group ${group.id} resolves and has members`;
}

/** What usergroups.users.list said about a configured user group; undefined members: no such group. */
export function usergroupFinding(group: ConfiguredUsergroup, members: readonly string[] | undefined): CheckResult {
  const name = usergroupCheckName(group);
  const where = group.paths.join(', ');
  if (members === undefined) {
    return {
      area: 'slack',
      name,
      status: 'missing',
      detail: `Slack knows no user group ${group.id} (named at ${where})`,
      fix: `use an existing user group's id (it starts with S) at ${where} in chatops.yml`,
    };
  }
  if (members.length === 0) {
    return {
      area: 'slack',
      name,
      status: 'missing',
      detail: `${group.id} has no members, so nobody can act through it (named at ${where})`,
      fix: `add people to the user group ${group.id} in Slack, or name another group at ${where} in chatops.yml`,
    };
  }
  return { area: 'slack', name, status: 'ok', detail: `${members.length} member${members.length === 1 ? '' : 's'}` };
}
