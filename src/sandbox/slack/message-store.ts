import type { EphemeralMessage, StoredMessage } from './types';

/** The read side tests and the console use; copies, so nobody edits the stand-in's state by accident. */
export interface SlackMessages {
  /** Every message still present, in posting order. */
  all(): StoredMessage[];
  /** Messages in one channel (top-level and replies), in posting order. */
  inChannel(channel: string): StoredMessage[];
  /** Messages grouped by channel id. */
  byChannel(): Record<string, StoredMessage[]>;
  get(channel: string, ts: string): StoredMessage | undefined;
  /** Replies to a parent message, in order (the parent excluded). */
  thread(channel: string, threadTs: string): StoredMessage[];
  /** The most recent message in the channel (top-level or reply). */
  latest(channel: string): StoredMessage | undefined;
  ephemerals(filter?: { channel?: string; user?: string }): EphemeralMessage[];
}

/** The messages of a saved sandbox. */
export interface SavedMessages {
  messages: StoredMessage[];
  ephemerals: EphemeralMessage[];
}

export type MessageChange = Partial<Pick<StoredMessage, 'text' | 'blocks' | 'attachments' | 'metadata'>>;

export class MessageStore implements SlackMessages {
  private messages: StoredMessage[] = [];
  private ephemeralMessages: EphemeralMessage[] = [];

  add(message: StoredMessage): StoredMessage {
    this.messages.push(message);
    return structuredClone(message);
  }

  /** Applies the change and marks the message edited; undefined when there is no such message. */
  update(channel: string, ts: string, change: MessageChange, editedTs: string): StoredMessage | undefined {
    const message = this.find(channel, ts);
    if (message === undefined) return undefined;
    if (change.text !== undefined) message.text = change.text;
    if (change.blocks !== undefined) message.blocks = change.blocks;
    if (change.attachments !== undefined) message.attachments = change.attachments;
    if (change.metadata !== undefined) message.metadata = change.metadata;
    message.edited = { user: message.user, ts: editedTs };
    message.updates += 1;
    return structuredClone(message);
  }

  remove(channel: string, ts: string): boolean {
    const before = this.messages.length;
    this.messages = this.messages.filter((message) => !(message.channel === channel && message.ts === ts));
    return this.messages.length !== before;
  }

  has(channel: string, ts: string): boolean {
    return this.find(channel, ts) !== undefined;
  }

  addEphemeral(message: EphemeralMessage): void {
    this.ephemeralMessages.push(message);
  }

  /** Swaps an ephemeral's content in place (replace_original), or removes it when `change` is undefined; false when it is gone. */
  changeEphemeral(ts: string, change: Pick<EphemeralMessage, 'text' | 'blocks'> | undefined): boolean {
    const index = this.ephemeralMessages.findIndex((message) => message.ts === ts);
    if (index < 0) return false;
    if (change === undefined) this.ephemeralMessages.splice(index, 1);
    else this.ephemeralMessages[index] = { ...this.ephemeralMessages[index], text: change.text, blocks: change.blocks };
    return true;
  }

  saved(): SavedMessages {
    return { messages: this.all(), ephemerals: structuredClone(this.ephemeralMessages) };
  }

  restore(saved: SavedMessages): void {
    this.messages = structuredClone(saved.messages);
    this.ephemeralMessages = structuredClone(saved.ephemerals);
  }

  clear(): void {
    this.messages = [];
    this.ephemeralMessages = [];
  }

  all(): StoredMessage[] {
    return structuredClone(this.messages);
  }

  inChannel(channel: string): StoredMessage[] {
    return structuredClone(this.messages.filter((message) => message.channel === channel));
  }

  byChannel(): Record<string, StoredMessage[]> {
    const grouped: Record<string, StoredMessage[]> = {};
    for (const message of this.all()) (grouped[message.channel] ??= []).push(message);
    return grouped;
  }

  get(channel: string, ts: string): StoredMessage | undefined {
    const message = this.find(channel, ts);
    return message === undefined ? undefined : structuredClone(message);
  }

  thread(channel: string, threadTs: string): StoredMessage[] {
    return structuredClone(
      this.messages.filter(
        (message) => message.channel === channel && message.thread_ts === threadTs && message.ts !== threadTs,
      ),
    );
  }

  latest(channel: string): StoredMessage | undefined {
    const inChannel = this.inChannel(channel);
    return inChannel[inChannel.length - 1];
  }

  ephemerals(filter: { channel?: string; user?: string } = {}): EphemeralMessage[] {
    return structuredClone(
      this.ephemeralMessages.filter(
        (message) =>
          (filter.channel === undefined || message.channel === filter.channel) &&
          (filter.user === undefined || message.user === filter.user),
      ),
    );
  }

  private find(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((message) => message.channel === channel && message.ts === ts);
  }
}
