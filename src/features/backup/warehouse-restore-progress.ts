import { readPayload } from '../../jobs/payload';
import type { WarehouseRestoreInfo } from '../../redshift/warehouse-restore';
import { failureText } from '../shared/failure';
import { mbText } from '../shared/figures';
import { reportProgress } from '../shared/progress';
import { report } from '../shared/progress-place';
import type { WatchHandler, WorkContext } from '../types';
import { WATCH_TIMEOUT_MS, CHECK_EVERY_MS, watchSchema, type RestoreWatch } from './warehouse-restore-execute';
import { hourlyCost, reminderText } from './warehouse-restore-preview';
import { RECORD_KIND, WATCH } from './warehouse-restore-types';

const SEEN_KEPT_MS = 24 * 3_600_000;

/** "restoring, 120 MB of 480 MB" — AWS's state word, with Cluster.RestoreStatus's figures when it gives them. */
export function stateWords(info: WarehouseRestoreInfo): string {
  const state = info.state.toLowerCase();
  if (info.kind !== 'new-cluster' || !info.progress) return state;
  const { status, progressMb, snapshotSizeMb } = info.progress;
  const loaded =
    progressMb !== undefined && snapshotSizeMb !== undefined ? `, ${mbText(progressMb)} of ${mbText(snapshotSizeMb)} loaded` : '';
  return status && status !== state ? `${state} (restore ${status}${loaded})` : `${state}${loaded}`;
}

/** A new cluster whose restore AWS reports failed; the reference names `failed` among RestoreStatus.Status values. */
function failed(info: WarehouseRestoreInfo): boolean {
  return info.kind === 'new-cluster' && (info.progress?.status === 'failed' || info.state.toLowerCase().startsWith('incompatible'));
}

/** Posts a state once per watch: the last one posted is kept beside the watch. */
async function postChange(context: WorkContext, watchId: string, watch: RestoreWatch, words: string): Promise<void> {
  const id = `seen:${watchId}`;
  const seen = await context.store.get<{ state: string }>(RECORD_KIND, id);
  if (seen?.data.state === words) return;
  const expiresAt = context.clock.now() + SEEN_KEPT_MS;
  const written = seen
    ? await context.store.update(RECORD_KIND, id, seen.version, { state: words }, { expiresAt })
    : await context.store.create(RECORD_KIND, id, { state: words }, { expiresAt });
  if (written) await report(context, watch.place, `:hourglass_flowing_sand: \`${watch.operation.name}\` is *${words}*…`);
}

export const restoreClusterWatch: WatchHandler = async (payload, context) => {
  const watch = readPayload(WATCH, watchSchema, payload);
  const { operation, place } = watch;
  const requests = 'requestId' in place ? [place.requestId] : [];
  let info: WarehouseRestoreInfo;
  try {
    info = await context.warehouses.get(operation.target).backups.restoreStatus(operation.name);
  } catch (error) {
    // A read that failed (throttling, a network fault) is tried again at the next check.
    context.log(`restore cluster ${operation.name}: could not read its state: ${failureText(error)}`);
    return context.timedOut ? { done: true } : { done: false, nextCheckInMs: CHECK_EVERY_MS };
  }
  if (info.available) {
    await finish(context, watch, info);
    return { done: true };
  }
  const words = stateWords(info);
  await postChange(context, context.watchId, watch, words);
  await reportProgress(context, requests, 'running', `restoring into ${operation.name}: ${words}`);
  if (failed(info)) {
    await report(
      context,
      place,
      `:x: The restore into \`${operation.name}\` failed: AWS reports it *${words}*. \`/redshift status\` and the AWS console show more.`,
    );
    await reportProgress(context, requests, 'failed', `the restore into ${operation.name} failed: ${words}`);
    await context.store.appendAudit({
      actor: 'system',
      action: 'restore.cluster.failed',
      target: operation.target,
      input: { key: operation.key, name: operation.name },
      result: { state: info.state },
    });
    return { done: true };
  }
  if (context.timedOut) {
    await report(
      context,
      place,
      `:hourglass: \`${operation.name}\` is still *${words}* after ${WATCH_TIMEOUT_MS / 3_600_000} hours; I stopped watching. The AWS console shows where it is.`,
    );
    return { done: true };
  }
  return { done: false, nextCheckInMs: CHECK_EVERY_MS };
};

async function finish(context: WorkContext, watch: RestoreWatch, info: WarehouseRestoreInfo): Promise<void> {
  const { operation, place } = watch;
  const requests = 'requestId' in place ? [place.requestId] : [];
  const endpoint = info.endpoint
    ? `\`${info.endpoint.address}${info.endpoint.port !== undefined ? `:${info.endpoint.port}` : ''}\``
    : 'not reported yet';
  if (info.kind === 'new-cluster') {
    await report(
      context,
      place,
      `:white_check_mark: New cluster \`${operation.name}\` is *available* (${info.nodes ?? '?'} × ${info.nodeType ?? 'unknown node type'}), restored from \`${operation.source.id}\`. Endpoint: ${endpoint}. *${operation.target}* was not touched.`,
    );
    const configured = Object.values(context.config.targets).some((t) => t.kind === 'provisioned' && t.cluster === operation.name);
    await report(
      context,
      place,
      reminderText(operation, hourlyCost(info.nodeType, info.nodes, context.config.cost.prices.nodeHour), configured),
    );
  } else {
    await report(
      context,
      place,
      `:white_check_mark: Namespace \`${operation.name}\` (*${operation.target}*) is *available* again, now holding the data of \`${operation.source.id}\`. Workgroup \`${info.workgroup}\` endpoint: ${endpoint}.`,
    );
  }
  await reportProgress(context, requests, 'done', `${operation.name} is available, restored from ${operation.source.id}`);
  await context.store.appendAudit({
    actor: 'system',
    action: 'restore.cluster.done',
    target: operation.target,
    input: { key: operation.key, name: operation.name, source: operation.source },
    result: { state: info.state, endpoint: info.endpoint?.address },
  });
}
