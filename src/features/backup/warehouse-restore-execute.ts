import * as z from 'zod/mini';
import type { ProgressState } from '../../approvals/types';
import { readPayload } from '../../jobs/payload';
import { startWatch } from '../../jobs/watches';
import { AwsOperationError } from '../../redshift/errors';
import type { WarehouseRestoreInfo } from '../../redshift/warehouse-restore';
import { failureRecord, failureText } from '../shared/failure';
import { reportProgress } from '../shared/progress';
import { requestWithDetails } from '../shared/request-details';
import { parentMessage, report } from '../shared/progress-place';
import type { JobHandler, WorkContext } from '../types';
import {
  EXECUTE_JOB,
  operationSchema,
  placeSchema,
  RECORD_KIND,
  restoreRequest,
  WATCH,
  type Place,
  type WarehouseRestoreOperation,
} from './warehouse-restore-types';

/**
 * The approved (or approval-free) restore: restoreWarehouse at most once per operation, then a watch
 * posting each state in the thread until the warehouse is available.
 */

export const CHECK_EVERY_MS = 30_000;
export const WATCH_TIMEOUT_MS = 6 * 3_600_000;
const KEPT_MS = 30 * 24 * 3_600_000;

type ExecutePayload = { requestId: string } | { operation: WarehouseRestoreOperation };
const executePayloadSchema: z.ZodMiniType<ExecutePayload> = z.union([
  z.object({ requestId: z.string() }),
  z.object({ operation: operationSchema }),
]);

/** The call's claim: `calling` before the call, `called` or `failed` after; a run finding `calling` lost the answer. */
interface Claim {
  state: 'calling' | 'called' | 'failed';
  at: number;
}

export interface RestoreWatch {
  operation: WarehouseRestoreOperation;
  place: Place;
}
export const watchSchema: z.ZodMiniType<RestoreWatch> = z.object({ operation: operationSchema, place: placeSchema });

async function show(context: WorkContext, place: Place, state: ProgressState, text: string): Promise<void> {
  if ('requestId' in place) await reportProgress(context, [place.requestId], state, text);
}

const what = (operation: WarehouseRestoreOperation) =>
  operation.kind === 'new-cluster' ? `new cluster \`${operation.name}\`` : `namespace \`${operation.name}\` (*${operation.target}*)`;

async function resolve(
  payload: ExecutePayload,
  context: WorkContext,
): Promise<{ operation: WarehouseRestoreOperation; place: Place } | { skipped: string }> {
  if ('requestId' in payload) {
    const request = await requestWithDetails(context.approvals, payload.requestId, operationSchema);
    if (!request) return { skipped: `no request ${payload.requestId}` };
    if (request.status !== 'approved') return { skipped: `request ${payload.requestId} is ${request.status}` };
    return { operation: request.details, place: { requestId: request.id } };
  }
  const { operation } = payload;
  const text = `:package: Restoring \`${operation.source.id}\` into ${what(operation)}, as <@${operation.requester}> confirmed (no approval needed). Progress follows in this thread.`;
  return { operation, place: { thread: await parentMessage(context, operation, text) } };
}

export const executeRestoreClusterJob: JobHandler = async (payload, context) => {
  const resolved = await resolve(readPayload(EXECUTE_JOB, executePayloadSchema, payload), context);
  if ('skipped' in resolved) return resolved;
  const { operation, place } = resolved;
  const id = `call:${operation.key}`;
  const now = context.clock.now();
  const earlier = await context.store.get<Claim>(RECORD_KIND, id);
  if (earlier?.data.state === 'called') {
    await follow(context, { operation, place });
    return { called: false, already: true };
  }
  if (earlier?.data.state === 'failed') return { called: false, failedBefore: true };
  if (!earlier && !(await context.store.create<Claim>(RECORD_KIND, id, { state: 'calling', at: now }, { expiresAt: now + KEPT_MS }))) {
    // Another run claimed it a moment ago: that run makes the call and follows it.
    return { called: false, already: true };
  }
  await show(context, place, 'running', `restoring ${operation.source.id} into ${operation.name}`);
  const backups = context.warehouses.get(operation.target).backups;
  const audit = {
    actor: operation.requester,
    action: 'restore.cluster.call',
    target: operation.target,
    input: {
      source: operation.source,
      name: operation.name,
      key: operation.key,
      ...('requestId' in place ? { requestId: place.requestId } : {}),
    },
  };
  const settle = async (state: Claim['state']) => {
    const current = await context.store.get<Claim>(RECORD_KIND, id);
    if (current) await context.store.update<Claim>(RECORD_KIND, id, current.version, { state, at: now }, { expiresAt: now + KEPT_MS });
  };
  let info: WarehouseRestoreInfo;
  try {
    info = earlier ? await recover(context, operation) : await backups.restoreWarehouse(restoreRequest(operation));
  } catch (error) {
    await settle('failed');
    await context.store.appendAudit({ ...audit, result: failureRecord(error) });
    await report(
      context,
      place,
      `:x: The restore into ${what(operation)} ${earlier ? 'may not have started' : 'did not start'}. ${failureText(error)}`,
    );
    await show(context, place, 'failed', `the restore did not start: ${failureText(error)}`);
    return { called: true, error: failureText(error) };
  }
  await settle('called');
  await context.store.appendAudit({ ...audit, result: { state: info.state, recovered: earlier !== undefined } });
  await report(
    context,
    place,
    `:package: AWS accepted the restore of \`${operation.source.id}\` into ${what(operation)}: now *${info.state.toLowerCase()}*. I'll post each state here until it is available.`,
  );
  await show(context, place, 'running', `restoring into ${operation.name}: ${info.state.toLowerCase()}`);
  await follow(context, { operation, place });
  return { called: true, state: info.state };
};

/**
 * An earlier run claimed the call and its answer was lost. A cluster: asked again, AWS's
 * ClusterAlreadyExists for a cluster being restored from a snapshot is our own restore. A namespace:
 * never asked twice (a second restore would replace data again); a restore under way is ours.
 */
async function recover(context: WorkContext, operation: WarehouseRestoreOperation): Promise<WarehouseRestoreInfo> {
  const backups = context.warehouses.get(operation.target).backups;
  if (operation.kind === 'namespace') {
    const info = await backups.restoreStatus(operation.name);
    if (info.available) {
      throw new Error(
        `The answer to the first attempt was lost, and namespace ${operation.name} shows no restore under way: it is not restored again from here, so its data is never replaced twice. Check its data, and ask again if needed.`,
      );
    }
    return info;
  }
  try {
    return await backups.restoreWarehouse(restoreRequest(operation));
  } catch (error) {
    if (!(error instanceof AwsOperationError) || error.fault !== 'ClusterAlreadyExists') throw error;
    const info = await backups.restoreStatus(operation.name);
    // DescribeClusters names no source snapshot; a cluster with a RestoreStatus was made by a restore, the one this operation claimed.
    if (info.kind !== 'new-cluster' || info.progress === undefined) throw error;
    return info;
  }
}

async function follow(context: WorkContext, watch: RestoreWatch): Promise<void> {
  await startWatch(context, {
    id: `restore-cluster:${watch.operation.key}`,
    type: WATCH,
    payload: watch,
    actor: watch.operation.requester,
    firstCheckInMs: CHECK_EVERY_MS,
    timeoutMs: WATCH_TIMEOUT_MS,
  });
}
