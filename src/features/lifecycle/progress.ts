import * as z from 'zod/mini';
import { startWatch } from '../../jobs/watches';
import { LIFECYCLE_KIND } from './calls';
import { PROGRESS_WATCH } from './ids';
import { report, type ProgressPlace } from '../shared/progress-place';
import { lifecycleOperationSchema, progressPlaceSchema, type LifecycleOperation } from './types';
import type { WorkContext } from '../types';

/** How often a changing target is looked at, and when we stop watching. */
export const CHECK_EVERY_MS = 30_000;
export const WATCH_TIMEOUT_MS = 3 * 3_600_000;
/** The last state reported of a watch is kept a little longer than the watch can live. */
const SEEN_RETENTION_MS = 24 * 3_600_000;

/** What is followed: a cluster, a workgroup or a namespace, until it is in `until` (or gone). */
export type Step = 'cluster' | 'workgroup' | 'namespace';

export interface ProgressWatch {
  operation: LifecycleOperation;
  place: ProgressPlace;
  step: Step;
  until: string | 'gone';
}

export const progressWatchSchema: z.ZodMiniType<ProgressWatch> = z.object({
  operation: lifecycleOperationSchema,
  place: progressPlaceSchema,
  step: z.enum(['cluster', 'workgroup', 'namespace']),
  until: z.string(),
});

export async function follow(context: WorkContext, watch: ProgressWatch): Promise<void> {
  await startWatch(context, {
    id: `lifecycle:${watch.operation.action}:${watch.operation.key}:${watch.step}`,
    type: PROGRESS_WATCH,
    payload: watch,
    actor: watch.operation.requester,
    firstCheckInMs: CHECK_EVERY_MS,
    timeoutMs: WATCH_TIMEOUT_MS,
  });
}

export async function stateOf(context: WorkContext, watch: ProgressWatch): Promise<string | undefined> {
  const lifecycle = context.lifecycle.get(watch.operation.target);
  if (lifecycle.kind === 'provisioned') return lifecycle.state();
  return watch.step === 'workgroup' ? lifecycle.workgroupState() : lifecycle.namespaceState();
}

/** Each state seen once in the thread: the last reported one is kept beside the watch. */
export async function reportChange(context: WorkContext, watchId: string, watch: ProgressWatch, state: string): Promise<void> {
  const id = `progress:${watchId}`;
  const seen = await context.store.get<{ state: string }>(LIFECYCLE_KIND, id);
  if (seen?.data.state === state) return;
  const written = seen
    ? await context.store.update(LIFECYCLE_KIND, id, seen.version, { state }, { expiresAt: context.clock.now() + SEEN_RETENTION_MS })
    : await context.store.create(LIFECYCLE_KIND, id, { state }, { expiresAt: context.clock.now() + SEEN_RETENTION_MS });
  if (written) await report(context, watch.place, `:hourglass_flowing_sand: ${subject(watch)} is *${state.toLowerCase()}*…`);
}

export function subject(watch: Pick<ProgressWatch, 'operation' | 'step'>): string {
  const target = watch.operation.target;
  return watch.step === 'cluster' ? `*${target}*` : `The ${watch.step} of *${target}*`;
}
