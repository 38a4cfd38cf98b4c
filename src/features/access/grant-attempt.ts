import { crashPoint } from '../../crash-point';
import { mutateGrant } from './grants';
import { changeOf, nextGrantState, phaseOf } from './grant-state';
import { checkMembership, type Membership } from './confirm';
import { runnerWithDeadline } from './deadline';
import { announce, grantAttemptFailed, type AccessRequest, type GrantAttempt, type GrantContext } from './grant-outcomes';
import { LEASE_MARGIN_MS, REVOKE_LEASE_MS, REVOKE_STATEMENT_MS } from './revoke';
import { clientTokenFor } from './client-token';
import { runAudited } from './run-sql';
import { grantStatement } from './sql';
import { accessDetailsSchema } from './details';
import { requestWithDetails } from '../shared/request-details';
import type { WorkContext } from '../types';

/**
 * One try at a recorded `granting` grant: GRANT, verify, record active, announce. A failure goes to
 * grantAttemptFailed, which retries a transient fault later or reports the request not granted.
 */
export async function attemptGrant(context: GrantContext, request: AccessRequest, grantId: string, attempt = 1): Promise<GrantAttempt> {
  const { store, clock } = context;
  const d = request.details;
  let statementId: string;
  try {
    const result = await runAudited(context, {
      phase: 'grant',
      statement: grantStatement(d.mode, d.role, d.dbUser),
      target: d.target,
      grantId,
      actor: context.actor,
      // The same attempt re-run after a crash gets the statement AWS already has; a retry gets a new one.
      clientToken: clientTokenFor(grantId, 'grant', attempt),
    });
    statementId = result.id;
  } catch (error) {
    return grantAttemptFailed(context, request.id, d, grantId, error, 'grant');
  }

  let check: Membership;
  try {
    check = await checkMembership(context, { phase: 'verify', target: d.target, grantId, actor: context.actor }, d);
  } catch (error) {
    return grantAttemptFailed(context, request.id, d, grantId, error, 'verify');
  }
  // "Cannot see it" is not "it is not there": only a check that could see other users' roles undoes the grant.
  if (check.state === 'not-held') {
    return grantAttemptFailed(context, request.id, d, grantId, new Error(`${d.dbUser} does not hold ${d.role} after the GRANT`), 'verify');
  }
  const verifyId = check.state === 'held' ? check.statementId : undefined;
  const why = check.state === 'cannot-verify' ? check.why : undefined;

  const grantedAt = clock.now();
  let overtaken: string | undefined;
  const updated = await mutateGrant(store, grantId, (item) => {
    // Overtaken while the GRANT ran; if it was revoked meanwhile, the state machine revokes once more.
    overtaken = phaseOf(item.data) === 'granting' ? undefined : item.data.status;
    return changeOf(nextGrantState(item, { type: 'granted', durationMs: d.durationMs, statementId, verifyId, unverified: why }, grantedAt));
  });
  if (overtaken || !updated) return { grantId, granted: false, overtakenBy: overtaken };
  const grant = updated.data;
  await store.appendAudit({
    actor: context.actor,
    action: 'access.granted',
    target: d.target,
    input: { grantId, requestId: request.id, role: d.role, dbUser: d.dbUser, user: request.requester, mode: d.mode },
    result: {
      grantStatementId: statementId,
      confirmation: grant.grantConfirmation,
      ...(verifyId ? { verifyStatementId: verifyId } : { unverified: why }),
      endsAt: new Date(grant.endsAt).toISOString(),
    },
  });
  crashPoint('before-announce:grant');
  await announce(context, request, grantId, grant, false);
  return { grantId, granted: true, endsAt: grant.endsAt, statementId };
}

/**
 * The expiry sweep's part for a GRANT waiting out a transient fault: claim it with a short lease
 * (a process dying mid-try leaves it to the next sweep after the lease), then try again with the
 * statements bounded to end before the lease does.
 */
export async function retryGrant(context: WorkContext, grantId: string): Promise<'granted' | 'retrying' | 'gave-up' | 'skipped'> {
  const now = context.clock.now();
  const claimed = await mutateGrant(context.store, grantId, (current) =>
    changeOf(nextGrantState(current, { type: 'claim-grant-retry', leaseMs: REVOKE_LEASE_MS }, now)),
  );
  if (!claimed) return 'skipped';
  const request = await requestWithDetails(context.approvals, claimed.data.requestId, accessDetailsSchema);
  const deadline = (claimed.data.leaseUntil ?? now + REVOKE_LEASE_MS) - LEASE_MARGIN_MS;
  const bounded: GrantContext = {
    ...context,
    jobId: `grant-retry:${grantId}`,
    actor: 'system',
    sql: runnerWithDeadline(
      context.sql,
      context.clock,
      deadline,
      REVOKE_STATEMENT_MS,
      `grant attempt ${(claimed.data.grantRetry?.attempts ?? 0) + 1}`,
    ),
  };
  if (!request || request.status !== 'approved') {
    // The request is gone or no longer approved: nothing more is tried; what may have landed is undone.
    await grantAttemptFailed(
      bounded,
      claimed.data.requestId,
      claimed.data,
      grantId,
      new Error(`request ${claimed.data.requestId} is ${request?.status ?? 'gone'}`),
      'grant',
    );
    return 'gave-up';
  }
  const result = await attemptGrant(bounded, request, grantId, (claimed.data.grantRetry?.attempts ?? 0) + 1);
  if (result.granted) return 'granted';
  return 'retryAt' in result ? 'retrying' : 'gave-up';
}
