import type { WebClient } from '@slack/web-api';
import type { People } from '../config/policies';
import { busyAware } from '../slack/fail-fast';

/** How long a user group's members are trusted before asking Slack again. */
const GROUP_CACHE_MS = 60_000;

/**
 * Answers "is this Slack user one of these people?" for policies and approver lists, resolving user
 * groups with usergroups.users.list. Checked on every request and click, never only when drawn.
 * The client it is given is the fail-fast one: a rate-limited or slow lookup ends at once with a
 * SlackBusyError rather than holding a command's or click's answer past Slack's 3 s.
 */
export class PeopleResolver {
  private readonly groups = new Map<string, { members: Set<string>; at: number }>();

  constructor(
    private readonly slack: () => WebClient,
    private readonly now: () => number,
  ) {}

  async includes(people: People, userId: string): Promise<boolean> {
    if (people.everyone || people.users.includes(userId)) return true;
    for (const group of people.usergroups) {
      if ((await this.members(group)).has(userId)) return true;
    }
    return false;
  }

  /**
   * The answer from chatops.yml and still-fresh cached groups alone: true or false, or undefined
   * when Slack must be asked. Listeners use it to ack first when a lookup is needed.
   */
  knownWithoutSlack(people: People, userId: string): boolean | undefined {
    if (people.everyone || people.users.includes(userId)) return true;
    let unknown = false;
    for (const group of people.usergroups) {
      const cached = this.groups.get(group);
      if (!cached || this.now() - cached.at >= GROUP_CACHE_MS) unknown = true;
      else if (cached.members.has(userId)) return true;
    }
    return unknown ? undefined : false;
  }

  async members(usergroup: string): Promise<Set<string>> {
    const cached = this.groups.get(usergroup);
    if (cached && this.now() - cached.at < GROUP_CACHE_MS) return cached.members;
    const response = await busyAware('usergroups.users.list', () => this.slack().usergroups.users.list({ usergroup }));
    const members = new Set(response.users ?? []);
    this.groups.set(usergroup, { members, at: this.now() });
    return members;
  }
}

/** `<@U1>, <@U2> or members of <!subteam^S1>` — who a policy names, for refusals. */
export function describePeople(people: People): string {
  if (people.everyone) return 'everyone';
  const names = [...people.users.map((user) => `<@${user}>`), ...people.usergroups.map((group) => `members of <!subteam^${group}>`)];
  if (names.length === 0) return 'nobody';
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
