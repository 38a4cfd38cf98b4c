import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { advanceRun, CHECK_EVERY_MS, finish, PROGRESS_WATCH, QUEUED_WATCH, startNext } from './run';
import { getRun, lockHolder, lockKey, releaseLock } from './runs';
import type { WatchHandler } from '../types';

/** Both watches carry the run they follow. */
const runWatchSchema = z.object({ runId: z.string() });

/** The watches that move a run on: one follows a running run, one waits for a queued run's turn. */
export const progressWatch: WatchHandler = async (payload, context) => {
  const { runId } = readPayload(PROGRESS_WATCH, runWatchSchema, payload);
  if (context.timedOut) {
    const run = (await getRun(context.store, runId))?.data;
    if (run && run.status === 'running')
      return finish(context, run, 'failed', 'it ran longer than the Data API allows (24 h); I stopped following it.');
    return { done: true };
  }
  return advanceRun(context, runId);
};

/** A queued run: start it when the warehouse is free and nobody older waits; a lock whose run ended is cleared. */
export const queuedWatch: WatchHandler = async (payload, context) => {
  const { runId } = readPayload(QUEUED_WATCH, runWatchSchema, payload);
  const run = (await getRun(context.store, runId))?.data;
  if (!run || run.status !== 'queued') return { done: true };
  if (context.timedOut) {
    await finish(context, run, 'failed', 'it waited too long for the VACUUM ahead of it; ask again.');
    return { done: true };
  }
  const key = lockKey(context.config.targets[run.target]);
  const holder = await lockHolder(context.store, key);
  if (holder) {
    const holding = (await getRun(context.store, holder.runId))?.data;
    if (holding && holding.status !== 'succeeded' && holding.status !== 'failed') return { done: false, nextCheckInMs: CHECK_EVERY_MS };
    await releaseLock(context.store, key, holder.runId);
  }
  await startNext(context, key);
  const now = (await getRun(context.store, runId))?.data;
  return now && now.status === 'queued' ? { done: false, nextCheckInMs: CHECK_EVERY_MS } : { done: true };
};
