import type { App } from '@slack/bolt';
import { describePeople } from '../../approvals/people';
import { checkPolicy } from '../../approvals/policy';
import { openWithinLimit } from '../../approvals/limits';
import { RECOVERY_POINT_PATTERN } from '../../commands/args';
import { readPayload } from '../../jobs/payload';
import { bestEffort } from '../../slack/best-effort';
import { failureRecord, failureText } from '../shared/failure';
import { safeJson } from '../shared/json';
import { reply } from '../shared/reply';
import { codeSpan } from '../../slack-text';
import type { AppPorts, JobHandler } from '../types';
import { lookUp } from './warehouse-restore-command';
import { approvalsFor, callsFor, commandRefusal, previewLines } from './warehouse-restore-preview';
import {
  CANCEL_ACTION,
  CONFIRM_ACTION,
  CONFIRM_VALID_MS,
  confirmTokenSchema,
  EXECUTE_JOB,
  OPEN_JOB,
  operationSchema,
  tokenProblem,
  type WarehouseRestoreOperation,
} from './warehouse-restore-types';

/**
 * The preview's Confirm: checked again for whoever clicks (policy, target, name, age), then one
 * approval request per preview (its key), however often and by whomever it is clicked.
 */
export function registerRestoreClusterConfirm(app: App, ports: AppPorts): void {
  app.action(CONFIRM_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const say = (text: string, replace = false) =>
      bestEffort(
        'the answer to a restore Confirm',
        () => respond({ response_type: 'ephemeral', replace_original: replace, text }),
        (m) => ports.logger.warn(`restore cluster: ${m}`),
      );
    const token = confirmTokenSchema.safeParse(safeJson(action.value));
    if (!token.success || !Object.prototype.hasOwnProperty.call(ports.config.targets, token.data.t)) {
      await say(
        ':warning: This button no longer matches chatops.yml (unknown target). Nothing was restored; run `/redshift restore cluster` again.',
      );
      return;
    }
    const { t: target, s: source, r: recoveryPoint, n: name, k: key, at } = token.data;
    const user = body.user.id;
    const refuse = async (reason: string) => {
      await ports.store.appendAudit({
        actor: user,
        action: 'restore.cluster.refused',
        target,
        input: { source, name, key, via: 'confirm' },
        result: { reason },
      });
      await say(`:no_entry: ${reason}`);
    };
    // A forged token is refused before anything is checked or said about what it holds.
    const forged = tokenProblem(token.data, ports.clock.now());
    if (forged) {
      return refuse(
        `This button's value is not one a preview carries (${forged}). Nothing was restored; run \`/redshift restore cluster\` again.`,
      );
    }
    if (ports.clock.now() - at > CONFIRM_VALID_MS) {
      return refuse(
        `This preview is more than ${CONFIRM_VALID_MS / 60_000} minutes old and may no longer be true. Nothing was restored; run the command again for a fresh preview.`,
      );
    }
    const refusal = commandRefusal(
      target,
      ports.config.targets[target],
      source,
      name,
      recoveryPoint || RECOVERY_POINT_PATTERN.test(source),
    );
    if (refusal) return refuse(refusal);
    const decision = await checkPolicy('restore', ports.config.policies.restore, user, ports.people);
    if (!decision.allowed) return refuse(`${decision.message} Nothing was restored.`);
    const operation: WarehouseRestoreOperation = {
      target,
      kind: ports.config.targets[target].kind === 'provisioned' ? 'new-cluster' : 'namespace',
      source: { kind: recoveryPoint ? 'recovery-point' : 'snapshot', id: source },
      name,
      requester: user,
      key,
      channelId: body.channel?.id ?? user,
      ...(body.response_url ? { replyTo: { responseUrl: body.response_url } } : {}),
    };
    const { created } = await ports.jobs.enqueue({
      idempotencyKey: `restore-cluster-open:${key}`,
      type: OPEN_JOB,
      payload: operation,
      actor: user,
    });
    if (!created) {
      await say(':information_source: This restore was confirmed already; it is not started twice.');
      return;
    }
    await ports.store.appendAudit({
      actor: user,
      action: 'restore.cluster.confirm',
      target,
      input: { source, name, key },
      result: { confirmed: true },
    });
    await say(
      `:hourglass_flowing_sand: Confirmed: restoring ${codeSpan(source)} into ${codeSpan(name)}; checking it again and asking approvers as policies.restore says…`,
      true,
    );
  });
  app.action(CANCEL_ACTION, async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: true, text: 'Cancelled; nothing was restored.' });
  });
}

