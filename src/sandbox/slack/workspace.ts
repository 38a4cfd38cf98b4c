import type { Clock } from '../../clock';
import { findSeedUser, type SlackSeed, type SlackSeedChannel, type SlackSeedUser } from './seed';

export interface SavedWorkspace {
  groupDms: Array<[string, string]>;
  lastTsMicros: number;
}

/**
 * Who and where: users, channels, direct messages and message timestamps. Knows nothing about
 * HTTP or message content.
 */
export class Workspace {
  private lastTsMicros = 0;
  private groupDms = new Map<string, string>();
  private botChannels: Set<string>;

  constructor(
    readonly seed: SlackSeed,
    private readonly clock: Clock,
  ) {
    this.botChannels = this.seededBotChannels();
  }

  /**
   * Slack message ts: seconds with six decimals, unique and increasing. Follows the clock, but moves
   * on by 100µs whenever the clock has not advanced (a ManualClock in tests).
   */
  nextTs(): string {
    const candidate = Math.floor(this.clock.now()) * 1000;
    this.lastTsMicros = candidate > this.lastTsMicros ? candidate : this.lastTsMicros + 100;
    const seconds = Math.floor(this.lastTsMicros / 1_000_000);
    const micros = this.lastTsMicros % 1_000_000;
    return `${seconds}.${String(micros).padStart(6, '0')}`;
  }

  now(): number {
    return this.clock.now();
  }

  user(userId: string): SlackSeedUser | undefined {
    return findSeedUser(this.seed, userId);
  }

  /** A user's direct-message channel with the bot; the same id every time (U0ANALYST -> D0ANALYST). */
  dmChannelFor(userId: string): string {
    return `D${userId.replace(/^[UW]/, '')}`;
  }

  /** A stable id for a group DM among these users (order does not matter). */
  groupDmFor(userIds: readonly string[]): string {
    const key = [...userIds].sort().join(',');
    let id = this.groupDms.get(key);
    if (id === undefined) {
      id = `G${String(this.groupDms.size + 1).padStart(8, '0')}`;
      this.groupDms.set(key, id);
    }
    return id;
  }

  /**
   * What Slack would post into for this `channel` argument: a channel id, `#name` or name, a user id
   * (their DM) or a DM/group DM id. Undefined means channel_not_found.
   */
  resolveChannel(raw: string | undefined): string | undefined {
    if (raw === undefined || raw.length === 0) return undefined;
    const name = raw.startsWith('#') ? raw.slice(1) : raw;
    const channel = this.seed.channels.find((candidate) => candidate.id === raw || candidate.name === name);
    if (channel !== undefined) return channel.id;
    if (this.user(raw) !== undefined) return this.dmChannelFor(raw);
    const dmOwner = this.allUsers().find((user) => this.dmChannelFor(user.id) === raw);
    if (dmOwner !== undefined) return raw;
    if ([...this.groupDms.values()].includes(raw)) return raw;
    return undefined;
  }

  channelName(channelId: string): string | undefined {
    return this.channel(channelId)?.name;
  }

  /** A seeded channel (not a DM) by id. */
  channel(channelId: string): SlackSeedChannel | undefined {
    return this.seed.channels.find((channel) => channel.id === channelId);
  }

  isBotMember(channelId: string): boolean {
    return this.botChannels.has(channelId);
  }

  /** Invite the bot to a seeded channel, or take it out (what `/invite` and `/remove` do in Slack). */
  setBotMember(channelId: string, member: boolean): void {
    if (this.channel(channelId) === undefined) throw new Error(`${channelId} is not a channel of the stand-in`);
    if (member) this.botChannels.add(channelId);
    else this.botChannels.delete(channelId);
  }

  /** What a saved sandbox keeps: group DM ids, and the last ts so new messages still sort after the old. */
  saved(): SavedWorkspace {
    return { groupDms: [...this.groupDms], lastTsMicros: this.lastTsMicros };
  }

  restore(saved: SavedWorkspace): void {
    this.groupDms = new Map(saved.groupDms);
    this.lastTsMicros = saved.lastTsMicros;
  }

  reset(): void {
    this.groupDms.clear();
    this.botChannels = this.seededBotChannels();
  }

  private seededBotChannels(): Set<string> {
    return new Set(this.seed.channels.filter((channel) => channel.botIsMember !== false).map((channel) => channel.id));
  }

  private allUsers(): SlackSeedUser[] {
    const bot = this.user(this.seed.botUserId);
    return bot === undefined ? [...this.seed.users] : [...this.seed.users, bot];
  }
}
