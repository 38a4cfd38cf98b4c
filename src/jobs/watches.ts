import type { Item } from '../store/store';
import { messageOf } from './runner';
import type { JobBase } from './types';

/**
 * Watches follow long AWS operations (a snapshot becoming available, a restore's progress) without a
 * process staying alive: each is an item due at its next check, advanced by the `jobs.advance` task,
 * so a restart or a Lambda timeout loses nothing.
 */
export const WATCH_KIND = 'watch';
/** While one check runs, others leave the watch alone for this long. */
const CHECK_LEASE_MS = 5 * 60_000;
const FINISHED_RETENTION_MS = 7 * 24 * 3_600_000;

export interface WatchRecord {
  type: string;
  payload: unknown;
  actor: string;
  startedAt: number;
  /** After this, the handler is told the watch timed out and it ends. */
  deadline: number;
  checks: number;
  status: 'watching' | 'done';
}

export type WatchOutcome = { done: true } | { done: false; nextCheckInMs: number };

export interface WatchCheck {
  watchId: string;
  record: WatchRecord;
  /** True on the last call: the deadline passed; say so to the user and end. */
  timedOut: boolean;
}

/** Checks one watch of a type, with the context C the app runs jobs with (features/types.ts). */
export type WatchHandlerOf<C> = (payload: unknown, context: C & WatchCheck) => Promise<WatchOutcome>;
export type WatchHandlersOf<C> = Readonly<Record<string, WatchHandlerOf<C>>>;

export interface StartWatch {
  id: string;
  type: string;
  payload: unknown;
  actor: string;
  firstCheckInMs: number;
  timeoutMs: number;
}

/** Records a watch; false if one with this id exists already (a retried job starts it once). */
export async function startWatch(context: Pick<JobBase, 'store' | 'clock'>, watch: StartWatch): Promise<boolean> {
  const now = context.clock.now();
  const record: WatchRecord = {
    type: watch.type,
    payload: watch.payload,
    actor: watch.actor,
    startedAt: now,
    deadline: now + watch.timeoutMs,
    checks: 0,
    status: 'watching',
  };
  return context.store.create<WatchRecord>(WATCH_KIND, watch.id, record, { dueAt: now + watch.firstCheckInMs });
}

/** Checks every watch that is due; each check is claimed first, so two ticks never check one watch at once. */
export async function advanceWatches<C extends JobBase>(context: C, handlers: WatchHandlersOf<C>, limit = 50): Promise<string[]> {
  const checked: string[] = [];
  for (const item of await context.store.due<WatchRecord>(WATCH_KIND, context.clock.now(), limit)) {
    if (await checkWatch(item, context, handlers)) checked.push(item.id);
  }
  return checked;
}

async function checkWatch<C extends JobBase>(item: Item<WatchRecord>, context: C, handlers: WatchHandlersOf<C>): Promise<boolean> {
  const { store, clock } = context;
  const now = clock.now();
  const claimed: WatchRecord = { ...item.data, checks: item.data.checks + 1 };
  if (!(await store.update(WATCH_KIND, item.id, item.version, claimed, { dueAt: now + CHECK_LEASE_MS }))) return false;
  const handler = handlers[item.data.type];
  const timedOut = now >= item.data.deadline;
  let outcome: WatchOutcome;
  try {
    if (!handler) throw new Error(`No handler for watch type ${item.data.type}`);
    outcome = await handler(item.data.payload, { ...context, watchId: item.id, record: claimed, timedOut });
  } catch (error) {
    // A failed check (AWS throttled, Slack down) is retried at the next tick; the deadline still ends it.
    context.log(`watch ${item.id} check failed: ${messageOf(error)}`);
    outcome = timedOut ? { done: true } : { done: false, nextCheckInMs: 60_000 };
  }
  const done = outcome.done || timedOut;
  await store.update(
    WATCH_KIND,
    item.id,
    item.version + 1,
    { ...claimed, status: done ? 'done' : 'watching' },
    done
      ? { dueAt: null, expiresAt: clock.now() + FINISHED_RETENTION_MS }
      : { dueAt: clock.now() + (outcome.done ? 0 : outcome.nextCheckInMs) },
  );
  return true;
}
