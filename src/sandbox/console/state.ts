import { SANDBOX_USERS, type SlackStandIn, type StoredMessage } from '../slack';
import type { LocalLog } from './local-log';
import type { ConsoleMessage, ConsoleState, ConsoleUser, ConsoleView, JsonMap, SqlTarget } from './types';
import type { ViewTracker } from './view-tracker';

/** The parts each sandbox person plays, in the switcher's order. */
const ROLES: ReadonlyArray<[string, string]> = [
  [SANDBOX_USERS.analyst, 'analyst'],
  [SANDBOX_USERS.approver, 'approver'],
  [SANDBOX_USERS.approver2, 'second approver'],
  [SANDBOX_USERS.admin, 'admin'],
];

export interface StateSources {
  slack: SlackStandIn;
  views: ViewTracker;
  log: LocalLog;
  clock: { now(): number; skippedMs: number };
  sqlTargets: SqlTarget[];
  dbUsers: string[];
}

/**
 * Everything the browser draws, in one answer: the browser refetches it on every change rather
 * than patching, which keeps the two sides from disagreeing.
 */
export function consoleState(sources: StateSources): ConsoleState {
  const { slack, views, log, clock } = sources;
  const seed = slack.seed;
  const dm = (id: string) => `D${id.replace(/^[UW]/, '')}`;
  const users: ConsoleUser[] = ROLES.flatMap(([id, role]) => {
    const user = seed.users.find((candidate) => candidate.id === id);
    return user === undefined ? [] : [{ id, name: user.name, realName: user.realName, role, dm: dm(id), tz: user.tz }];
  });
  const fromSlack = slack.messages.all().map(botMessage);
  const ephemerals: ConsoleMessage[] = slack.messages
    .ephemerals()
    .filter((message) => message.channel !== undefined && !log.isHidden(message.ts))
    .map((message) => ({
      channel: message.channel ?? '',
      ts: message.ts,
      ...(message.thread_ts !== undefined ? { threadTs: message.thread_ts } : {}),
      text: message.text,
      blocks: message.blocks as JsonMap[],
      edited: false,
      ...(message.user !== undefined ? { onlyFor: message.user } : {}),
      author: seed.botUserId,
      kind: 'bot' as const,
    }));
  const messages = [...fromSlack, ...ephemerals, ...log.all()].sort((a, b) => Number(a.ts) - Number(b.ts));
  const openViews: ConsoleView[] = views.open().flatMap(([user, id]) => {
    const view = views.localView(id) ?? slack.views.get(id);
    return view === undefined ? [] : [{ id, user, view: view as JsonMap }];
  });
  const userNames: Record<string, string> = { [seed.botUserId]: seed.botName };
  for (const user of seed.users) userNames[user.id] = user.name;
  const channelNames: Record<string, string> = {};
  for (const channel of seed.channels) channelNames[channel.id] = channel.name;
  const usergroups: Record<string, string> = {};
  for (const id of Object.keys(seed.usergroups)) usergroups[id] = id === 'S0DATALEADS' ? 'data-leads' : id.toLowerCase();
  return {
    now: clock.now(),
    skippedMs: clock.skippedMs,
    botUserId: seed.botUserId,
    users,
    channels: seed.channels.map((channel) => ({ id: channel.id, name: channel.name })),
    messages,
    views: openViews,
    directory: { users: userNames, usergroups, channels: channelNames },
    sqlTargets: sources.sqlTargets,
    dbUsers: sources.dbUsers,
  };
}

function botMessage(message: StoredMessage): ConsoleMessage {
  return {
    channel: message.channel,
    ts: message.ts,
    ...(message.thread_ts !== undefined ? { threadTs: message.thread_ts } : {}),
    text: message.text,
    blocks: message.blocks as JsonMap[],
    edited: message.updates > 0,
    author: message.user,
    kind: 'bot',
  };
}
