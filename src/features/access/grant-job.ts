import type { ApprovalRequest } from '../../approvals/types';
import type { JobHandler, WorkContext } from '../../jobs/types';
import { StatementFailedError } from '../../redshift/data/errors';
import type { Item } from '../../store/store';
import { failureRecord, failureText } from '../shared/failure';
import { grantedMessage } from './blocks';
import type { AccessDetails } from './details';
import {
  claimSlot,
  FINISHED_GRANT_RETENTION_MS,
  getGrant,
  GRANT_KIND,
  grantIdFor,
  mutateGrant,
  releaseSlot,
  withEvent,
  type GrantRecord,
} from './grants';
import { directMessage, quietly } from './notify';
import { runAudited, statementIdOf } from './run-sql';
import { checkMembership, confirmOrGrantAgain, type Membership } from './confirm';
import { grantStatement } from './sql';
import { durationWords, grantLabel, grantUnverifiedText, slackTime } from './texts';

type Context = WorkContext & { jobId: string; actor: string };
type AccessRequest = ApprovalRequest<AccessDetails>;

/**
 * The `access.grant` executor, run once the request is approved: GRANT, verify, record, tell.
 * Idempotent: the grant's id comes from the request's, and a redelivered job that finds its grant
 * active (or its extension applied) only reports that.
 */
export const grantJob: JobHandler = async (payload, context) => {
  const { requestId } = payload as { requestId: string };
  const request = (await context.approvals.get(requestId)) as AccessRequest | undefined;
  if (!request) return { skipped: `no request ${requestId}` };
  if (request.status !== 'approved') return { skipped: `request ${requestId} is ${request.status}` };
  const details = request.details;
  const role = context.config.access.roles[details.role];
  if (!role || !role.targets.includes(details.target)) {
    const why = role
      ? `role ${details.role} no longer lists target ${details.target} in chatops.yml`
      : `role ${details.role} is no longer in chatops.yml`;
    await context.store.appendAudit({ actor: context.actor, action: 'access.grant.failed', target: details.target, input: { requestId }, result: { error: why } });
    await quietly(() => context.approvals.note(requestId, `:x: Nothing was granted: ${why}.`, context.slack), context.log);
    return { granted: false, error: why };
  }

  const ownId = grantIdFor(requestId);
  const own = await getGrant(context.store, ownId);
  if (own && own.data.status !== 'granting') return { grantId: ownId, already: own.data.status };
  const holder = own ? ownId : await claimSlot(context.store, details, ownId);
  if (holder !== ownId) return extendGrant(context, request, holder);
  return makeGrant(context, request, ownId, role.endSessionsOnRevoke);
};

