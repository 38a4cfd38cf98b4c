import { BOT_SCOPES } from '../../slack/bot-scopes';

/** The workspace the Slack stand-in pretends to be: one team, one bot, a few people and channels. */

export interface SlackSeedUser {
  id: string;
  /** The handle (`user_name` in slash commands, `username` in interactive payloads). */
  name: string;
  realName: string;
  email: string;
  tz: string;
  tzLabel: string;
  /** Seconds from UTC; static, the stand-in does not follow daylight saving. */
  tzOffset: number;
  isBot?: boolean;
  isAdmin?: boolean;
}

export interface SlackSeedChannel {
  id: string;
  name: string;
  /** A private channel: Slack hides it (channel_not_found) from a bot that is not in it. */
  isPrivate?: boolean;
  /** Whether the bot has been invited; default true. Tests take it out with `removeBotFrom`. */
  botIsMember?: boolean;
}

export interface SlackSeed {
  teamId: string;
  teamDomain: string;
  teamName: string;
  appId: string;
  botUserId: string;
  botId: string;
  botName: string;
  users: readonly SlackSeedUser[];
  /** Usergroup id (`S...`) -> member user ids. */
  usergroups: Readonly<Record<string, readonly string[]>>;
  channels: readonly SlackSeedChannel[];
  /** The bot token's scopes, as Slack lists them in the x-oauth-scopes header. */
  scopes: readonly string[];
}

/** Ids tests and the sandbox config refer to by role rather than by spelling. */
export const SANDBOX_USERS = {
  analyst: 'U0ANALYST',
  approver: 'U0APPROVER',
  approver2: 'U0APPROVER2',
  admin: 'U0ADMIN',
  bot: 'U0BOT',
} as const;

export const SANDBOX_CHANNELS = {
  approvals: 'C0APPROVALS',
  alerts: 'C0ALERTS',
  audit: 'C0AUDIT',
  /** Where slash commands are typed unless a test says otherwise. */
  general: 'C0GENERAL',
} as const;

export const SANDBOX_USERGROUPS = {
  dataLeads: 'S0DATALEADS',
} as const;

/** The bot scopes manifest.yml asks for (src/slack/bot-scopes.ts), so the stand-in's token is what a correct install gets. */
export const DEFAULT_BOT_SCOPES: readonly string[] = BOT_SCOPES;

export const defaultSlackSeed: SlackSeed = {
  teamId: 'T0CHATOPS',
  teamDomain: 'chatops-sandbox',
  teamName: 'ChatOps Sandbox',
  appId: 'A0CHATOPS',
  botUserId: SANDBOX_USERS.bot,
  botId: 'B0BOT',
  botName: 'redshift-chatops',
  users: [
    {
      id: SANDBOX_USERS.analyst,
      name: 'alice',
      realName: 'Alice Analyst',
      email: 'alice@example.com',
      tz: 'Europe/Paris',
      tzLabel: 'Central European Time',
      tzOffset: 3600,
    },
    {
      id: SANDBOX_USERS.approver,
      name: 'bob',
      realName: 'Bob Approver',
      email: 'bob@example.com',
      tz: 'America/New_York',
      tzLabel: 'Eastern Standard Time',
      tzOffset: -18000,
    },
    {
      id: SANDBOX_USERS.approver2,
      name: 'carol',
      realName: 'Carol Approver',
      email: 'carol@example.com',
      tz: 'Asia/Tokyo',
      tzLabel: 'Japan Standard Time',
      tzOffset: 32400,
    },
    {
      id: SANDBOX_USERS.admin,
      name: 'dana',
      realName: 'Dana Admin',
      email: 'dana@example.com',
      tz: 'Europe/London',
      tzLabel: 'Greenwich Mean Time',
      tzOffset: 0,
      isAdmin: true,
    },
  ],
  usergroups: {
    [SANDBOX_USERGROUPS.dataLeads]: [SANDBOX_USERS.approver, SANDBOX_USERS.approver2],
  },
  channels: [
    { id: SANDBOX_CHANNELS.approvals, name: 'redshift-approvals' },
    { id: SANDBOX_CHANNELS.alerts, name: 'redshift-alerts' },
    { id: SANDBOX_CHANNELS.audit, name: 'redshift-audit' },
    { id: SANDBOX_CHANNELS.general, name: 'general' },
  ],
  scopes: DEFAULT_BOT_SCOPES,
};

/** The bot is a user too (users.info on it works), whatever users the caller seeds. */
function botUser(seed: SlackSeed): SlackSeedUser {
  return {
    id: seed.botUserId,
    name: seed.botName,
    realName: 'Redshift ChatOps',
    email: '',
    tz: 'America/Los_Angeles',
    tzLabel: 'Pacific Standard Time',
    tzOffset: -28800,
    isBot: true,
  };
}

export function findSeedUser(seed: SlackSeed, userId: string): SlackSeedUser | undefined {
  if (userId === seed.botUserId) return botUser(seed);
  return seed.users.find((user) => user.id === userId);
}
