import { readPayload } from '../../jobs/payload';
import { executorPayloadSchema } from '../shared/payload-schemas';
import { requestWithDetails } from '../shared/request-details';
import { failureRecord, failureText } from '../shared/failure';
import { accessDetailsSchema, GRANT_JOB, type AccessDetails } from './details';
import { bindRequest, getBinding, markExtensionAnnounced, type GrantBinding } from './grant-binding';
import { claimSlot, getGrant, GRANT_KIND, grantIdFor, isLive, mutateGrant, withEvent, type GrantRecord } from './grants';
import { bestEffort } from '../../slack/best-effort';
import { clientTokenFor } from './client-token';
import { nextGrantState } from './grant-state';
import { confirmOrGrantAgain } from './confirm';
import { attemptGrant } from './grant-attempt';
import { grantRefused, grantStarted } from './grant-progress';
import { announce, type AccessRequest, type GrantContext } from './grant-outcomes';
import { slackTime } from './texts';
import type { JobHandler } from '../types';

type Context = GrantContext;

/**
 * The `access.grant` executor, run once the request is approved: GRANT, verify, record, tell.
 * Idempotent: the grant's id comes from the request's, and the grant a request acts on is recorded
 * before anything changes (grant-binding.ts), so a re-run only ever creates or extends that grant;
 * one that finds it recorded only finishes announcing it.
 */
export const grantJob: JobHandler = async (payload, context) => {
  const { requestId } = readPayload(GRANT_JOB, executorPayloadSchema, payload);
  const request = await requestWithDetails(context.approvals, requestId, accessDetailsSchema);
  if (!request) return { skipped: `no request ${requestId}` };
  if (request.status !== 'approved') return { skipped: `request ${requestId} is ${request.status}` };
  const details = request.details;
  const role = context.config.access.roles[details.role];
  if (!role || !role.targets.includes(details.target)) {
    const why = role
      ? `role ${details.role} no longer lists target ${details.target} in chatops.yml`
      : `role ${details.role} is no longer in chatops.yml`;
    await context.store.appendAudit({ actor: context.actor, action: 'access.grant.failed', target: details.target, input: { requestId }, result: { error: why } });
    await bestEffort('note on the approval message that nothing was granted', () => context.approvals.note(requestId, `:x: Nothing was granted: ${why}.`, context.slack), context.log);
    await grantRefused(context, requestId, why);
    return { granted: false, error: why };
  }

  const ownId = grantIdFor(requestId);
  // The first run chooses the grant this request acts on and records it; every later run keeps to it.
  const binding =
    (await getBinding(context.store, requestId))?.data ??
    (await bindRequest(context.store, requestId, await choose(context, details, requestId, ownId), context.clock.now()));
  if (binding.extension) return extendGrant(context, request, binding);

  const own = await getGrant(context.store, ownId);
  if (own && own.data.status === 'active' && own.data.announcedAt === undefined) {
    // The GRANT ran and was recorded, but the process died before announcing it: announce it now.
    await announce(context, request, ownId, own.data, false);
    return { grantId: ownId, already: 'active', announced: true };
  }
  if (own && own.data.status !== 'granting') return { grantId: ownId, already: own.data.status };
  // Waiting out a transient fault: the expiry sweep owns the next try.
  if (own?.data.grantRetry) return { grantId: ownId, already: 'retrying' };
  if (!own) {
    const holder = await claimSlot(context.store, details, ownId);
    // Only after a crash between choosing and recording: another grant took the slot meanwhile. Never touch it.
    if (holder !== ownId) return slotTaken(context, request, holder);
  }
  return makeGrant(context, request, ownId, role.endSessionsOnRevoke);
};

/**
 * The first run's choice: the request's own grant when it exists or the slot is free; else the live
 * grant it was opened to extend, or the one holding the slot now (approved together with another).
 */
async function choose(context: Context, d: AccessDetails, requestId: string, ownId: string): Promise<GrantBinding> {
  if (await getGrant(context.store, ownId)) return { grantId: ownId, extension: false };
  if (d.grantId !== undefined && d.grantId !== ownId) {
    const asked = await getGrant(context.store, d.grantId);
    if (asked && (asked.data.requests.includes(requestId) || asked.data.status === 'active' || asked.data.status === 'granting')) {
      return { grantId: d.grantId, extension: true };
    }
  }
  const holder = await claimSlot(context.store, d, ownId);
  return { grantId: holder, extension: holder !== ownId };
}

