import { messageOf } from '../../jobs/runner';
import { GRANT_KIND, type GrantRecord } from './grants';
import { revokeGrant } from './revoke';
import { retryGrant } from './grant-attempt';
import { claimFinish, finishRevoke, isFinishing } from './revoke-finish';
import type { WorkContext } from '../types';

export interface ExpiryResult {
  revoked: string[];
  retrying: string[];
  skipped: string[];
  /** Revokes whose process died before ending the sessions or announcing the end: finished now. */
  finished: string[];
  /** GRANTs tried again after a transient fault, by what came of it. */
  grants: Record<string, 'granted' | 'retrying' | 'gave-up' | 'skipped'>;
}

/**
 * The `access.expire` task: every grant whose dueAt has passed (its end time, or a failed revoke to
 * retry) goes through the revoke path; a GRANT waiting out a transient fault is tried again instead;
 * a revoke whose process died before ending the sessions or announcing it is finished. Each grant is claimed before it is revoked, so two
 * ticks at once revoke it once; one grant failing does not hold up the others.
 */
export async function expireGrants(context: WorkContext, limit = 50): Promise<ExpiryResult> {
  const result: ExpiryResult = { revoked: [], retrying: [], skipped: [], finished: [], grants: {} };
  for (const item of await context.store.due<GrantRecord>(GRANT_KIND, context.clock.now(), limit)) {
    try {
      if (item.data.status === 'granting' && item.data.grantRetry) {
        result.grants[item.id] = await retryGrant(context, item.id);
        continue;
      }
      if (isFinishing(item.data)) {
        const claimed = await claimFinish(context, item.id, 'system');
        if (claimed) {
          await finishRevoke(context, item.id, 'system', claimed);
          result.finished.push(item.id);
        } else result.skipped.push(item.id);
        continue;
      }
      const outcome = await revokeGrant(context, { grantId: item.id, cause: 'expired', by: 'system' });
      if (outcome.outcome === 'revoked') result.revoked.push(item.id);
      else if (outcome.outcome === 'retrying') result.retrying.push(item.id);
      else result.skipped.push(item.id);
    } catch (error) {
      // The store or Slack failed outside the revoke's own handling; the grant is still due, so the next tick retries.
      context.log(`access.expire: grant ${item.id}: ${messageOf(error)}`);
      result.retrying.push(item.id);
    }
  }
  return result;
}
