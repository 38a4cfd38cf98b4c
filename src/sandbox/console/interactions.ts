import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock';
import { blockActions, slashCommand, viewSubmission, type JsonObject, type SlackHttpResponse, type SlackRequester, type SlackStandIn } from '../slack';
import { newTriggerId } from '../slack/ids';
import { isJsonObject } from '../slack/json';
import { blockSuggestion } from './block-suggestion';
import type { LocalLog } from './local-log';
import type { ActionRequest, CommandRequest, SubmitAnswer, SubmitRequest, SuggestAnswer, SuggestRequest } from './types';
import type { ViewTracker } from './view-tracker';

export interface InteractionPorts {
  slack: SlackStandIn;
  requester: SlackRequester;
  views: ViewTracker;
  log: LocalLog;
  clock: Clock;
  /** Tells the browsers to refetch (for changes the stand-in does not see). */
  changed(): void;
}

/** Plays Slack towards the bot for a person at the console: commands, clicks, submissions, searches. */
export class Interactions {
  /** Response URL id -> the ephemeral message whose button minted it. */
  private ephemeralOrigins = new Map<string, string>();

  constructor(private readonly ports: InteractionPorts) {
    ports.slack.onCall((call) => {
      if (call.method === 'views.open' || call.method === 'views.push') {
        const view = isJsonObject(call.response.view) ? call.response.view : undefined;
        const trigger = typeof call.body.trigger_id === 'string' ? call.body.trigger_id : undefined;
        if (call.response.ok === true && typeof view?.id === 'string') ports.views.opened(trigger, view.id, call.method === 'views.push');
      }
      // The bot updated a view a response_action had replaced: the stand-in's copy is now the current one.
      if (call.method === 'views.update' && call.response.ok === true && isJsonObject(call.response.view) && typeof call.response.view.id === 'string') {
        ports.views.forgetLocal(call.response.view.id);
      }
      if (call.method === 'response_url' && call.responseUrlId !== undefined) this.followEphemeral(call.responseUrlId, call.body);
    });
  }

  private trigger(user: string): string {
    const id = newTriggerId();
    this.ports.views.rememberTrigger(id, user);
    return id;
  }

  async command(request: CommandRequest): Promise<void> {
    const { slack, requester, log, clock } = this.ports;
    const text = request.text.trim().replace(/^\/redshift\b\s*/, '');
    log.add({ channel: request.channel, text: `/redshift ${text}`, blocks: [], edited: false, onlyFor: request.user, author: request.user, kind: 'command' }, clock.now());
    this.ports.changed();
    const responseUrl = slack.newResponseUrl({ channel: request.channel, userId: request.user });
    const payload = slashCommand({ text, userId: request.user, channelId: request.channel, triggerId: this.trigger(request.user), responseUrl });
    const { text: shown, blocks } = ackContent(await requester.send(payload));
    // Slack shows a slash command's immediate answer to the person only.
    if (shown.trim() !== '' || blocks.length > 0) {
      const ack = log.add({ channel: request.channel, text: shown, blocks, edited: false, onlyFor: request.user, author: slack.seed.botUserId, kind: 'bot' }, clock.now());
      // The ack is the response URL's original: an answer that replaces it ("Checking prod…" -> the report) takes its place.
      this.ephemeralOrigins.set(responseUrlId(responseUrl), ack.ts);
      this.ports.changed();
    }
  }

  async action(request: ActionRequest): Promise<void> {
    const { slack, requester } = this.ports;
    const base = {
      userId: request.user,
      actionId: request.actionId,
      ...(request.blockId !== undefined ? { blockId: request.blockId } : {}),
      ...(request.value !== undefined ? { value: request.value } : {}),
      ...(request.selectedOption !== undefined ? { selectedOption: request.selectedOption } : {}),
      triggerId: this.trigger(request.user),
    };
    if (request.viewId !== undefined) {
      const view = this.viewFor(request.viewId);
      if (view === undefined) throw new ConsoleError(`modal ${request.viewId} is not open`);
      await requester.send(blockActions({ ...base, view: { ...view, state: { values: request.values ?? {} } } }));
      return;
    }
    if (request.channel === undefined || request.messageTs === undefined) throw new ConsoleError('an action needs a message or a modal');
    const message = request.ephemeral ? this.ephemeral(request.messageTs) : slack.messages.get(request.channel, request.messageTs);
    if (message === undefined) throw new ConsoleError('that message is gone');
    const responseUrl = slack.newResponseUrl({ channel: request.channel, userId: request.user, ...(request.ephemeral ? {} : { messageTs: request.messageTs }) });
    if (request.ephemeral) this.ephemeralOrigins.set(responseUrlId(responseUrl), request.messageTs);
    await requester.send(
      blockActions({ ...base, channelId: request.channel, responseUrl, ephemeral: request.ephemeral === true, message: { ...message, channel: request.channel } }),
    );
  }

