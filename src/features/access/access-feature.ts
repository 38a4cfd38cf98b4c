import type { AppPorts, CommandContext, CommandHandler, Feature } from '../types';
import { getGrant, isLive } from './grants';
import { roleApprovers } from './permissions';
import { GRANT_JOB, LIST_JOB, OPEN_JOB, REVOKE_JOB } from './details';
import { durationProblem } from './durations';
import { expireGrants } from './expiry';
import { grantJob } from './grant-job';
import { identityFromConfig } from './identity';
import { openViewAfterAck } from '../shared/open-view';
import { SLACK_BUSY_TEXT, SlackBusyError } from '../../slack/fail-fast';
import { listJob, type ListJob } from './list';
import { registerRequestModal, requestModal } from './modal';
import { checkDraft, needsModal, openRequestJob, roleNamed, targetProblem } from './request';
import { enqueueRevoke, registerRevokeActions, revokeJob, revokeModal, revokeRefusal } from './revoke-command';
import { enqueueOpen } from './submit';
import { grantLabel } from './texts';
import { formatDuration } from '../../config/duration';

/** `access request`: refuse what can never pass, ask in a form for what is missing, else map the user and open the request. */
const handleRequest: CommandHandler<'access.request'> = async (context) => {
  const { command, ports, ack, userId, channelId } = context;
  const roleName = command.role;
  const role = roleNamed(ports.config, roleName);
  const named = command.target;
  const wrongTarget = role && roleName !== undefined && named !== undefined ? targetProblem(roleName, role, named) : undefined;
  if (wrongTarget && named !== undefined) {
    await ports.store.appendAudit({
      actor: userId,
      action: 'access.request.refused',
      target: named,
      input: { role: roleName },
      result: { reason: wrongTarget },
    });
    await ack({ text: `:warning: ${wrongTarget} Nothing was requested.` });
    return;
  }
  if (role && roleName !== undefined && command.durationMs !== undefined) {
    const problem = durationProblem(roleName, role, command.durationMs);
    if (problem) {
      await ports.store.appendAudit({
        actor: userId,
        action: 'access.request.refused',
        target: roleName,
        input: { durationMs: command.durationMs },
        result: { reason: problem },
      });
      await ack({ text: `:warning: ${problem} Nothing was requested.` });
      return;
    }
  }
  // Before any form: someone chatops.yml already says cannot be mapped could never be granted anything.
  // Only chatops.yml is read here; a users.info lookup (e-mail mapping) runs in the access.open job.
  const identity = identityFromConfig(ports.config.identity, userId);
  if ('ok' in identity && !identity.ok) {
    await ports.store.appendAudit({
      actor: userId,
      action: 'access.request.refused',
      target: command.role ?? 'access',
      input: { role: command.role },
      result: { reason: identity.why },
    });
    await ack({ text: identity.message });
    return;
  }
  const dbUser = 'ok' in identity ? identity.dbUser : undefined;
  const draft = { role: command.role, target: command.target, durationMs: command.durationMs, reason: command.reason };
  if (needsModal(ports.config, draft)) {
    // Ack first; views.open, bound to the trigger_id, goes through the fail-fast client afterwards.
    await ack();
    await openViewAfterAck(
      context.client,
      context.triggerId,
      requestModal(ports.config, draft, channelId),
      (text) => tell(context, text),
      (message) => ports.logger.warn(message),
    );
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
    ...(dbUser !== undefined ? { dbUser } : {}),
    replyTo: { responseUrl: context.responseUrl },
    requestKey: context.requestKey,
  });
  const what = `${grantLabel(checked.ask.role, checked.ask.target)} for ${formatDuration(checked.ask.durationMs)}`;
  await ack({
    text:
      dbUser !== undefined
        ? `:hourglass_flowing_sand: Asking approvers for ${what} as \`${dbUser}\`…`
        : `:hourglass_flowing_sand: Looking up your database user, then asking approvers for ${what}…`,
  });
};

