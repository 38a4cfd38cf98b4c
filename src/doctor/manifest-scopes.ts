import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The bot scopes a Slack app manifest asks for (oauth_config.scopes.bot), in order, without repeats. */
export function manifestBotScopes(manifestText: string, source = 'manifest.yml'): string[] {
  let data: unknown;
  try {
    data = parse(manifestText);
  } catch (failure) {
    throw new Error(`${source}: not valid YAML (${failure instanceof Error ? failure.message.split('\n')[0] : String(failure)})`);
  }
  const bot = field(field(field(data, 'oauth_config'), 'scopes'), 'bot');
  if (!Array.isArray(bot) || bot.length === 0) {
    throw new Error(`${source}: oauth_config.scopes.bot is missing or empty; list the bot scopes, such as [commands, chat:write]`);
  }
  const scopes: string[] = [];
  bot.forEach((scope: unknown, index) => {
    if (typeof scope !== 'string' || scope.trim() === '') {
      throw new Error(`${source}: oauth_config.scopes.bot[${index}] is not a scope name; write one such as chat:write`);
    }
    if (!scopes.includes(scope.trim())) scopes.push(scope.trim());
  });
  return scopes;
}

export function loadManifestBotScopes(path = 'manifest.yml'): string[] {
  return manifestBotScopes(readFileSync(path, 'utf8'), path);
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.entries(value).find(([name]) => name === key)?.[1];
}