/** Looks again (the source may be gone, the name taken since the preview), then asks approvers or runs at once. */
export const openRestoreClusterJob: JobHandler = async (payload, context) => {
  const operation = readPayload(OPEN_JOB, operationSchema, payload);
  const { replyTo } = operation;
  const tell = (text: string) =>
    replyTo ? bestEffort('the reply to the requester', () => reply(context.slack, replyTo, { text }), context.log) : Promise.resolve();
  const audit = {
    actor: operation.requester,
    target: operation.target,
    input: { source: operation.source, name: operation.name, key: operation.key },
  };
  try {
    const plan = await lookUp(context, operation, tell);
    if ('refusal' in plan) return { opened: false, refused: plan.refusal };
    const policy = context.config.policies.restore;
    const approvals = approvalsFor(operation.kind, policy);
    if (approvals.count === 0) {
      await context.jobs.enqueue({
        idempotencyKey: `restore-cluster:${operation.key}`,
        type: EXECUTE_JOB,
        payload: { operation },
        actor: operation.requester,
      });
      return { opened: false, running: true };
    }
    const target = context.config.targets[operation.target];
    const request = await openWithinLimit(
      () =>
        context.approvals.open(
          {
            action: 'restore.cluster',
            requester: operation.requester,
            target: operation.target,
            title:
              operation.kind === 'new-cluster'
                ? `<@${operation.requester}> asks to restore ${operation.source.id} of ${operation.target} into a new cluster ${operation.name}`
                : `<@${operation.requester}> asks to REPLACE the data of namespace ${operation.name} (${operation.target}) with ${operation.source.id}`,
            summary: [
              // The preview's lines but its last (how many approvals), which the approvers line below says.
              ...previewLines(operation.target, plan, context.config.cost.prices.nodeHour, approvals).slice(0, -1),
              `*Who:* <@${operation.requester}>`,
              `*Approvers:* ${describePeople(policy.approvers)}; ${approvals.count} needed (${approvals.why}); the requester cannot approve.`,
            ],
            willRun: callsFor(operation, target),
            details: operation,
            approvers: policy.approvers,
            approvalsRequired: approvals.count,
            breakGlassAllowed: false,
            executor: EXECUTE_JOB,
            idempotencyKey: `restore-cluster:${operation.key}`,
          },
          context.slack,
        ),
      tell,
      context.log,
    );
    if (!request) return { opened: false, refused: 'open-limit' };
    await context.store.appendAudit({
      ...audit,
      action: 'restore.cluster.request',
      result: { requestId: request.id, approvalsRequired: request.approvalsRequired },
    });
    await tell(
      `:incoming_envelope: Asked for approval (request \`${request.id}\`): ${request.approvalsRequired} approval${request.approvalsRequired === 1 ? '' : 's'} from different people in <#${context.config.channels.approvals}>. Progress follows in its thread once approved.`,
    );
    return { requestId: request.id };
  } catch (error) {
    await context.store.appendAudit({ ...audit, action: 'restore.cluster.request.failed', result: failureRecord(error) });
    await tell(`:x: The restore was not asked for: ${failureText(error)} Nothing was restored; try again.`);
    return { opened: false, error: failureText(error) };
  }
};