  async submit(request: SubmitRequest): Promise<SubmitAnswer> {
    const { requester, views } = this.ports;
    const view = this.viewFor(request.viewId);
    if (view === undefined) throw new ConsoleError(`modal ${request.viewId} is not open`);
    const answer = await requester.send(
      viewSubmission({ userId: request.user, callbackId: typeof view.callback_id === 'string' ? view.callback_id : '', values: request.values, view, triggerId: this.trigger(request.user) }),
    );
    const body = isJsonObject(answer.json) ? answer.json : {};
    const action = body.response_action;
    if (action === 'errors' && isJsonObject(body.errors)) {
      const errors: Record<string, string> = {};
      for (const [block, message] of Object.entries(body.errors)) errors[block] = typeof message === 'string' ? message : JSON.stringify(message);
      return { closed: false, errors };
    }
    // Slack keeps an updated view's id and place in the stack; a pushed one sits on the submitted one.
    const rootViewId = typeof view.root_view_id === 'string' ? view.root_view_id : request.viewId;
    if (action === 'update' && isJsonObject(body.view)) {
      const previous = typeof view.previous_view_id === 'string' ? view.previous_view_id : null;
      views.replaceLocally(request.viewId, { ...this.asSlackView(body.view, rootViewId, previous), id: request.viewId });
      this.ports.changed();
      return { closed: false };
    }
    if (action === 'push' && isJsonObject(body.view)) {
      views.pushLocally(request.user, this.asSlackView(body.view, rootViewId, request.viewId));
      this.ports.changed();
      return { closed: false };
    }
    if (action === 'clear') views.closeAll(request.user);
    else views.close(request.user, request.viewId);
    this.ports.changed();
    return { closed: true };
  }

  close(user: string, viewId: string): void {
    this.ports.views.close(user, viewId);
    this.ports.changed();
  }

  async suggest(request: SuggestRequest): Promise<SuggestAnswer> {
    const view = request.viewId === undefined ? undefined : this.viewFor(request.viewId);
    const { channel, messageTs } = request;
    const inMessage = view === undefined && channel !== undefined && messageTs !== undefined;
    const ephemeral = inMessage && this.ports.slack.messages.get(channel, messageTs) === undefined && this.ephemeral(messageTs) !== undefined;
    const answer = await this.ports.requester.send(
      blockSuggestion({
        userId: request.user,
        actionId: request.actionId,
        blockId: request.blockId ?? '',
        value: request.value,
        ...(view !== undefined ? { view } : {}),
        ...(channel !== undefined ? { channelId: channel } : {}),
        ...(inMessage ? { messageTs, ephemeral } : {}),
      }),
    );
    const body = isJsonObject(answer.json) ? answer.json : {};
    const groups = Array.isArray(body.option_groups) ? body.option_groups.filter(isJsonObject).flatMap((group) => (Array.isArray(group.options) ? group.options : [])) : [];
    const options = [...(Array.isArray(body.options) ? body.options : []), ...groups].filter(isJsonObject);
    return { options: options.map((option) => ({ text: isJsonObject(option.text) && typeof option.text.text === 'string' ? option.text.text : String(option.value), value: String(option.value) })) };
  }

  /** A view a response_action put up, with the fields Slack gives every view (as the stand-in's views.open does). */
  private asSlackView(content: JsonObject, rootViewId: string, previousViewId: string | null): JsonObject {
    const { seed } = this.ports.slack;
    const text = (key: string) => (typeof content[key] === 'string' ? content[key] : '');
    return {
      ...content,
      team_id: seed.teamId,
      app_id: seed.appId,
      bot_id: seed.botId,
      callback_id: text('callback_id'),
      private_metadata: text('private_metadata'),
      external_id: text('external_id'),
      state: { values: {} },
      // A new hash, as Slack gives every new version of a view: the browser redraws a modal when it changes.
      hash: `${this.ports.clock.now()}.${randomBytes(4).toString('hex')}`,
      root_view_id: rootViewId,
      previous_view_id: previousViewId,
    };
  }

  private viewFor(viewId: string): JsonObject | undefined {
    return this.ports.views.localView(viewId) ?? this.ports.slack.views.get(viewId);
  }

  private ephemeral(ts: string): { ts: string; text: string; blocks: JsonObject[] } | undefined {
    return this.ports.slack.messages.ephemerals().find((message) => message.ts === ts) ?? this.ports.log.all().find((message) => message.ts === ts);
  }

  /** replace_original/delete_original on an ephemeral: Slack swaps it in place, so the old one goes. */
  private followEphemeral(responseUrlId: string, body: JsonObject): void {
    const origin = this.ephemeralOrigins.get(responseUrlId);
    if (origin === undefined) return;
    if (body.replace_original === true || body.replace_original === 'true' || body.delete_original === true || body.delete_original === 'true') this.ports.log.hide(origin);
  }
}

/** The id in a stand-in response URL (`…/response/<id>`), as its recorded calls name it. */
function responseUrlId(responseUrl: string): string {
  return responseUrl.slice(responseUrl.indexOf('/response/') + '/response/'.length);
}

/** What an ack carried: JSON text and blocks, a plain-text body, or the HTTP failure in words. */
function ackContent(answer: SlackHttpResponse): { text: string; blocks: JsonObject[] } {
  if (answer.status !== 200) return { text: `The app answered HTTP ${answer.status}: ${answer.text}`, blocks: [] };
  if (!isJsonObject(answer.json)) return { text: answer.json === undefined ? answer.text : '', blocks: [] };
  const { text, blocks } = answer.json;
  return { text: typeof text === 'string' ? text : '', blocks: Array.isArray(blocks) ? blocks.filter(isJsonObject) : [] };
}

/** A request the console cannot carry out (a closed modal, a deleted message): a 400, not a crash. */
export class ConsoleError extends Error {}
