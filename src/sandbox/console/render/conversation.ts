import type { ConsoleMessage, ConsoleState } from '../types';
import { messageBodyToHtml } from './blocks';
import { escapeHtml } from './html';
import { readerFor, type Reader } from './reader';

export interface Viewer {
  /** The person the console acts as. */
  user: string;
  /** The channel or DM shown. */
  conversation: string;
}

/** The messages this person sees in this conversation: everyone's, plus ephemerals meant for them. */
export function visibleMessages(state: ConsoleState, viewer: Viewer): ConsoleMessage[] {
  return state.messages.filter(
    (message) => message.channel === viewer.conversation && (message.onlyFor === undefined || message.onlyFor === viewer.user),
  );
}

/** The conversation as HTML: top-level messages in order, each with its thread's replies beneath it. */
export function conversationToHtml(state: ConsoleState, viewer: Viewer): string {
  const messages = visibleMessages(state, viewer);
  const parents = new Set(
    messages.filter((message) => message.threadTs === undefined || message.threadTs === message.ts).map((message) => message.ts),
  );
  const replies = new Map<string, ConsoleMessage[]>();
  const top: ConsoleMessage[] = [];
  for (const message of messages) {
    const parent = message.threadTs;
    if (parent !== undefined && parent !== message.ts && parents.has(parent))
      replies.set(parent, [...(replies.get(parent) ?? []), message]);
    else top.push(message);
  }
  if (top.length === 0) return '<p class="note empty">Nothing here yet. Type a command below, such as <code>help</code>.</p>';
  const reader = readerFor(state, viewer.user);
  return top.map((message) => messageToHtml(state, reader, message, replies.get(message.ts) ?? [])).join('');
}

function messageToHtml(state: ConsoleState, reader: Reader, message: ConsoleMessage, thread: readonly ConsoleMessage[]): string {
  const isBot = message.author === state.botUserId;
  const author = state.directory.users[message.author] ?? message.author;
  const ephemeral = message.onlyFor !== undefined;
  const classes = ['message', ephemeral ? 'ephemeral' : '', message.kind === 'command' ? 'command-echo' : ''].filter(Boolean).join(' ');
  const body =
    message.kind === 'command'
      ? escapeHtml(message.text)
      : messageBodyToHtml(message.text, message.blocks, { reader, surface: 'message', idPrefix: `m${message.ts.replace('.', '-')}` });
  // A group, not a <section> landmark: a landmark per thread, all named alike, is what landmark-unique flags.
  const threadHtml =
    thread.length === 0
      ? ''
      : `<div class="thread" role="group" aria-label="Thread replies"><p class="thread-title">${thread.length} ${thread.length === 1 ? 'reply' : 'replies'}</p>${thread.map((reply) => messageToHtml(state, reader, reply, [])).join('')}</div>`;
  return (
    `<article class="${classes}" data-message-ts="${escapeHtml(message.ts)}" data-channel="${escapeHtml(message.channel)}"${ephemeral ? ' data-ephemeral="true"' : ''}>` +
    `<div class="avatar${isBot ? '' : ' person'}" aria-hidden="true">${escapeHtml(author.slice(0, 1).toUpperCase())}</div>` +
    `<div><div class="meta"><span class="author">${escapeHtml(author)}</span>${isBot ? '<span class="tag">APP</span>' : ''}` +
    `<time class="time" datetime="${new Date(tsMillis(message.ts)).toISOString()}">${clockTime(tsMillis(message.ts), state.now)}</time>` +
    `${message.edited ? '<span class="edited">(edited)</span>' : ''}</div>` +
    `<div class="body">${body}</div>` +
    `${ephemeral ? '<div class="only-you">Only visible to you</div>' : ''}${threadHtml}</div></article>`
  );
}

function tsMillis(ts: string): number {
  return Math.floor(Number(ts) * 1000);
}

/**
 * HH:MM in UTC (the sandbox's schedules are written in UTC), with the date in front when the message
 * is not from the sandbox clock's today: once the clock has moved days, a bare time would be ambiguous.
 */
export function clockTime(ms: number, now: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? iso.slice(11, 16) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The sandbox clock as the top bar shows it. */
export function clockLabel(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** Human words for a duration the clock moved. */
export function durationLabel(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  // The plural follows the number shown: 25 hours reads "1 day", not "1 days".
  const hours = Number((minutes / 60).toFixed(1));
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Number((minutes / 1440).toFixed(1));
  return `${days} day${days === 1 ? '' : 's'}`;
}
