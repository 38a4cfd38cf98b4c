import { booleanField, stringField, type JsonObject } from '../json';
import type { SlackSeed, SlackSeedUser } from '../seed';
import { fail, type MethodHandler } from './context';

function userJson(user: SlackSeedUser, seed: SlackSeed): JsonObject {
  const profile: JsonObject = {
    real_name: user.realName,
    display_name: user.name,
    team: seed.teamId,
  };
  if (user.email !== '') profile.email = user.email;
  if (user.isBot === true) profile.bot_id = seed.botId;
  return {
    id: user.id,
    team_id: seed.teamId,
    name: user.name,
    deleted: false,
    real_name: user.realName,
    tz: user.tz,
    tz_label: user.tzLabel,
    tz_offset: user.tzOffset,
    is_admin: user.isAdmin === true,
    is_owner: false,
    is_bot: user.isBot === true,
    is_app_user: false,
    profile,
  };
}

const usersInfo: MethodHandler = ({ workspace }, args) => {
  const user = workspace.user(stringField(args, 'user') ?? '');
  return user === undefined ? fail('user_not_found') : { ok: true, user: userJson(user, workspace.seed) };
};

const usergroupUsers: MethodHandler = ({ workspace }, args) => {
  const members = workspace.seed.usergroups[stringField(args, 'usergroup') ?? ''];
  return members === undefined ? fail('no_such_subteam') : { ok: true, users: [...members] };
};

const conversationsOpen: MethodHandler = ({ workspace }, args) => {
  const channelArg = stringField(args, 'channel');
  if (channelArg) {
    const channel = workspace.resolveChannel(channelArg);
    return channel === undefined ? fail('channel_not_found') : { ok: true, channel: { id: channel } };
  }
  const users = (stringField(args, 'users') ?? '')
    .split(',')
    .map((user) => user.trim())
    .filter((user) => user !== '');
  if (users.length === 0) return fail('users_list_not_supplied');
  if (users.some((user) => workspace.user(user) === undefined)) return fail('user_not_found');
  if (users.length === 1) {
    const id = workspace.dmChannelFor(users[0]);
    const channel: JsonObject = booleanField(args, 'return_im') ? { id, is_im: true, user: users[0] } : { id };
    return { ok: true, channel };
  }
  return { ok: true, channel: { id: workspace.groupDmFor(users) } };
};

const authTest: MethodHandler = ({ workspace }) => {
  const { seed } = workspace;
  return {
    ok: true,
    url: `https://${seed.teamDomain}.slack.com/`,
    team: seed.teamName,
    user: seed.botName,
    team_id: seed.teamId,
    user_id: seed.botUserId,
    bot_id: seed.botId,
    is_enterprise_install: false,
  };
};

export const peopleMethods: Readonly<Record<string, MethodHandler>> = {
  'users.info': usersInfo,
  'usergroups.users.list': usergroupUsers,
  'conversations.open': conversationsOpen,
  'auth.test': authTest,
};
