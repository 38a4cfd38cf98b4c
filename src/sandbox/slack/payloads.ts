import { findAction } from './blocks';
import { newEventId, newTriggerId, newViewId, slackTs } from './ids';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import { defaultSlackSeed, findSeedUser, SANDBOX_CHANNELS } from './seed';
import type { ViewStateValues } from './view-values';

/**
 * Request bodies exactly as Slack sends them to an app: slash commands form-encoded, interactions as
 * a form with one `payload=` JSON field, events as JSON. Sign them with signSlackRequest.
 */

export type SlackContentType = 'application/x-www-form-urlencoded' | 'application/json';

export interface SlackPayload {
  /** The raw body to send (and to sign). */
  body: string;
  contentType: SlackContentType;
  /** The same content as an object (the form fields, the interaction payload or the event envelope). */
  data: JsonObject;
}

/** The deprecated verification token Slack still includes; Bolt ignores it. */
export const SANDBOX_VERIFICATION_TOKEN = 'sandbox-verification-token';

const seed = defaultSlackSeed;

function userName(userId: string): string {
  return findSeedUser(seed, userId)?.name ?? userId.toLowerCase();
}

function channelName(channelId: string): string {
  if (channelId.startsWith('D')) return 'directmessage';
  return seed.channels.find((channel) => channel.id === channelId)?.name ?? channelId.toLowerCase();
}

function form(fields: Record<string, string>): SlackPayload {
  return {
    body: new URLSearchParams(fields).toString(),
    contentType: 'application/x-www-form-urlencoded',
    data: { ...fields },
  };
}

function interaction(payload: JsonObject): SlackPayload {
  return {
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    data: payload,
  };
}

function json(envelope: JsonObject): SlackPayload {
  return { body: JSON.stringify(envelope), contentType: 'application/json', data: envelope };
}

function userJson(userId: string, teamId: string): JsonObject {
  const name = userName(userId);
  return { id: userId, username: name, name, team_id: teamId };
}

export interface SlashCommandInput {
  text: string;
  userId: string;
  userName?: string;
  /** Defaults to the sandbox's #general. */
  channelId?: string;
  teamId?: string;
  triggerId?: string;
  responseUrl: string;
  command?: string;
}

export function slashCommand(input: SlashCommandInput): SlackPayload {
  const teamId = input.teamId ?? seed.teamId;
  const channelId = input.channelId ?? SANDBOX_CHANNELS.general;
  return form({
    token: SANDBOX_VERIFICATION_TOKEN,
    team_id: teamId,
    team_domain: seed.teamDomain,
    channel_id: channelId,
    channel_name: channelName(channelId),
    user_id: input.userId,
    user_name: input.userName ?? userName(input.userId),
    command: input.command ?? '/redshift',
    text: input.text,
    api_app_id: seed.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? newTriggerId(),
  });
}

/** A message as the app posted it; a StoredMessage from the stand-in fits. */
export interface MessageLike {
  ts: string;
  text?: string;
  blocks?: readonly JsonValue[];
  thread_ts?: string;
  channel?: string;
  user?: string;
  bot_id?: string;
}

export interface BlockActionsInput {
  userId: string;
  actionId: string;
  /** Defaults to the block holding actionId in the message/view blocks. */
  blockId?: string;
  /** Defaults to the button's value in the message/view blocks. */
  value?: string;
  /** Makes the action a select (static_select unless the element says otherwise). */
  selectedOption?: { value: string; text?: string };
  /** The message whose button was clicked. */
  message?: MessageLike;
  /** The message was ephemeral (container.is_ephemeral). */
  ephemeral?: boolean;
  /** Defaults to message.channel. */
  channelId?: string;
  /** Slack sends none for actions inside a modal. */
  responseUrl?: string;
  triggerId?: string;
  /** The modal the action happened in (a view from the stand-in fits). */
  view?: JsonObject;
  teamId?: string;
  /** Milliseconds for action_ts; defaults to now. */
  at?: number;
}

function messageJson(message: MessageLike, teamId: string): JsonObject {
  const json: JsonObject = {
    type: 'message',
    user: message.user ?? seed.botUserId,
    bot_id: message.bot_id ?? seed.botId,
    app_id: seed.appId,
    team: teamId,
    ts: message.ts,
    text: message.text ?? '',
    blocks: [...(message.blocks ?? [])],
  };
  if (message.thread_ts !== undefined) json.thread_ts = message.thread_ts;
  return json;
}