async function makeGrant(context: Context, request: AccessRequest, grantId: string, endSessionsOnRevoke: boolean): Promise<unknown> {
  const { store, clock } = context;
  const d = request.details;
  const now = clock.now();
  const record: GrantRecord = withEvent(
    {
      requestId: request.id,
      requests: [request.id],
      user: request.requester,
      dbUser: d.dbUser,
      role: d.role,
      target: d.target,
      mode: d.mode,
      endSessionsOnRevoke,
      endsAt: now + d.durationMs,
      status: 'granting',
      attempts: 0,
      history: [],
    },
    { event: 'approved', requestId: request.id, by: approverList(request) },
    now,
  );
  // Recorded before the GRANT runs and due at its end: if this process dies now, the expiry still revokes it.
  await store.create<GrantRecord>(GRANT_KIND, grantId, record, { dueAt: record.endsAt });
  const current = await getGrant(store, grantId);
  if (!current || current.data.status !== 'granting') return { grantId, already: current?.data.status ?? 'missing' };

  let statementId: string;
  try {
    const result = await runAudited(context, {
      phase: 'grant',
      statement: grantStatement(d.mode, d.role, d.dbUser),
      target: d.target,
      grantId,
      actor: context.actor,
    });
    statementId = result.id;
  } catch (error) {
    return grantFailed(context, request, grantId, error);
  }

  let check: Membership | undefined;
  let verifyError: unknown;
  try {
    check = await checkMembership(context, { phase: 'verify', target: d.target, grantId, actor: context.actor }, d);
  } catch (error) {
    verifyError = error;
  }
  // "Cannot see it" is not "it is not there": only a check that could see other users' roles undoes the grant.
  if (!check || check.state === 'not-held') return unverified(context, request, grantId, verifyError);
  const verifyId = check.state === 'held' ? check.statementId : undefined;
  const why = check.state === 'cannot-verify' ? check.why : undefined;

  const grantedAt = clock.now();
  let overtaken: string | undefined;
  const updated = await mutateGrant(store, grantId, (item) => {
    if (item.data.status !== 'granting') {
      overtaken = item.data.status;
      // Revoked while the GRANT ran: our GRANT may have landed after that REVOKE, so revoke once more.
      if (item.data.status === 'revoked') {
        return {
          data: withEvent({ ...item.data, status: 'revoking' }, { event: 'granted-after-revoke', statementId }, grantedAt),
          dueAt: grantedAt,
          expiresAt: null,
        };
      }
      return undefined;
    }
    const endsAt = grantedAt + d.durationMs;
    const confirmation = why === undefined ? 'confirmed' : 'cannot-verify';
    const event = why === undefined ? { event: 'granted', statementId, detail: `verified by ${verifyId}` } : { event: 'granted-unverified', statementId, detail: why };
    return {
      data: withEvent({ ...item.data, status: 'active', grantedAt, endsAt, grantConfirmation: confirmation, unverifiedReason: why }, event, grantedAt),
      dueAt: endsAt,
    };
  });
  if (overtaken) return { grantId, granted: false, overtakenBy: overtaken };
  const grant = updated as Item<GrantRecord>;
  await store.appendAudit({
    actor: context.actor,
    action: 'access.granted',
    target: d.target,
    input: { grantId, requestId: request.id, role: d.role, dbUser: d.dbUser, user: request.requester, mode: d.mode },
    result: {
      grantStatementId: statementId,
      confirmation: grant.data.grantConfirmation,
      ...(verifyId ? { verifyStatementId: verifyId } : { unverified: why }),
      endsAt: new Date(grant.data.endsAt).toISOString(),
    },
  });
  await announce(context, request, grantId, grant.data, false);
  return { grantId, granted: true, endsAt: grant.data.endsAt, statementId };
}

/** A request that overlaps a live grant of the same role, target and user: move its end, once. */
async function extendGrant(context: Context, request: AccessRequest, grantId: string): Promise<unknown> {
  const { store, clock } = context;
  const d = request.details;
  const now = clock.now();
  let refusal: string | undefined;
  let applied = false;
  const updated = await mutateGrant(store, grantId, (item) => {
    if (item.data.requests.includes(request.id)) return undefined;
    if (item.data.status !== 'active' && item.data.status !== 'granting') {
      refusal = `grant \`${grantId}\` is being revoked right now; ask again once it has ended`;
      return undefined;
    }
    applied = true;
    const endsAt = Math.max(item.data.endsAt, now + d.durationMs);
    return {
      data: withEvent(
        { ...item.data, endsAt, requests: [...item.data.requests, request.id] },
        { event: 'extended', requestId: request.id, by: approverList(request), detail: `until ${new Date(endsAt).toISOString()}` },
        now,
      ),
      dueAt: endsAt,
    };
  });
  if (refusal) {
    await store.appendAudit({ actor: context.actor, action: 'access.grant.failed', target: d.target, input: { requestId: request.id, grantId }, result: { error: refusal } });
    await quietly(() => context.approvals.note(request.id, `:x: Not extended: ${refusal}.`, context.slack), context.log);
    return { grantId, extended: false, error: refusal };
  }
  if (!applied || !updated) return { grantId, already: 'extended' };

  // Make sure the role is still held (someone may have revoked it by hand); grant it again if not.
  let verified: { statementId?: string; why?: string };
  try {
    verified = await confirmOrGrantAgain(context, { phase: 'verify', target: d.target, grantId, actor: context.actor }, d);
  } catch (error) {
    await store.appendAudit({ actor: context.actor, action: 'access.extend.failed', target: d.target, input: { requestId: request.id, grantId }, result: failureRecord(error) });
    await quietly(
      () =>
        context.approvals.note(
          request.id,
          `:warning: Grant \`${grantId}\` now ends at ${slackTime(updated.data.endsAt)}, but I could not confirm the role is held: ${failureText(error)}`,
          context.slack,
        ),
      context.log,
    );
    return { grantId, extended: true, verified: false };
  }
  const extended = await mutateGrant(store, grantId, (item) => ({
    data: { ...item.data, grantConfirmation: verified.why === undefined ? 'confirmed' : 'cannot-verify', unverifiedReason: verified.why },
  }));
  const verifyId = verified.statementId;
  await store.appendAudit({
    actor: context.actor,
    action: 'access.extended',
    target: d.target,
    input: { grantId, requestId: request.id, role: d.role, dbUser: d.dbUser, user: request.requester },
    result: { ...(verifyId ? { verifyStatementId: verifyId } : { unverified: verified.why }), endsAt: new Date(updated.data.endsAt).toISOString() },
  });
  await announce(context, request, grantId, extended?.data ?? updated.data, true);
  return { grantId, extended: true, endsAt: updated.data.endsAt };
}

