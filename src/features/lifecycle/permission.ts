import { checkPolicy, type PolicyDecision } from '../../approvals/policy';
import type { AppPorts } from '../types';
import type { LifecycleAction } from './types';

/** The action's policy for this user, checked on every request, click and submission; a refusal is audited here. */
export async function permitted(
  ports: AppPorts,
  action: LifecycleAction,
  user: string,
  target: string,
  input: Record<string, unknown> = {},
): Promise<PolicyDecision> {
  const decision = await checkPolicy(action, ports.config.policies[action], user, ports.people);
  if (!decision.allowed) {
    await ports.store.appendAudit({
      actor: user,
      action: `lifecycle.${action}.refused`,
      target,
      input,
      result: { reason: decision.message },
    });
  }
  return decision;
}
