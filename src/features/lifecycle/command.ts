import type { types } from '@slack/bolt';
import { recordFormOrigin } from '../shared/form-origin';
import type { ReplyTo } from '../shared/reply';
import type { AppPorts, CommandContext, CommandOf } from '../types';
import { deleteModal, finalSnapshotName } from './delete-modal';
import { permitted, policyNeedsSlack } from './permission';
import { openViewAfterAck } from '../shared/open-view';
import { serverlessPauseText } from './preview';
import { PREVIEW_JOB, type PreviewJob } from '../shared/lifecycle-preview';
import { shortKey } from '../shared/short-key';
import { targetModal } from './target-modal';

export interface LifecycleAsk {
  action: 'pause' | 'resume' | 'delete';
  target: string;
  user: string;
  channelId: string;
  /** The Slack request's key: a retry of it starts the same work. */
  requestKey: string;
  replyTo: ReplyTo;
  /** Typed as a command: the preview takes the place of the "Looking at …" answer (never so for a click on a shared message). */
  replacesAck?: boolean;
}

/**
 * What a request for a target leads to, the same typed or picked in a form: who may ask is checked
 * first; Serverless pause/resume is explained (no AWS); delete opens the typed-name form; pause and
 * resume look at the cluster in a job, so no AWS call is made on the ack path.
 */
export async function startLifecycle(ports: AppPorts, ask: LifecycleAsk): Promise<{ text: string } | { view: types.ModalView }> {
  const { action, target: targetName, user } = ask;
  const target = ports.config.targets[targetName];
  const decision = await permitted(ports, action, user, targetName);
  if (!decision.allowed) {
    return { text: `:no_entry: ${decision.message} Nothing was run.` };
  }
  if (action !== 'delete' && target.kind === 'serverless') {
    await ports.store.appendAudit({ actor: user, action: `lifecycle.${action}.serverless`, target: targetName, result: { called: false } });
    return { text: serverlessPauseText(action, targetName, target.workgroup) };
  }
  if (action === 'delete') {
    const generated = finalSnapshotName(targetName, new Date(ports.clock.now()), ask.requestKey);
    await ports.store.appendAudit({
      actor: user,
      action: 'lifecycle.delete.form',
      target: targetName,
      input: { generatedSnapshot: generated },
    });
    // The form carries a token; the channel stays with the bot (shared/form-origin).
    const origin = await recordFormOrigin(ports, user, ask.channelId);
    return { view: deleteModal(targetName, target, generated, origin, ports.config.policies.delete.skipFinalSnapshotExtraApproval) };
  }
  const job: PreviewJob = {
    action,
    target: targetName,
    requester: user,
    key: shortKey(ask.requestKey),
    replyTo: ask.replyTo,
    ...(ask.replacesAck ? { replacesAck: true } : {}),
  };
  await ports.jobs.enqueue({ idempotencyKey: ask.requestKey, type: PREVIEW_JOB, payload: job, actor: user });
  return { text: `:mag: Looking at *${targetName}* before you ${action} it…` };
}

/**
 * `/redshift pause|resume|delete [target]`; with several targets and none named, a form asks which.
 * Acked before any Slack call: when the policy names usergroups Slack must be asked about, the
 * command is acked at once and answered through the response URL; forms open after the ack
 * through the fail-fast client.
 */
export async function handleLifecycle(context: CommandContext<CommandOf<LifecycleAsk['action']>>): Promise<void> {
  const { command, ports, ack, userId, channelId } = context;
  const action = command.verb;
  const target = command.target;
  const tell = (text: string) => context.respond({ response_type: 'ephemeral', text });
  const log = (message: string) => ports.logger.warn(`lifecycle: ${message}`);
  if (!target) {
    await ack();
    const origin = await recordFormOrigin(ports, userId, channelId);
    await openViewAfterAck(
      context.client,
      context.triggerId,
      targetModal(Object.keys(ports.config.targets), { action, origin }),
      tell,
      log,
    );
    return;
  }
  const ask: LifecycleAsk = {
    action,
    target,
    user: userId,
    channelId,
    requestKey: context.requestKey,
    replyTo: { responseUrl: context.responseUrl },
    replacesAck: true,
  };
  const ackedFirst = policyNeedsSlack(ports, action, userId);
  if (ackedFirst) await ack();
  // A busy Slack during the policy check throws SlackBusyError: the router tells the person.
  const outcome = await startLifecycle(ports, ask);
  if ('view' in outcome) {
    if (!ackedFirst) await ack();
    await openViewAfterAck(context.client, context.triggerId, outcome.view, tell, log);
    return;
  }
  if (ackedFirst) await tell(outcome.text);
  else await ack({ text: outcome.text });
}
