import type { Command } from '../../commands/types';
import type { CommandContext, Feature } from '../types';
import { GRANT_JOB, LIST_JOB, OPEN_JOB, REVOKE_JOB } from './details';
import { durationProblem } from './durations';
import { expireGrants } from './expiry';
import { grantJob } from './grant-job';
import { databaseUserFor } from './identity';
import { listJob, type ListJob } from './list';
import { registerRequestModal, requestModal } from './modal';
import { checkDraft, needsModal, openRequestJob, roleNamed } from './request';
import { enqueueRevoke, registerRevokeActions, revokeJob, revokeModal, revokeRefusal } from './revoke-command';
import { enqueueOpen } from './submit';
import { grantLabel } from './texts';
import { formatDuration } from '../../config/duration';

type AccessRequestCommand = Extract<Command, { verb: 'access.request' }>;

/** `access request`: refuse what can never pass, ask in a form for what is missing, else map the user and open the request. */
async function handleRequest(context: CommandContext<AccessRequestCommand>): Promise<void> {
  const { command, ports, ack, userId, channelId } = context;
  const role = roleNamed(ports.config, command.role);
  if (role && command.durationMs !== undefined) {
    const problem = durationProblem(command.role as string, role, command.durationMs);
    if (problem) {
      await ports.store.appendAudit({ actor: userId, action: 'access.request.refused', target: command.role as string, input: { durationMs: command.durationMs }, result: { reason: problem } });
      await ack({ text: `:warning: ${problem} Nothing was requested.` });
      return;
    }
  }
  // Before any form: someone the bot cannot map to a database user could never be granted anything.
  const identity = await databaseUserFor(context.client, ports.config.identity, userId);
  if (!identity.ok) {
    await ports.store.appendAudit({ actor: userId, action: 'access.request.refused', target: command.role ?? 'access', input: { role: command.role }, result: { reason: identity.why } });
    await ack({ text: identity.message });
    return;
  }
  const draft = { role: command.role, durationMs: command.durationMs, reason: command.reason };
  if (needsModal(ports.config, draft)) {
    await context.client.views.open({ trigger_id: context.triggerId, view: requestModal(ports.config, draft, channelId) as never });
    await ack();
    return;
  }
  const checked = checkDraft(ports.config, draft);
  if (!checked.ok) {
    // needsModal let it through, so this is only the reason's length: say what is wrong.
    await ack({ text: `:warning: ${Object.values(checked.errors).join(' ')} Nothing was requested.` });
    return;
  }
  await enqueueOpen(ports, {
    ...checked.ask,
    requester: userId,
    dbUser: identity.dbUser,
    replyTo: { responseUrl: context.responseUrl },
    requestKey: context.requestKey,
  });
  await ack({ text: `:hourglass_flowing_sand: Asking approvers for ${grantLabel(checked.ask.role, checked.ask.target)} for ${formatDuration(checked.ask.durationMs)} as \`${identity.dbUser}\`…` });
}

async function handleRevoke(context: CommandContext<Extract<Command, { verb: 'access.revoke' }>>): Promise<void> {
  const { command, ports, ack, userId } = context;
  if (!command.grantId) {
    const view = await revokeModal(ports, userId, context.channelId);
    if (!view) {
      await ack({ text: 'You hold no live grant you could end (and approve no role with one). `/redshift access list` shows what there is.' });
      return;
    }
    await context.client.views.open({ trigger_id: context.triggerId, view: view as never });
    await ack();
    return;
  }
  const refusal = await revokeRefusal(ports, command.grantId, userId);
  if (refusal) {
    await ack({ text: refusal });
    return;
  }
  await enqueueRevoke(ports, { grantId: command.grantId, by: userId, cause: 'revoked', replyTo: { responseUrl: context.responseUrl } }, context.requestKey);
  await ack({ text: `:lock: Revoking grant \`${command.grantId}\` now…` });
}

/** Just-in-time access: `/redshift access request|list|revoke`, the grant executor, and expiry. */
export const accessFeature: Feature = {
  name: 'just-in-time access',
  verbs: ['access.request', 'access.list', 'access.revoke'],
  async handle(context) {
    const { command } = context;
    if (command.verb === 'access.request') return handleRequest(context as CommandContext<AccessRequestCommand>);
    if (command.verb === 'access.revoke') return handleRevoke(context as CommandContext<Extract<Command, { verb: 'access.revoke' }>>);
    const job: ListJob = { user: context.userId, replyTo: { responseUrl: context.responseUrl } };
    await context.ports.jobs.enqueue({ idempotencyKey: context.requestKey, type: LIST_JOB, payload: job, actor: context.userId });
    await context.ack({ text: 'Looking up grants and requests…' });
  },
  register(app, ports) {
    registerRequestModal(app, ports);
    registerRevokeActions(app, ports);
  },
  tasks: (context) => ({
    'access.expire': async () => {
      await expireGrants(context);
    },
  }),
  jobs: { [OPEN_JOB]: openRequestJob, [GRANT_JOB]: grantJob, [REVOKE_JOB]: revokeJob, [LIST_JOB]: listJob },
};
