import type { ProgressState } from '../../approvals/types';
import { readPayload } from '../../jobs/payload';
import { reportProgress } from '../shared/progress';
import { failureText } from '../shared/failure';
import { callOnce } from './calls';
import { PROGRESS_WATCH } from './ids';
import {
  follow,
  reportChange,
  stateOf,
  subject,
  WATCH_TIMEOUT_MS,
  CHECK_EVERY_MS,
  progressWatchSchema,
  type ProgressWatch,
} from './progress';
import { report, type ProgressPlace } from '../shared/progress-place';
import { retentionParam } from './requests';
import type { LifecycleOperation } from './types';
import type { WatchHandler, WorkContext } from '../types';

/** How the approval message's status names an operation under way. */
export function doing(operation: Pick<LifecycleOperation, 'action' | 'target'>): string {
  const verb = { pause: 'pausing', resume: 'resuming', delete: 'deleting', maintenance: 'deferring maintenance of' }[operation.action];
  return `${verb} ${operation.target}`;
}

/** The approval message's status, for an operation approved through a request (an approval-free one has no such message). */
export async function showProgress(context: WorkContext, place: ProgressPlace, state: ProgressState, text: string): Promise<void> {
  if ('requestId' in place) await reportProgress(context, [place.requestId], state, text);
}

/** The `lifecycle.progress` watch: reports each state in the thread, and what comes after each step. */
export const progressWatch: WatchHandler = async (payload, context) => {
  const watch = readPayload(PROGRESS_WATCH, progressWatchSchema, payload);
  const state = await stateOf(context, watch);
  const arrived = watch.until === 'gone' ? state === undefined : state?.toLowerCase() === watch.until.toLowerCase();
  if (arrived) {
    await stepDone(context, watch);
    return { done: true };
  }
  if (state !== undefined) {
    await reportChange(context, context.watchId, watch, state);
    await showProgress(
      context,
      watch.place,
      'running',
      `${doing(watch.operation)}: ${watch.step === 'cluster' ? 'the cluster' : `the ${watch.step}`} is ${state}`,
    );
  }
  if (context.timedOut) {
    await report(
      context,
      watch.place,
      `:hourglass: ${subject(watch)} is still *${state ?? 'unknown'}* after ${WATCH_TIMEOUT_MS / 3_600_000} hours; I stopped watching. \`/redshift status ${watch.operation.target}\` shows where it is.`,
    );
    await showProgress(
      context,
      watch.place,
      'running',
      `${doing(watch.operation)}: still ${state ?? 'unknown'} after ${WATCH_TIMEOUT_MS / 3_600_000} hours; no longer watched`,
    );
    await context.store.appendAudit({
      actor: 'system',
      action: `lifecycle.${watch.operation.action}.timeout`,
      target: watch.operation.target,
      input: { step: watch.step },
      result: { state },
    });
  }
  return { done: false, nextCheckInMs: CHECK_EVERY_MS };
};

async function stepDone(context: WorkContext, watch: ProgressWatch): Promise<void> {
  const { operation, place } = watch;
  if (watch.step === 'workgroup') return deleteNamespace(context, watch);
  const final = operation.finalSnapshot;
  let text: string;
  let done: string;
  if (operation.action === 'delete') {
    const snapshot =
      final && !final.skip
        ? await context.warehouses
            .get(operation.target)
            .getSnapshot(final.name)
            .catch((error: unknown) => {
              // The deletion is done either way; the message then says the snapshot was not found.
              context.log(`lifecycle ${operation.target}: could not look up the final snapshot ${final.name}: ${failureText(error)}`);
              return undefined;
            })
        : undefined;
    const what = watch.step === 'namespace' ? 'Step 2 of 2 done: namespace' : 'Cluster';
    const kept =
      !final || final.skip
        ? 'No final snapshot was taken, as chosen.'
        : snapshot
          ? `Final snapshot \`${final.name}\` is *${snapshot.status}*.`
          : `:warning: Final snapshot \`${final.name}\` was not found; check \`/redshift snapshot list\`.`;
    text = `:white_check_mark: ${what} of *${operation.target}* is deleted. ${kept}`;
    done = `${operation.target} is deleted${!final || final.skip ? ', without a final snapshot' : snapshot ? `; final snapshot ${final.name} is ${snapshot.status}` : `; final snapshot ${final.name} was not found`}`;
  } else {
    const resume = `\`/redshift resume ${operation.target}\``;
    text =
      operation.action === 'pause'
        ? `:white_check_mark: *${operation.target}* is paused. Storage still bills; ${resume} starts it again.`
        : `:white_check_mark: *${operation.target}* is available again.`;
    done = `${operation.target} is ${operation.action === 'pause' ? 'paused' : 'available again'}`;
  }
  await context.store.appendAudit({
    actor: 'system',
    action: `lifecycle.${operation.action}.done`,
    target: operation.target,
    input: { key: operation.key, step: watch.step },
    result: { finalSnapshot: final && !final.skip ? final.name : undefined },
  });
  await report(context, place, text);
  await showProgress(context, place, 'done', done);
}

/** Step two of a Serverless deletion, once the workgroup is gone: the namespace, with its final snapshot. */
async function deleteNamespace(context: WorkContext, watch: ProgressWatch): Promise<void> {
  const { operation, place } = watch;
  const lifecycle = context.lifecycle.get(operation.target);
  if (lifecycle.kind !== 'serverless') return;
  const final = operation.finalSnapshot ?? { skip: true as const };
  await report(
    context,
    place,
    `:white_check_mark: Step 1 of 2 done: workgroup \`${lifecycle.workgroup}\` is deleted. Deleting namespace \`${lifecycle.namespace}\` now.`,
  );
  await showProgress(context, place, 'running', `${doing(operation)}: workgroup deleted; deleting namespace ${lifecycle.namespace}`);
  const params = final.skip
    ? { namespaceName: lifecycle.namespace }
    : {
        namespaceName: lifecycle.namespace,
        finalSnapshotName: final.name,
        finalSnapshotRetentionPeriod: retentionParam(final.retentionDays),
      };
  const result = await callOnce(context, operation, place, { name: 'DeleteNamespace', params }, () => lifecycle.deleteNamespace(final));
  if (result.outcome === 'called') {
    await report(
      context,
      place,
      `:wastebasket: Namespace \`${lifecycle.namespace}\` is *${result.state.toLowerCase()}*${final.skip ? ' (:red_circle: no final snapshot)' : `; final snapshot \`${final.name}\` taken first`}.`,
    );
  }
  if (result.outcome === 'failed') await showProgress(context, place, 'failed', `DeleteNamespace failed: ${result.error}`);
  else await follow(context, { operation, place, step: 'namespace', until: 'gone' });
}
