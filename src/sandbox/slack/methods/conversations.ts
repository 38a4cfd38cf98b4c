import { stringField, type JsonObject } from '../json';
import type { SlackSeedChannel } from '../seed';
import { fail, type MethodHandler } from './context';

/** A channel as conversations.info returns it (the fields Slack's reference shows that the seed can tell). */
function channelJson(channel: SlackSeedChannel, isMember: boolean): JsonObject {
  const isPrivate = channel.isPrivate === true;
  return {
    id: channel.id,
    name: channel.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: isPrivate,
    is_archived: false,
    is_general: channel.name === 'general',
    name_normalized: channel.name,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: isMember,
  };
}

/**
 * conversations.info for the seeded channels. A public channel needs channels:read, a private one
 * groups:read; a private channel the bot is not in does not exist for it. Direct messages are not
 * answered here (the bot never asks about them): channel_not_found.
 */
const conversationsInfo: MethodHandler = ({ workspace, scopes }, args) => {
  const channel = workspace.channel(stringField(args, 'channel') ?? '');
  if (channel === undefined) return fail('channel_not_found');
  const missing = scopes.missing([channel.isPrivate === true ? 'groups:read' : 'channels:read']);
  if (missing !== undefined) return missing;
  const isMember = workspace.isBotMember(channel.id);
  if (channel.isPrivate === true && !isMember) return fail('channel_not_found');
  return { ok: true, channel: channelJson(channel, isMember) };
};

export const conversationMethods: Readonly<Record<string, MethodHandler>> = {
  'conversations.info': conversationsInfo,
};
