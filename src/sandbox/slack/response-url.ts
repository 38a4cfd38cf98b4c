import { randomBytes } from 'node:crypto';
import { blockProblems } from './block-limits';
import { booleanField, isJsonObject, stringField, type JsonObject } from './json';
import type { MessageStore } from './message-store';
import type { ResponseUrlTarget } from './types';
import type { Workspace } from './workspace';

/** Slack lets a response_url be used five times within thirty minutes. */
const MAX_USES = 5;
const LIFETIME_MS = 30 * 60 * 1000;

export interface Registration {
  target: ResponseUrlTarget;
  createdAt: number;
  uses: number;
}

/** Response URLs of a saved sandbox: a job queued before the stop still answers through its URL after. */
export interface SavedResponseUrls {
  registrations: Array<[string, Registration]>;
  counter: number;
}

export interface ResponseUrlOutcome {
  status: number;
  /** Plain-text body, as Slack answers response URLs. */
  text: string;
  /** The same outcome as JSON, for the call record. */
  response: JsonObject;
}

export class ResponseUrls {
  private registrations = new Map<string, Registration>();
  private counter = 0;

  constructor(
    private readonly workspace: Workspace,
    private readonly messages: MessageStore,
  ) {}

  register(target: ResponseUrlTarget): string {
    this.counter += 1;
    const id = `${this.workspace.seed.teamId}/${this.counter}/${randomBytes(6).toString('hex')}`;
    this.registrations.set(id, { target: { ...target }, createdAt: this.workspace.now(), uses: 0 });
    return id;
  }

  clear(): void {
    this.registrations.clear();
  }

  saved(): SavedResponseUrls {
    return { registrations: structuredClone([...this.registrations]), counter: this.counter };
  }

  restore(saved: SavedResponseUrls): void {
    this.registrations = new Map(structuredClone(saved.registrations));
    this.counter = saved.counter;
  }

  /**
   * Shows a slash command's ack (the HTTP answer's text and blocks) to the user alone, as Slack does,
   * and makes it the original of the command's response URL: a later post with replace_original
   * swaps it in place and delete_original removes it, rather than adding a second message. Slack's
   * pages on response URLs describe replace_original for messages with interactive components and do
   * not say it of a slash command's ack; this follows how Slack behaves, not a documented statement.
   */
  showAck(id: string, ack: { text: string; blocks: JsonObject[] }): void {
    const registration = this.registrations.get(id);
    if (registration === undefined) return;
    const ts = this.workspace.nextTs();
    this.messages.addEphemeral({
      channel: registration.target.channel,
      user: registration.target.userId,
      ts,
      text: ack.text,
      blocks: ack.blocks,
      source: 'ack',
    });
    registration.target.ephemeralTs = ts;
  }

  /** Applies a post to a response URL the way Slack would show it. */
  post(id: string, body: JsonObject): ResponseUrlOutcome {
    const registration = this.registrations.get(id);
    if (registration === undefined) return failure(404, 'no_such_response_url');
    if (this.workspace.now() - registration.createdAt > LIFETIME_MS) return failure(404, 'expired_url');
    if (registration.uses >= MAX_USES) return failure(404, 'used_url');
    const blocks = body.blocks;
    if (blocks !== undefined && blockProblems(blocks, 'message').length > 0) return failure(400, 'invalid_blocks');
    registration.uses += 1;
    this.apply(registration.target, body);
    return { status: 200, text: 'ok', response: { ok: true } };
  }

  private apply(target: ResponseUrlTarget, body: JsonObject): void {
    const { channel, messageTs, userId } = target;
    const text = stringField(body, 'text') ?? '';
    const blocks = Array.isArray(body.blocks) ? body.blocks.filter(isJsonObject) : [];
    const hasOriginal = channel !== undefined && messageTs !== undefined && this.messages.has(channel, messageTs);
    const { ephemeralTs } = target;
    if (booleanField(body, 'delete_original')) {
      if (hasOriginal) this.messages.remove(channel, messageTs);
      else if (ephemeralTs !== undefined) this.messages.changeEphemeral(ephemeralTs, undefined);
      return;
    }
    // An ephemeral original (a command's ack) is swapped in place; when it is gone the reply is a new message.
    const replaceEphemeral = booleanField(body, 'replace_original') && !hasOriginal && ephemeralTs !== undefined;
    if (replaceEphemeral && this.messages.changeEphemeral(ephemeralTs, { text, blocks })) return;
    if (booleanField(body, 'replace_original') && hasOriginal) {
      // replace_original swaps the whole message, so absent blocks mean no blocks.
      this.messages.update(channel, messageTs, { text, blocks }, this.workspace.nextTs());
      return;
    }
    const threadTs = stringField(body, 'thread_ts');
    if (stringField(body, 'response_type') === 'in_channel' && channel !== undefined) {
      const { seed } = this.workspace;
      this.messages.add({
        type: 'message',
        channel,
        ts: this.workspace.nextTs(),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text,
        blocks,
        user: seed.botUserId,
        bot_id: seed.botId,
        app_id: seed.appId,
        team: seed.teamId,
        updates: 0,
        source: 'response_url',
      });
      return;
    }
    this.messages.addEphemeral({
      channel,
      user: userId,
      ts: this.workspace.nextTs(),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text,
      blocks,
      source: 'response_url',
    });
  }
}

function failure(status: number, error: string): ResponseUrlOutcome {
  return { status, text: error, response: { ok: false, error } };
}
