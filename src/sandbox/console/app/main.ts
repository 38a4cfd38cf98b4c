import { clockLabel, conversationToHtml, durationLabel, visibleMessages } from '../render/conversation';
import { escapeHtml } from '../render/html';
import { api } from './api';
import { wireActions } from './actions';
import { watchServer } from './connection';
import type { AppContext } from './context';
import { byId, errorText, redrawKeepingFocus, toast } from './dom';
import { renderModal, wireModal } from './modal';
import { renderSqlPickers, wireSqlPanel } from './sql-panel';

/** The console's browser side: fetch the state, draw it, redraw on every change the server announces. */

const stored = (key: string, fallback: string) => window.localStorage.getItem(key) ?? fallback;

/** How many messages each conversation had when this person last looked, for the unread marks. */
const seen = new Map<string, number>();

const context: AppContext = {
  state: undefined,
  user: stored('console.user', 'U0ANALYST'),
  conversation: stored('console.conversation', 'C0GENERAL'),
  errors: new Map(),
  refresh: () => void load(),
};

let loading: Promise<void> | undefined;
let again = false;

/** One fetch at a time; changes during a fetch cause exactly one more. */
async function load(): Promise<void> {
  if (loading !== undefined) {
    again = true;
    return loading;
  }
  loading = (async () => {
    do {
      again = false;
      try {
        context.state = await api.state();
        render();
      } catch (error) {
        toast(`Lost the sandbox: ${errorText(error)}`);
      }
    } while (again);
  })();
  await loading;
  loading = undefined;
}

function conversationName(id: string): string {
  const state = context.state;
  if (state === undefined) return id;
  const channel = state.channels.find((candidate) => candidate.id === id);
  if (channel !== undefined) return `#${channel.name}`;
  return `Direct messages with ${state.directory.users[state.botUserId] ?? 'the bot'}`;
}

function renderUsers(): void {
  const select = byId<HTMLSelectElement>('as-user');
  const state = context.state;
  if (state === undefined || select.options.length > 0) return;
  select.innerHTML = state.users
    .map((user) => `<option value="${escapeHtml(user.id)}">${escapeHtml(`${user.realName} (${user.role})`)}</option>`)
    .join('');
  select.value = context.user;
}

function conversationButton(id: string, label: string): string {
  const state = context.state;
  const count = state === undefined ? 0 : visibleMessages(state, { user: context.user, conversation: id }).length;
  const current = id === context.conversation;
  if (current) seen.set(id, count);
  const unread = Math.max(0, count - (seen.get(id) ?? count));
  const badge = unread > 0 ? `<span class="badge" aria-label="${unread} new">${unread}</span>` : '';
  return `<li><button type="button" data-conversation="${escapeHtml(id)}" aria-current="${current}" class="${unread > 0 ? 'unread' : ''}">${escapeHtml(label)}${badge}</button></li>`;
}

function renderSidebar(): void {
  const state = context.state;
  if (state === undefined) return;
  const me = state.users.find((user) => user.id === context.user);
  // What was there when this person first looked counts as read; only what comes later is marked.
  for (const id of [...state.channels.map((channel) => channel.id), ...(me === undefined ? [] : [me.dm])]) {
    if (!seen.has(id)) seen.set(id, visibleMessages(state, { user: context.user, conversation: id }).length);
  }
  redrawKeepingFocus(byId('channel-list'), state.channels.map((channel) => conversationButton(channel.id, `# ${channel.name}`)).join(''));
  redrawKeepingFocus(
    byId('dm-list'),
    me === undefined ? '' : conversationButton(me.dm, state.directory.users[state.botUserId] ?? 'redshift-chatops'),
  );
}

function renderMessages(): void {
  const state = context.state;
  if (state === undefined) return;
  const list = byId<HTMLDivElement>('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  redrawKeepingFocus(list, conversationToHtml(state, { user: context.user, conversation: context.conversation }));
  if (atBottom) list.scrollTop = list.scrollHeight;
  byId('conversation-title').textContent = conversationName(context.conversation);
  const me = state.users.find((user) => user.id === context.user);
  byId('conversation-note').textContent =
    me === undefined ? '' : `You are ${me.realName} (@${me.name}, ${me.role}); dates in messages show in your time zone, ${me.tz}.`;
}

function render(): void {
  const state = context.state;
  if (state === undefined) return;
  renderUsers();
  // A DM belongs to one person; switching people leaves the old one's DM.
  if (context.conversation.startsWith('D') && !state.users.some((user) => user.id === context.user && user.dm === context.conversation)) {
    context.conversation = state.users.find((user) => user.id === context.user)?.dm ?? 'C0GENERAL';
  }
  renderSidebar();
  renderMessages();
  byId('clock-now').textContent =
    `Sandbox time ${clockLabel(state.now)}${state.skippedMs > 0 ? ` (+${durationLabel(state.skippedMs)})` : ''}`;
  renderSqlPickers(state);
  renderModal(context);
}

function wire(): void {
  byId<HTMLSelectElement>('as-user').addEventListener('change', (event) => {
    context.user = (event.target as HTMLSelectElement).value;
    window.localStorage.setItem('console.user', context.user);
    seen.clear();
    render();
  });
  for (const list of ['channel-list', 'dm-list']) {
    byId(list).addEventListener('click', (event) => {
      const button = event.target instanceof HTMLElement ? event.target.closest<HTMLButtonElement>('button[data-conversation]') : null;
      if (button === null) return;
      context.conversation = button.dataset.conversation ?? context.conversation;
      window.localStorage.setItem('console.conversation', context.conversation);
      render();
      byId('command-input').focus();
    });
  }
  byId<HTMLFormElement>('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>('command-input');
    const text = input.value.trim();
    if (text === '') return;
    input.value = '';
    api.command({ user: context.user, channel: context.conversation, text }).catch((error: unknown) => toast(errorText(error)));
  });
  byId('advance-clock').addEventListener('click', () => {
    const by = Number(byId<HTMLSelectElement>('advance-by').value);
    api
      .clock(by)
      .then((answer) =>
        toast(`Clock advanced ${durationLabel(by)}; ${answer.ran.length === 0 ? 'no schedule was due' : `ran ${answer.ran.join(', ')}`}`),
      )
      .catch((error: unknown) => toast(errorText(error)));
  });
  wireActions(context);
  wireModal(context);
  wireSqlPanel();
  watchServer(() => void load());
}

wire();
void load();
