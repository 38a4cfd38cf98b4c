import type { WebClient } from '@slack/web-api';
import type { People } from '../config/policies';

/** How long a user group's members are trusted before asking Slack again. */
const GROUP_CACHE_MS = 60_000;

/**
 * Answers "is this Slack user one of these people?" for policies and approver lists, resolving user
 * groups with usergroups.users.list. Checked on every request and click, never only when drawn.
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

  async members(usergroup: string): Promise<Set<string>> {
    const cached = this.groups.get(usergroup);
    if (cached && this.now() - cached.at < GROUP_CACHE_MS) return cached.members;
    const response = await this.slack().usergroups.users.list({ usergroup });
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
