import type { App } from '@slack/bolt';
import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { bestEffort } from '../../slack/best-effort';
import { reply, type ReplyTo } from '../shared/reply';
import { replyToSchema } from '../shared/payload-schemas';
import type { AppPorts, JobHandler } from '../types';
import { DONE_ACTION, REVOKE_JOB } from './details';
import { allGrants, getGrant, isLive, type RevokeCause } from './grants';
import { mayRevoke } from './permissions';
import { revokeGrant } from './revoke';
import { REVOKE_FORM_UNKNOWN, revokeUnverifiedText, sessionsText } from './revoke-texts';
import { grantLabel, slackTime } from './texts';
import { modalView } from '../shared/modal';
import { SLACK_BUSY_TEXT, SlackBusyError } from '../../slack/fail-fast';
import { formOriginChannel, recordFormOrigin } from '../shared/form-origin';
import { safeJson } from '../shared/json';
import { codeSpan } from '../../slack-text';

export const REVOKE_MODAL = 'access_revoke';
const GRANT_ID = /^g-[a-z0-9]{8,32}$/;

export interface RevokeJob {
  grantId: string;
  by: string;
  cause: Extract<RevokeCause, 'revoked' | 'done'>;
  replyTo: ReplyTo;
}

export const revokeJobSchema: z.ZodMiniType<RevokeJob> = z.object({
  grantId: z.string(),
  by: z.string(),
  cause: z.enum(['revoked', 'done']),
  replyTo: replyToSchema,
});

/** What may happen to this grant at this user's hand: a refusal to show, or nothing (go ahead). */
export async function revokeRefusal(ports: AppPorts, grantId: string, user: string): Promise<string | undefined> {
  const grant = GRANT_ID.test(grantId) ? await getGrant(ports.store, grantId) : undefined;
  if (!grant)
    return `:warning: There is no grant ${codeSpan(grantId.slice(0, 64))}. \`/redshift access list\` shows the ids of live grants.`;
  if (!isLive(grant.data.status)) return `Grant \`${grantId}\` has already ended (${grant.data.status}). Nothing to do.`;
  if (!(await mayRevoke(ports.people, ports.config, grant.data, user))) {
    await ports.store.appendAudit({
      actor: user,
      action: 'access.revoke.refused',
      target: grant.data.target,
      input: { grantId },
      result: { reason: 'not the grantee or an approver of the role' },
    });
    return `:no_entry: Only <@${grant.data.user}> (the grantee) or an approver of \`${grant.data.role}\` may end grant \`${grantId}\`. Nothing was changed.`;
  }
  return undefined;
}

export async function enqueueRevoke(ports: AppPorts, job: RevokeJob, idempotencyKey: string): Promise<void> {
  await ports.jobs.enqueue({ idempotencyKey, type: REVOKE_JOB, payload: job, actor: job.by });
}

/** `access revoke` and I'm done: the revoke path now; a failure is left to the expiry's retries. */
export const revokeJob: JobHandler = async (payload, context) => {
  const job = readPayload(REVOKE_JOB, revokeJobSchema, payload);
  const result = await revokeGrant(context, { grantId: job.grantId, cause: job.cause, by: job.by });
  const g = result.grant;
  const what = g ? `${grantLabel(g.role, g.target)} for \`${g.dbUser}\` (grant \`${job.grantId}\`)` : `grant \`${job.grantId}\``;
  const text = (() => {
    switch (result.outcome) {
      case 'revoked':
        return g?.revokeConfirmation === 'cannot-verify'
          ? `:lock: Ended ${what}: the REVOKE ran.${revokeUnverifiedText(g)}${sessionsText(g)}`
          : `:lock: Ended ${what}; the revoke is confirmed.${g ? sessionsText(g) : ''}`;
      case 'retrying':
        return `:warning: Revoking ${what} failed: ${result.error}. I keep retrying (next at ${slackTime(result.nextAttemptAt)}) and tell the approvals channel if it keeps failing.`;
      case 'busy':
        return `${what} is being revoked right now; you will see when it is done.`;
      case 'already':
        return `${what} has already ended.`;
      default:
        return `There is no ${what}.`;
    }
  })();
  // `access revoke <id>`: the answer takes the place of the "Revoking grant … now…" ack. An I'm done click's
  // URL belongs to the grant message itself, which the end edits (revoke-finish.ts), so that reply is its own.
  const replace_original = job.cause === 'revoked';
  await bestEffort('the reply to the revoke', () => reply(context.slack, job.replyTo, { text, replace_original }), context.log);
  return { grantId: job.grantId, outcome: result.outcome };
};