/** Note on the approval message, and the grantee's message with the I'm done button. */
async function announce(context: Context, request: AccessRequest, grantId: string, grant: GrantRecord, extended: boolean): Promise<void> {
  const what = `${grantLabel(grant.role, grant.target)} for \`${grant.dbUser}\``;
  await quietly(
    () =>
      context.approvals.note(
        request.id,
        `:white_check_mark: ${extended ? 'Extended' : 'Granted'} ${what} until ${slackTime(grant.endsAt)} (${durationWords(grant.endsAt - context.clock.now())} from now; grant \`${grantId}\`).` +
          grantUnverifiedText(grant),
        context.slack,
      ),
    context.log,
  );
  const posted = await directMessage(context.slack, grant.user, grantedMessage(grantId, grant, extended));
  if (!posted) return;
  const previous = grant.doneMessage;
  await mutateGrant(context.store, grantId, (item) => ({ data: { ...item.data, doneMessage: posted } }));
  // One live "I'm done" button per grant: the older message loses its button.
  if (previous) {
    await quietly(
      () => context.slack.chat.update({ channel: previous.channel, ts: previous.ts, text: `Grant \`${grantId}\` was extended; see the newer message.`, blocks: [] }),
      context.log,
    );
  }
}

/** The GRANT failed. Definitely not applied (Redshift refused it): failed. Unknown (timeout, lost reply): undo to be safe. */
async function grantFailed(context: Context, request: AccessRequest, grantId: string, error: unknown): Promise<unknown> {
  const d = request.details;
  const refused = error instanceof StatementFailedError || statementIdOf(error) === undefined;
  if (!refused) return unverified(context, request, grantId, error);
  const now = context.clock.now();
  await mutateGrant(context.store, grantId, (item) =>
    item.data.status === 'granting'
      ? {
          data: withEvent({ ...item.data, status: 'failed', lastError: failureText(error) }, { event: 'grant-failed', statementId: statementIdOf(error), detail: failureText(error) }, now),
          dueAt: null,
          expiresAt: now + FINISHED_GRANT_RETENTION_MS,
        }
      : undefined,
  );
  await releaseSlot(context.store, d, grantId);
  await context.store.appendAudit({ actor: context.actor, action: 'access.grant.failed', target: d.target, input: { grantId, requestId: request.id }, result: failureRecord(error) });
  await quietly(
    () => context.approvals.note(request.id, `:x: The grant of ${grantLabel(d.role, d.target)} to \`${d.dbUser}\` failed; nothing was granted. ${failureText(error)}`, context.slack),
    context.log,
  );
  return { grantId, granted: false, error: failureText(error) };
}

/** The GRANT may or may not have landed and could not be confirmed: revoke it now through the expiry path. */
async function unverified(context: Context, request: AccessRequest, grantId: string, error: unknown): Promise<unknown> {
  const d = request.details;
  const now = context.clock.now();
  const why = error ? failureText(error) : `${d.dbUser} does not hold ${d.role} after the GRANT`;
  await mutateGrant(context.store, grantId, (item) =>
    item.data.status === 'granting'
      ? {
          data: withEvent({ ...item.data, status: 'revoking', revokeCause: 'unverified', lastError: why }, { event: 'unverified', detail: why }, now),
          dueAt: now,
        }
      : undefined,
  );
  await context.store.appendAudit({ actor: context.actor, action: 'access.grant.unverified', target: d.target, input: { grantId, requestId: request.id }, result: { error: why } });
  await quietly(
    () => context.approvals.note(request.id, `:x: I could not confirm the grant of ${grantLabel(d.role, d.target)} to \`${d.dbUser}\` (${why}), so I am undoing it.`, context.slack),
    context.log,
  );
  return { grantId, granted: false, error: why };
}

function approverList(request: AccessRequest): string {
  return request.decisions
    .filter((decision) => decision.decision === 'approve')
    .map((decision) => (decision.breakGlass ? `${decision.user} (break-glass)` : decision.user))
    .join(', ');
}
