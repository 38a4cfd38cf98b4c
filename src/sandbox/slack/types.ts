import type { JsonObject } from './json';

/** One request the stand-in received, as the app sent it and as the stand-in answered it. */
export interface RecordedCall {
  /** 1, 2, 3... in arrival order; keeps counting across reset(). */
  seq: number;
  /** The Web API method (`chat.postMessage`), or `response_url` for posts to a response URL. */
  method: string;
  /** Decoded arguments; blocks, attachments, view and metadata are parsed to objects. */
  body: JsonObject;
  /** The bearer token (or body `token`) the call carried, if any. */
  token?: string;
  /** Stand-in clock time (ms) when the call arrived. */
  at: number;
  /** What the stand-in answered (the Web API JSON; `{ ok: true }` for response URLs). */
  response: JsonObject;
  /** For `response_url` calls: the id in `/response/<id>`. */
  responseUrlId?: string;
}

/** A message as it now stands in a channel: latest content after chat.update. */
export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  /** Set on threaded replies: the parent's ts. */
  thread_ts?: string;
  text: string;
  blocks: JsonObject[];
  attachments?: JsonObject[];
  metadata?: JsonObject;
  /** The bot user that posted it. */
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  reply_broadcast?: boolean;
  /** Present once the message has been updated (chat.update or replace_original). */
  edited?: { user: string; ts: string };
  /** How many times it was updated; 0 for an untouched message. */
  updates: number;
  /** Which way it arrived. */
  source: 'chat.postMessage' | 'response_url';
}

/** A message only one user sees: chat.postEphemeral, or an ephemeral response_url reply. */
export interface EphemeralMessage {
  channel: string | undefined;
  user: string | undefined;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: JsonObject[];
  /** `ack`: a slash command's immediate answer, which Slack shows to the user alone. */
  source: 'chat.postEphemeral' | 'response_url' | 'ack';
}

/**
 * What a response URL is attached to, so that `replace_original` and `delete_original` act on the
 * right message and `in_channel` replies land in the right channel. All optional: an unattached URL
 * still records the call.
 */
export interface ResponseUrlTarget {
  channel?: string;
  /** The message a block action came from (the `original` of replace_original/delete_original). */
  messageTs?: string;
  /** The user who triggered the interaction; ephemeral replies go to them. */
  userId?: string;
  /** The ephemeral the URL's replace_original/delete_original acts on: a slash command's shown ack (ResponseUrls.showAck). */
  ephemeralTs?: string;
}

export type CallListener = (call: RecordedCall) => void;