/**
 * With no grant id: a form listing the grants this user may end. Where to answer is recorded by the
 * bot (see shared/form-origin); the form carries only the token, never the channel itself.
 */
export async function revokeModal(ports: AppPorts, user: string, channelId: string) {
  const mine = [];
  for (const item of await allGrants(ports.store)) {
    if (isLive(item.data.status) && (await mayRevoke(ports.people, ports.config, item.data, user))) mine.push(item);
  }
  if (mine.length === 0) return undefined;
  const origin = await recordFormOrigin(ports, user, channelId);
  return modalView({
    callbackId: REVOKE_MODAL,
    metadata: { origin },
    title: 'End a grant',
    submit: 'Revoke now',
    blocks: [
      {
        type: 'input',
        block_id: 'grant',
        label: { type: 'plain_text', text: 'Grant' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: mine.slice(0, 100).map((item) => ({
            text: { type: 'plain_text', text: `${item.id} · ${item.data.role} on ${item.data.target} · ${item.data.dbUser}`.slice(0, 75) },
            value: item.id,
          })),
        },
      },
    ],
  });
}

export function registerRevokeActions(app: App, ports: AppPorts): void {
  // I'm done: only the grantee; anyone else is told how to revoke instead.
  app.action(DONE_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const grantId = action.value ?? '';
    const user = body.user.id;
    const grant = GRANT_ID.test(grantId) ? await getGrant(ports.store, grantId) : undefined;
    const say = (text: string) =>
      bestEffort(
        "the reply to an I'm done click",
        () => respond({ response_type: 'ephemeral', replace_original: false, text }),
        (m) => ports.logger.warn(`access: ${m}`),
      );
    // The value is whatever the click carried: shown only as escaped code.
    if (!grant) return void (await say(`:warning: There is no grant ${codeSpan(grantId.slice(0, 64))}.`));
    if (grant.data.user !== user) {
      await ports.store.appendAudit({
        actor: user,
        action: 'access.revoke.refused',
        target: grant.data.target,
        input: { grantId, via: 'done-button' },
        result: { reason: 'not the grantee' },
      });
      return void (await say(
        `:no_entry: Only <@${grant.data.user}> can say they are done with grant \`${grantId}\`. Approvers can use \`/redshift access revoke ${grantId}\`.`,
      ));
    }
    if (!isLive(grant.data.status)) return void (await say(`Grant \`${grantId}\` has already ended.`));
    const replyTo: ReplyTo = body.response_url ? { responseUrl: body.response_url } : { channel: body.channel?.id ?? user, user };
    await enqueueRevoke(
      ports,
      { grantId, by: user, cause: 'done', replyTo },
      `access-done:${grantId}:${'action_ts' in action ? action.action_ts : body.trigger_id}`,
    );
    await say(`Ending ${grantLabel(grant.data.role, grant.data.target)} now…`);
  });

  app.view(REVOKE_MODAL, async ({ ack, body, view }) => {
    const grantId = view.state.values.grant?.value?.selected_option?.value ?? '';
    const user = body.user.id;
    // The answer goes where the bot recorded that this user opened the form. A token it never recorded
    // for this user is a forged submission (or a form left open for over a day): refused in the form,
    // so nothing is revoked and nothing is posted anywhere the form names.
    const metadata = safeJson(view.private_metadata);
    const token = typeof metadata === 'object' && metadata !== null && 'origin' in metadata ? metadata.origin : undefined;
    const channel = await formOriginChannel(ports.store, token, user);
    if (channel === undefined) {
      await ports.store.appendAudit({
        actor: user,
        action: 'access.revoke.refused',
        target: grantId.slice(0, 64),
        input: { grantId: grantId.slice(0, 64), via: 'form' },
        result: { reason: 'the form was not opened by this user through the bot' },
      });
      await ack({ response_action: 'errors', errors: { grant: REVOKE_FORM_UNKNOWN } });
      return;
    }
    // The approver check may ask Slack (fail-fast client): a busy Slack is said in the form at once.
    const refusal = await revokeRefusal(ports, grantId, user).catch((error: unknown) => {
      if (error instanceof SlackBusyError) return SLACK_BUSY_TEXT;
      throw error;
    });
    if (refusal) {
      await ack({ response_action: 'errors', errors: { grant: refusal.replace(/:[a-z_]+: /g, '').slice(0, 1900) } });
      return;
    }
    await enqueueRevoke(ports, { grantId, by: user, cause: 'revoked', replyTo: { channel, user } }, `view:${view.id}:${view.hash}`);
    await ack();
  });
}
