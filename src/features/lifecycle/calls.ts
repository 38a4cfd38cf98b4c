import { failureRecord, failureText } from '../shared/failure';
import { report, type ProgressPlace } from '../shared/progress-place';
import type { LifecycleOperation } from './types';
import type { WorkContext } from '../types';

/** Kind of the feature's own records in the store. */
export const LIFECYCLE_KIND = 'lifecycle';
const KEPT_MS = 30 * 24 * 3_600_000;

/**
 * Makes one AWS call of an operation at most once: the call is claimed with a conditional create
 * first, so a redelivered job, a second worker or a doubled tick never repeats a DeleteCluster.
 * Every call is audited with what went in and what came back; a fault is explained in the thread.
 */
export async function callOnce(
  context: WorkContext,
  operation: LifecycleOperation,
  place: ProgressPlace,
  call: { name: string; params: Record<string, unknown>; step?: string },
  run: () => Promise<string>,
): Promise<{ outcome: 'called'; state: string } | { outcome: 'already' } | { outcome: 'failed'; error: string }> {
  const id = `call:${operation.action}:${operation.key}:${call.step ?? call.name}`;
  const now = context.clock.now();
  if (!(await context.store.create(LIFECYCLE_KIND, id, { call: call.name, at: now }, { expiresAt: now + KEPT_MS })))
    return { outcome: 'already' };
  const audit = {
    actor: operation.requester,
    action: 'lifecycle.call',
    target: operation.target,
    input: { call: call.name, ...call.params, ...('requestId' in place ? { requestId: place.requestId } : {}) },
  };
  try {
    const state = await run();
    await context.store.appendAudit({ ...audit, result: { state } });
    return { outcome: 'called', state };
  } catch (error) {
    await context.store.appendAudit({ ...audit, result: failureRecord(error) });
    await report(context, place, `:x: ${call.name} on *${operation.target}* failed. ${failureText(error)}`);
    return { outcome: 'failed', error: failureText(error) };
  }
}
