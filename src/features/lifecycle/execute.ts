import { formatUtc } from '../../approvals/text';
import type { ExecutorPayload } from '../../approvals/workflow';
import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import type { ClusterLifecycle, ServerlessLifecycle } from '../../redshift/lifecycle';
import { failureRecord, failureText } from '../shared/failure';
import { callOnce } from './calls';
import { doing, showProgress } from './finish';
import { follow } from './progress';
import { readinessFor } from './readiness';
import { parentMessage, report, type ProgressPlace } from '../shared/progress-place';
import { retentionParam } from './requests';
import { EXECUTE_JOB } from './ids';
import { lifecycleOperationSchema, type LifecycleOperation } from './types';
import type { JobHandler, WorkContext } from '../types';
import { requestWithDetails } from '../shared/request-details';

/** An approval-free operation comes as itself; an approved one as its request's id. */
export type ExecutePayload = ExecutorPayload | { operation: LifecycleOperation };

const executePayloadSchema: z.ZodMiniType<ExecutePayload> = z.union([
  z.object({ requestId: z.string() }),
  z.object({ operation: lifecycleOperationSchema }),
]);

const STARTED: Readonly<Record<LifecycleOperation['action'], string>> = {
  pause: ':double_vertical_bar: Pausing',
  resume: ':arrow_forward: Resuming',
  delete: ':wastebasket: Deleting',
  maintenance: ':calendar: Deferring maintenance of',
};

/**
 * The `lifecycle.execute` job and the approval requests' executor. It looks at the target again
 * first (it may have changed since the preview), makes the call once, and follows it in the thread.
 */
export const executeJob: JobHandler = async (payload, context) => {
  const resolved = await resolve(readPayload(EXECUTE_JOB, executePayloadSchema, payload), context);
  if ('skipped' in resolved) return resolved;
  const { operation, place } = resolved;
  await showProgress(context, place, 'running', doing(operation));
  try {
    // Inside the try: a target removed from chatops.yml since the request is reported, not thrown.
    const target = context.lifecycle.get(operation.target);
    if (target.kind === 'serverless') return await deleteServerless(context, operation, place, target);
    if (operation.action === 'maintenance') return await defer(context, operation, place, target);
    if (operation.action === 'delete') return await deleteCluster(context, operation, place, target);
    return await pauseOrResume(context, operation, operation.action, place, target);
  } catch (error) {
    // Calls report their own faults (callOnce); this is a look at the target or the follow-up failing.
    await context.store.appendAudit({
      actor: operation.requester,
      action: `lifecycle.${operation.action}.failed`,
      target: operation.target,
      input: { key: operation.key },
      result: failureRecord(error),
    });
    await report(
      context,
      place,
      `:x: Could not ${operation.action === 'maintenance' ? 'defer maintenance of' : operation.action} *${operation.target}*: ${failureText(error)} \`/redshift status ${operation.target}\` shows where it stands.`,
    );
    await showProgress(
      context,
      place,
      'failed',
      `could not ${operation.action === 'maintenance' ? 'defer maintenance of' : operation.action} ${operation.target}: ${failureText(error)}`,
    );
    return { done: false, error: failureText(error) };
  }
};

/** After a call: under way with the state AWS answered, or failed with its words (callOnce has said so in the thread). */
async function showCalled(
  context: WorkContext,
  operation: LifecycleOperation,
  place: ProgressPlace,
  name: string,
  result: { outcome: 'called'; state: string } | { outcome: 'already' } | { outcome: 'failed'; error: string },
): Promise<void> {
  if (result.outcome === 'called')
    await showProgress(context, place, 'running', `${doing(operation)}: AWS accepted ${name}, now ${result.state}`);
  if (result.outcome === 'failed') await showProgress(context, place, 'failed', `${name} failed: ${result.error}`);
}

async function resolve(
  payload: ExecutePayload,
  context: WorkContext,
): Promise<{ operation: LifecycleOperation; place: ProgressPlace } | { skipped: string }> {
  if ('requestId' in payload) {
    const request = await requestWithDetails(context.approvals, payload.requestId, lifecycleOperationSchema);
    if (!request) return { skipped: `no request ${payload.requestId}` };
    if (request.status !== 'approved') return { skipped: `request ${payload.requestId} is ${request.status}` };
    return { operation: request.details, place: { requestId: request.id } };
  }
  const operation = payload.operation;
  const thread = await parentMessage(
    context,
    operation,
    `${STARTED[operation.action]} *${operation.target}*, as <@${operation.requester}> confirmed. Progress follows in this thread.`,
  );
  return { operation, place: { thread } };
}

