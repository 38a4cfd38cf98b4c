import type { WebClient } from '@slack/web-api';
import type { ChatopsConfig } from '../config/chatops';
import { configuredChannels, configuredUsergroups, type ConfiguredChannel, type ConfiguredUsergroup } from './slack-config';
import {
  authFailed,
  authOk,
  botIdsFinding,
  channelCheckName,
  channelFinding,
  notVerified,
  SCOPES_CHECK,
  scopeFindings,
  slackFailure,
  usergroupCheckName,
  usergroupFinding,
  type SlackBot,
} from './slack-findings';
import type { CheckResult } from './types';

/**
 * The Slack side of the doctor, read-only: the token (auth.test), its scopes against manifest.yml,
 * each configured channel (exists, the bot is in it) and each user group chatops.yml names.
 * A failed call is a `not-verified` result, never a throw.
 */
export async function slackChecks(client: WebClient, config: ChatopsConfig, manifestScopes: readonly string[]): Promise<CheckResult[]> {
  const channels = configuredChannels(config);
  const usergroups = configuredUsergroups(config);
  let bot: SlackBot;
  let scopes: string[] | undefined;
  try {
    const auth = await client.auth.test();
    bot = {
      botName: auth.user ?? 'the bot',
      botUserId: auth.user_id ?? '',
      team: auth.team ?? '',
      teamId: auth.team_id ?? '',
      ...(auth.bot_id !== undefined ? { botId: auth.bot_id } : {}),
    };
    // WebClient reads Slack's x-oauth-scopes header into response_metadata.scopes.
    scopes = auth.response_metadata?.scopes;
  } catch (error) {
    // Without a working token nothing else can be told; every other check still gets its line.
    const reason = { text: 'auth.test failed, so this was not asked' };
    return [
      authFailed(slackFailure(error)),
      notVerified(SCOPES_CHECK, reason),
      ...channels.map((channel) => notVerified(channelCheckName(channel), reason)),
      ...usergroups.map((group) => notVerified(usergroupCheckName(group), reason)),
    ];
  }
  const idsCheck = botIdsFinding(config.slack, bot);
  const results: CheckResult[] = [authOk(bot), ...(idsCheck !== undefined ? [idsCheck] : []), ...scopeFindings(scopes, manifestScopes)];
  for (const channel of channels) results.push(await checkChannel(client, channel, bot.botName));
  for (const group of usergroups) results.push(await checkUsergroup(client, group));
  return results;
}

async function checkChannel(client: WebClient, channel: ConfiguredChannel, botName: string): Promise<CheckResult> {
  try {
    const info = await client.conversations.info({ channel: channel.id });
    return channelFinding(channel, botName, {
      found: true,
      name: info.channel?.name ?? channel.id,
      isMember: info.channel?.is_member === true,
      isArchived: info.channel?.is_archived === true,
    });
  } catch (error) {
    const failure = slackFailure(error);
    if (failure.code === 'channel_not_found') return channelFinding(channel, botName, { found: false });
    return notVerified(channelCheckName(channel), failure);
  }
}

async function checkUsergroup(client: WebClient, group: ConfiguredUsergroup): Promise<CheckResult> {
  try {
    const answer = await client.usergroups.users.list({ usergroup: group.id });
    return usergroupFinding(group, answer.users ?? []);
  } catch (error) {
    const failure = slackFailure(error);
    if (failure.code === 'no_such_subteam') return usergroupFinding(group, undefined);
    return notVerified(usergroupCheckName(group), failure);
  }
}
