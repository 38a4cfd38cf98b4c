import type { JsonObject } from './json';

/**
 * The bot-token scopes each Web API method accepts, any one of them enough (Slack's method pages,
 * "Scopes: Bot token"). Methods left out need none (auth.test, views.*). conversations.info lists
 * every type here; its handler asks for the one that fits the channel.
 */
export const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'users.info': ['users:read'],
  'usergroups.users.list': ['usergroups:read'],
  'conversations.open': ['channels:manage', 'groups:write', 'im:write', 'mpim:write'],
  'conversations.info': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
};

/** The bot token's scopes now: the seeded ones less those a test dropped. */
export class TokenScopes {
  private dropped = new Set<string>();

  constructor(private readonly seeded: readonly string[]) {}

  list(): string[] {
    return this.seeded.filter((scope) => !this.dropped.has(scope));
  }

  has(scope: string): boolean {
    return this.seeded.includes(scope) && !this.dropped.has(scope);
  }

  drop(scope: string): void {
    this.dropped.add(scope);
  }

  reset(): void {
    this.dropped.clear();
  }

  /** Slack's answer when the token has none of `accepted`: what was needed and what the token has. */
  missing(accepted: readonly string[]): JsonObject | undefined {
    if (accepted.length === 0 || accepted.some((scope) => this.has(scope))) return undefined;
    return { ok: false, error: 'missing_scope', needed: accepted.join(','), provided: this.list().join(',') };
  }
}