/** An ephemeral answer through the command's response URL, once it has been acked. */
function tell(context: CommandContext, text: string): Promise<unknown> {
  return context.respond({ response_type: 'ephemeral', text });
}

/** `access revoke [grant]`: no grant named, a form lists what this user may end; else check, then revoke in a job. */
const handleRevoke: CommandHandler<'access.revoke'> = async (context) => {
  const { command, ports, ack, userId } = context;
  if (!command.grantId) {
    // Ack first: which grants this user may end can depend on usergroups (a Slack call), and the
    // form's views.open must follow within the trigger_id's 3 s, through the fail-fast client.
    await ack();
    let view;
    try {
      view = await revokeModal(ports, userId, context.channelId);
    } catch (error) {
      if (!(error instanceof SlackBusyError)) throw error;
      await tell(context, SLACK_BUSY_TEXT);
      return;
    }
    if (!view) {
      await tell(
        context,
        'You hold no live grant you could end (and approve no role with one). `/redshift access list` shows what there is.',
      );
      return;
    }
    await openViewAfterAck(
      context.client,
      context.triggerId,
      view,
      (text) => tell(context, text),
      (message) => ports.logger.warn(message),
    );
    return;
  }
  // Ack first when only Slack can say whether this user approves the grant's role (a usergroup).
  const slackFirst = await revokeNeedsSlack(ports, command.grantId, userId);
  if (slackFirst) await ack();
  const answer = (text: string) => (slackFirst ? tell(context, text) : ack({ text }));
  // A busy Slack during the check throws SlackBusyError: the router tells the person.
  const refusal = await revokeRefusal(ports, command.grantId, userId);
  if (refusal) {
    await answer(refusal);
    return;
  }
  await enqueueRevoke(
    ports,
    { grantId: command.grantId, by: userId, cause: 'revoked', replyTo: { responseUrl: context.responseUrl } },
    context.requestKey,
  );
  await answer(`:lock: Revoking grant \`${command.grantId}\` now…`);
};

/** `access list`: the user's grants and requests, read in a job. */
const handleList: CommandHandler<'access.list'> = async (context) => {
  const job: ListJob = { user: context.userId, replyTo: { responseUrl: context.responseUrl } };
  await context.ports.jobs.enqueue({ idempotencyKey: context.requestKey, type: LIST_JOB, payload: job, actor: context.userId });
  await context.ack({ text: 'Looking up grants and requests…' });
};

/** True when a live grant is someone else's and its role's approvers are usergroups not yet cached. */
async function revokeNeedsSlack(ports: AppPorts, grantId: string, user: string): Promise<boolean> {
  const grant = /^g-[a-z0-9]{8,32}$/.test(grantId) ? await getGrant(ports.store, grantId) : undefined;
  if (!grant || !isLive(grant.data.status) || grant.data.user === user) return false;
  const approvers = roleApprovers(ports.config, grant.data.role);
  return approvers !== undefined && ports.people.knownWithoutSlack(approvers, user) === undefined;
}

/**
 * Just-in-time access: `/redshift access request|list|revoke`, the grant executor, and expiry.
 *
 *   /redshift access request <role> … (or the request modal's submit, modal.ts) → OPEN_JOB (openRequestJob:
 *     maps the Slack user to a database user, opens the approval request) → approved → GRANT_JOB (grantJob,
 *     the request's executor: runs the GRANT, tells the grantee, with an "I'm done" button).
 *   /redshift access revoke <grant> (or the revoke modal, or "I'm done", revoke-command.ts) → REVOKE_JOB
 *     (revokeJob: the same revoke as expiry, revoke.ts).
 *   /redshift access list → LIST_JOB (listJob: answers). Nothing follows.
 *   `access.expire` task → revokes every grant past its end, in the task itself (expiry.ts); no job.
 */
export const accessFeature: Feature<'access.request' | 'access.list' | 'access.revoke'> = {
  name: 'just-in-time access',
  commands: { 'access.request': handleRequest, 'access.list': handleList, 'access.revoke': handleRevoke },
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