async function pauseOrResume(
  context: WorkContext,
  operation: LifecycleOperation,
  action: 'pause' | 'resume',
  place: ProgressPlace,
  cluster: ClusterLifecycle,
) {
  const status = await context.warehouses.get(operation.target).status();
  const readiness = readinessFor(action, status);
  if (readiness.kind !== 'ready') {
    const text =
      readiness.kind === 'already'
        ? readiness.text
        : `Cannot ${action} *${operation.target}*: ${readiness.problems.join('; ')}. Nothing was called.`;
    await context.store.appendAudit({
      actor: operation.requester,
      action: `lifecycle.${action}.skipped`,
      target: operation.target,
      input: { key: operation.key },
      result: { state: status.state, reason: text },
    });
    await report(context, place, `${readiness.kind === 'already' ? ':information_source:' : ':no_entry:'} ${text}`);
    await showProgress(
      context,
      place,
      readiness.kind === 'already' ? 'done' : 'failed',
      readiness.kind === 'already'
        ? `${operation.target} is already ${status.state}; nothing was called`
        : `cannot ${action}: ${readiness.problems.join('; ')}; nothing was called`,
    );
    return { called: false, state: status.state };
  }
  const name = action === 'pause' ? 'PauseCluster' : 'ResumeCluster';
  const result = await callOnce(context, operation, place, { name, params: { ClusterIdentifier: cluster.cluster } }, () =>
    action === 'pause' ? cluster.pause() : cluster.resume(),
  );
  await showCalled(context, operation, place, name, result);
  if (result.outcome === 'called') {
    await report(
      context,
      place,
      `${STARTED[action]} *${operation.target}*: AWS accepted ${name} (now *${result.state}*). I'll say here when it is ${action === 'pause' ? 'paused' : 'available'}.`,
    );
  }
  if (result.outcome !== 'failed')
    await follow(context, { operation, place, step: 'cluster', until: action === 'pause' ? 'paused' : 'available' });
  return { called: result.outcome === 'called', ...result };
}

async function deleteCluster(context: WorkContext, operation: LifecycleOperation, place: ProgressPlace, cluster: ClusterLifecycle) {
  const final = operation.finalSnapshot ?? { skip: true as const };
  const state = await cluster.state();
  if (state === undefined) {
    await report(context, place, `:information_source: Cluster \`${cluster.cluster}\` no longer exists. Nothing was called.`);
    await showProgress(context, place, 'done', `cluster ${cluster.cluster} no longer exists; nothing was called`);
    return { called: false };
  }
  const params = final.skip
    ? { ClusterIdentifier: cluster.cluster, SkipFinalClusterSnapshot: true }
    : {
        ClusterIdentifier: cluster.cluster,
        FinalClusterSnapshotIdentifier: final.name,
        FinalClusterSnapshotRetentionPeriod: retentionParam(final.retentionDays),
      };
  const result = await callOnce(context, operation, place, { name: 'DeleteCluster', params }, () => cluster.delete(final));
  await showCalled(context, operation, place, 'DeleteCluster', result);
  if (result.outcome === 'called') {
    const snapshot = final.skip ? ':red_circle: without a final snapshot' : `taking final snapshot \`${final.name}\` first`;
    await report(
      context,
      place,
      `${STARTED.delete} cluster \`${cluster.cluster}\` (*${operation.target}*), ${snapshot}: now *${result.state}*.`,
    );
  }
  if (result.outcome !== 'failed') await follow(context, { operation, place, step: 'cluster', until: 'gone' });
  return { called: result.outcome === 'called', ...result };
}

/** Step one of a Serverless deletion: the workgroup. The namespace follows once it is gone. */
async function deleteServerless(
  context: WorkContext,
  operation: LifecycleOperation,
  place: ProgressPlace,
  serverless: ServerlessLifecycle,
) {
  if (operation.action !== 'delete') {
    await report(
      context,
      place,
      `:information_source: *${operation.target}* is Serverless; there is nothing to ${operation.action}. Nothing was called.`,
    );
    await showProgress(
      context,
      place,
      'failed',
      `${operation.target} is Serverless: there is nothing to ${operation.action}; nothing was called`,
    );
    return { called: false };
  }
  if ((await serverless.workgroupState()) === undefined) {
    // Gone already (a previous run got this far): go on with the namespace.
    await follow(context, { operation, place, step: 'workgroup', until: 'gone' });
    return { called: false };
  }
  const result = await callOnce(
    context,
    operation,
    place,
    { name: 'DeleteWorkgroup', params: { workgroupName: serverless.workgroup } },
    () => serverless.deleteWorkgroup(),
  );
  await showCalled(context, operation, place, 'DeleteWorkgroup', result);
  if (result.outcome === 'called') {
    await report(
      context,
      place,
      `${STARTED.delete} *${operation.target}*, step 1 of 2: workgroup \`${serverless.workgroup}\` is *${result.state.toLowerCase()}*. The namespace follows once it is gone.`,
    );
  }
  if (result.outcome !== 'failed') await follow(context, { operation, place, step: 'workgroup', until: 'gone' });
  return { called: result.outcome === 'called', ...result };
}

async function defer(context: WorkContext, operation: LifecycleOperation, place: ProgressPlace, cluster: ClusterLifecycle) {
  const days = operation.deferDays ?? 0;
  let until: Date | undefined;
  const result = await callOnce(
    context,
    operation,
    place,
    {
      name: 'ModifyClusterMaintenance',
      params: { ClusterIdentifier: cluster.cluster, DeferMaintenance: true, DeferMaintenanceDuration: days },
    },
    async () => {
      until = (await cluster.deferMaintenance(days)).until;
      return 'deferred';
    },
  );
  if (result.outcome === 'called') {
    const text = `:calendar: Maintenance of *${operation.target}* is deferred by ${days} day${days === 1 ? '' : 's'}${until ? `, until ${formatUtc(until.getTime())}` : ''}.`;
    await report(context, place, text);
    await showProgress(
      context,
      place,
      'done',
      `maintenance of ${operation.target} deferred by ${days} day${days === 1 ? '' : 's'}${until ? `, until ${formatUtc(until.getTime())}` : ''}`,
    );
    // Approved through a request: the alert it was chosen in says so too.
    if (operation.alert && 'requestId' in place) await report(context, { thread: operation.alert }, text);
  }
  if (result.outcome === 'failed') await showProgress(context, place, 'failed', `ModifyClusterMaintenance failed: ${result.error}`);
  return { called: result.outcome === 'called', until: until?.toISOString() };
}
