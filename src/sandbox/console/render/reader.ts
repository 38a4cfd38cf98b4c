import type { ConsoleState, Directory } from '../types';

/** Who reads a text: the names shown for ids, and the zone and time "now" that Slack's dates are shown in. */
export interface Reader {
  directory: Directory;
  /** IANA zone of the person reading (the seed users each have one), as Slack shows dates in the reader's zone. */
  timeZone: string;
  /** The sandbox clock, epoch ms: "today" and "tomorrow" are counted from it, not from the wall clock. */
  now: number;
}

/** The reader the console acts as; someone the seed does not know reads in UTC. */
export function readerFor(state: ConsoleState, user: string): Reader {
  const timeZone = state.users.find((candidate) => candidate.id === user)?.tz ?? 'UTC';
  return { directory: state.directory, timeZone, now: state.now };
}
