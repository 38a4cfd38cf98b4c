/**
 * What crosses the wire between the console server and the browser app. No DOM and no Node here:
 * both sides import it.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonMap = { [key: string]: Json };

export interface ConsoleUser {
  id: string;
  /** The handle, e.g. alice. */
  name: string;
  realName: string;
  /** What the switcher shows: the person's part in the sandbox (analyst, approver…). */
  role: string;
  /** Their direct-message channel with the bot. */
  dm: string;
  /** Their IANA time zone, from the Slack seed: Slack shows `<!date^…>` in it. */
  tz: string;
}

export interface ConsoleChannel {
  id: string;
  name: string;
}

export interface ConsoleMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: JsonMap[];
  edited: boolean;
  /** Only this user sees it (ephemeral messages, the echo of their own commands). */
  onlyFor?: string;
  /** Who wrote it: the bot's user id, or the person who typed a command. */
  author: string;
  /** A person's command, shown as they typed it rather than as a bot message. */
  kind: 'bot' | 'command';
}

export interface ConsoleView {
  id: string;
  user: string;
  view: JsonMap;
}

export interface SqlTarget {
  name: string;
  kind: 'provisioned' | 'serverless';
  database: string;
}

/** Names the mrkdwn renderer swaps in for `<@U…>`, `<!subteam^S…>` and `<#C…>`. */
export interface Directory {
  users: Record<string, string>;
  usergroups: Record<string, string>;
  channels: Record<string, string>;
}

export interface ConsoleState {
  /** The sandbox clock, epoch ms. */
  now: number;
  /** How far the console has moved the clock ahead of the wall clock. */
  skippedMs: number;
  botUserId: string;
  users: ConsoleUser[];
  channels: ConsoleChannel[];
  messages: ConsoleMessage[];
  /** Open modals, each user's stack in order (the last one is on top). */
  views: ConsoleView[];
  directory: Directory;
  sqlTargets: SqlTarget[];
  dbUsers: string[];
}

export interface CommandRequest {
  user: string;
  channel: string;
  text: string;
}

/** A click or a pick, in a message (channel + ts) or in a modal (viewId with the form's values). */
export interface ActionRequest {
  user: string;
  actionId: string;
  blockId?: string;
  value?: string;
  selectedOption?: { value: string; text: string };
  channel?: string;
  messageTs?: string;
  /** Set when the action came from an ephemeral message. */
  ephemeral?: boolean;
  viewId?: string;
  values?: ViewValues;
}

/** `view.state.values` as Slack shapes it: block id -> action id -> value object. */
export type ViewValues = Record<string, Record<string, JsonMap>>;

export interface SubmitRequest {
  user: string;
  viewId: string;
  values: ViewValues;
}

export interface SubmitAnswer {
  /** The modal closes (no response_action, or `clear`). */
  closed: boolean;
  /** response_action errors: block id -> message. */
  errors?: Record<string, string>;
}

export interface SuggestRequest {
  user: string;
  actionId: string;
  blockId?: string;
  value: string;
  viewId?: string;
  channel?: string;
  messageTs?: string;
}

export interface SuggestAnswer {
  options: { text: string; value: string }[];
}

export interface SqlRequest {
  target: string;
  dbUser: string;
  sql: string;
}

export type SqlAnswer = { ok: true; columns: string[]; rows: string[][]; command: string; rowCount: number } | { ok: false; error: string };

export interface ClockRequest {
  advanceMs: number;
}

export interface ClockAnswer {
  now: number;
  /** The schedules that ran because they became due, by name. */
  ran: string[];
}