function actionJson(input: BlockActionsInput, blocks: readonly JsonValue[] | undefined): JsonObject {
  const found = findAction(blocks, input.actionId);
  const element = found?.element ?? {};
  const action: JsonObject = {
    action_id: input.actionId,
    block_id: input.blockId ?? found?.blockId ?? 'actions',
    action_ts: slackTs(input.at ?? Date.now()),
  };
  if (input.selectedOption !== undefined) {
    const { value, text } = input.selectedOption;
    action.type = typeof element.type === 'string' && element.type !== 'button' ? element.type : 'static_select';
    action.selected_option = { text: { type: 'plain_text', text: text ?? value, emoji: true }, value };
    return action;
  }
  action.type = 'button';
  if (isJsonObject(element.text)) action.text = element.text;
  const value = input.value ?? (typeof element.value === 'string' ? element.value : undefined);
  if (value !== undefined) action.value = value;
  if (typeof element.style === 'string') action.style = element.style;
  return action;
}

export function blockActions(input: BlockActionsInput): SlackPayload {
  const teamId = input.teamId ?? seed.teamId;
  const payload: JsonObject = {
    type: 'block_actions',
    user: userJson(input.userId, teamId),
    api_app_id: seed.appId,
    token: SANDBOX_VERIFICATION_TOKEN,
    trigger_id: input.triggerId ?? newTriggerId(),
    team: { id: teamId, domain: seed.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
  };
  let blocks: readonly JsonValue[] | undefined;
  if (input.view !== undefined) {
    const view = input.view;
    blocks = Array.isArray(view.blocks) ? view.blocks : undefined;
    payload.container = { type: 'view', view_id: typeof view.id === 'string' ? view.id : newViewId() };
    payload.view = view;
    payload.state = isJsonObject(view.state) ? view.state : { values: {} };
  } else {
    const channelId = input.channelId ?? input.message?.channel ?? SANDBOX_CHANNELS.general;
    payload.channel = { id: channelId, name: channelName(channelId) };
    payload.state = { values: {} };
    if (input.message !== undefined) {
      blocks = input.message.blocks;
      payload.message = messageJson(input.message, teamId);
      payload.container = {
        type: 'message',
        message_ts: input.message.ts,
        channel_id: channelId,
        is_ephemeral: input.ephemeral === true,
        ...(input.message.thread_ts !== undefined ? { thread_ts: input.message.thread_ts } : {}),
      };
    }
  }
  if (input.responseUrl !== undefined) payload.response_url = input.responseUrl;
  payload.actions = [actionJson(input, blocks)];
  return interaction(payload);
}

export interface ViewSubmissionInput {
  userId: string;
  callbackId: string;
  privateMetadata?: string;
  values: ViewStateValues;
  viewId?: string;
  triggerId?: string;
  /** The modal being submitted (a view from the stand-in fits); its blocks and title come along. */
  view?: JsonObject;
  teamId?: string;
}

export function viewSubmission(input: ViewSubmissionInput): SlackPayload {
  const teamId = input.teamId ?? seed.teamId;
  const base = input.view ?? {};
  const viewId = input.viewId ?? (typeof base.id === 'string' ? base.id : newViewId());
  const view: JsonObject = {
    type: 'modal',
    blocks: [],
    title: { type: 'plain_text', text: 'Modal' },
    ...base,
    id: viewId,
    team_id: teamId,
    callback_id: input.callbackId,
    private_metadata: input.privateMetadata ?? (typeof base.private_metadata === 'string' ? base.private_metadata : ''),
    state: { values: input.values },
    hash: typeof base.hash === 'string' ? base.hash : `${Date.now()}.${viewId}`,
    root_view_id: typeof base.root_view_id === 'string' ? base.root_view_id : viewId,
    previous_view_id: typeof base.previous_view_id === 'string' ? base.previous_view_id : null,
    app_id: seed.appId,
    bot_id: seed.botId,
    external_id: typeof base.external_id === 'string' ? base.external_id : '',
  };
  return interaction({
    type: 'view_submission',
    team: { id: teamId, domain: seed.teamDomain },
    user: userJson(input.userId, teamId),
    api_app_id: seed.appId,
    token: SANDBOX_VERIFICATION_TOKEN,
    trigger_id: input.triggerId ?? newTriggerId(),
    view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

/** An Events API delivery; `event` is the inner event (app_mention, message, ...). */
export function eventCallback(event: JsonObject, eventId: string = newEventId(), at: number = Date.now()): SlackPayload {
  return json({
    token: SANDBOX_VERIFICATION_TOKEN,
    team_id: seed.teamId,
    api_app_id: seed.appId,
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(at / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: seed.teamId,
        user_id: seed.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  });
}
