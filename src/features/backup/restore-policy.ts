import { checkPolicy } from '../../approvals/policy';
import type { AppPorts } from '../types';

/** The restore policy's answer for this user, audited when it refuses; undefined when they may ask. */
export async function restoreRefusal(
  ports: Pick<AppPorts, 'config' | 'store' | 'people'>,
  userId: string,
  target: string,
): Promise<string | undefined> {
  const decision = await checkPolicy('restore', ports.config.policies.restore, userId, ports.people);
  if (decision.allowed) return undefined;
  await ports.store.appendAudit({ actor: userId, action: 'restore.refused', target, result: { reason: decision.message } });
  return `:no_entry: ${decision.message}`;
}
