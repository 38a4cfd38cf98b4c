import type { JsonObject } from '../json';
import type { MessageStore } from '../message-store';
import type { TokenScopes } from '../scopes';
import type { StoredMessage } from '../types';
import type { ViewStore } from '../view-store';
import type { Workspace } from '../workspace';

/** What a Web API method handler may read and change. */
export interface MethodContext {
  workspace: Workspace;
  messages: MessageStore;
  views: ViewStore;
  /** The calling bot token's scopes. */
  scopes: TokenScopes;
}

/** Handlers answer with the Web API JSON, `ok: false` included; they never throw for API errors. */
export type MethodHandler = (context: MethodContext, args: JsonObject) => JsonObject;

export function fail(error: string, problems: readonly string[] = []): JsonObject {
  if (problems.length === 0) return { ok: false, error };
  return { ok: false, error, response_metadata: { messages: problems.map((problem) => `[ERROR] ${problem}`) } };
}

/** A stored message in the shape Slack returns it (`message` in chat.* answers). */
export function messageJson(message: StoredMessage): JsonObject {
  const json: JsonObject = {
    type: message.type,
    text: message.text,
    user: message.user,
    bot_id: message.bot_id,
    app_id: message.app_id,
    team: message.team,
    ts: message.ts,
    blocks: message.blocks,
  };
  if (message.thread_ts !== undefined) json.thread_ts = message.thread_ts;
  if (message.attachments !== undefined) json.attachments = message.attachments;
  if (message.metadata !== undefined) json.metadata = message.metadata;
  if (message.edited !== undefined) json.edited = { ...message.edited };
  return json;
}