async function slotTaken(context: Context, request: AccessRequest, holder: string): Promise<unknown> {
  const d = request.details;
  const why = `grant \`${holder}\` took ${d.role} for \`${d.dbUser}\` on ${d.target} meanwhile; ask again to extend it`;
  await context.store.appendAudit({ actor: context.actor, action: 'access.grant.failed', target: d.target, input: { requestId: request.id, holder }, result: { error: why } });
  await bestEffort('note on the approval message that nothing was granted', () => context.approvals.note(request.id, `:x: Nothing was granted: ${why}.`, context.slack), context.log);
  await grantRefused(context, request.id, why);
  return { granted: false, error: why };
}

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
  await grantStarted(context, request.id);
  return attemptGrant(context, request, grantId);
}

/** A request that overlaps a live grant of the same role, target and user: move its end, once. */
async function extendGrant(context: Context, request: AccessRequest, binding: GrantBinding): Promise<unknown> {
  const { store, clock } = context;
  const { grantId } = binding;
  const d = request.details;
  const now = clock.now();
  let refusal: string | undefined;
  let applied = false;
  const updated = await mutateGrant(store, grantId, (item) => {
    const step = nextGrantState(item, { type: 'extend', requestId: request.id, durationMs: d.durationMs, by: approverList(request) }, now);
    if (!step.ok) {
      if (step.refused === 'wrong-phase') {
        refusal = isLive(item.data.status)
          ? `grant \`${grantId}\` is being revoked right now; ask again once it has ended`
          : `grant \`${grantId}\` has ended; ask again for new access`;
      }
      return undefined;
    }
    applied = true;
    return step.change;
  });
  if (refusal) {
    await store.appendAudit({ actor: context.actor, action: 'access.grant.failed', target: d.target, input: { requestId: request.id, grantId }, result: { error: refusal } });
    await bestEffort('note on the approval message that the grant was not extended', () => context.approvals.note(request.id, `:x: Not extended: ${refusal}.`, context.slack), context.log);
    await grantRefused(context, request.id, refusal, true);
    return { grantId, extended: false, error: refusal };
  }
  if (!applied || !updated) return finishAnnouncing(context, request, binding);

  // Make sure the role is still held (someone may have revoked it by hand); grant it again if not.
  let verified: { statementId?: string; why?: string };
  try {
    // Its GRANT, if the role was lost, is this request's: a re-run after a crash does not send it twice.
    const token = clientTokenFor(grantId, 'extend', request.id);
    verified = await confirmOrGrantAgain(context, { phase: 'verify', target: d.target, grantId, actor: context.actor }, d, token);
  } catch (error) {
    await store.appendAudit({ actor: context.actor, action: 'access.extend.failed', target: d.target, input: { requestId: request.id, grantId }, result: failureRecord(error) });
    await bestEffort(
      'note on the approval message that the extension is unconfirmed',
      () =>
        context.approvals.note(
          request.id,
          `:warning: Grant \`${grantId}\` now ends at ${slackTime(updated.data.endsAt)}, but I could not confirm the role is held: ${failureText(error)}`,
          context.slack,
        ),
      context.log,
    );
    // That note was its announcement: a re-run does not say "Extended" after it.
    await markExtensionAnnounced(store, request.id, clock.now());
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
  await markExtensionAnnounced(store, request.id, clock.now());
  return { grantId, extended: true, endsAt: updated.data.endsAt };
}

/** A re-run after the extension was recorded: announce it if its run died first and the grant still holds; nothing else. */
async function finishAnnouncing(context: Context, request: AccessRequest, binding: GrantBinding): Promise<unknown> {
  const { grantId } = binding;
  const grant = await getGrant(context.store, grantId);
  const live = grant !== undefined && (grant.data.status === 'active' || grant.data.status === 'granting');
  if (binding.announcedAt !== undefined || !grant || !live || !grant.data.requests.includes(request.id)) {
    return { grantId, already: 'extended' };
  }
  await announce(context, request, grantId, grant.data, true);
  await markExtensionAnnounced(context.store, request.id, context.clock.now());
  return { grantId, already: 'extended', announced: true };
}

function approverList(request: AccessRequest): string {
  return request.decisions
    .filter((decision) => decision.decision === 'approve')
    .map((decision) => (decision.breakGlass ? `${decision.user} (break-glass)` : decision.user))
    .join(', ');
}
