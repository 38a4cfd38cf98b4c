import { readerFor, type Reader } from '../render/reader';
import type { ConsoleState, ConsoleView } from '../types';

/** What the app's parts share: the latest state and who is looking at what. */
export interface AppContext {
  state: ConsoleState | undefined;
  /** The person the console acts as. */
  user: string;
  /** The channel or DM shown. */
  conversation: string;
  /** response_action errors per modal, until the next submission. */
  errors: Map<string, Record<string, string>>;
  /** Asks for a fresh state and redraws. */
  refresh(): void;
}

/** The person the console acts as, as a reader of the bot's text (before the first state: UTC, no names). */
export function readerOf(context: AppContext): Reader {
  return context.state === undefined
    ? { directory: { users: {}, usergroups: {}, channels: {} }, timeZone: 'UTC', now: Date.now() }
    : readerFor(context.state, context.user);
}

/** The modal on top of this person's stack, if any. */
export function topView(context: AppContext): ConsoleView | undefined {
  const mine = context.state?.views.filter((view) => view.user === context.user) ?? [];
  return mine[mine.length - 1];
}
