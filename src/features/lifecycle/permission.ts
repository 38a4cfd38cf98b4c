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

/** True when Slack must be asked (a usergroup not in the cache) before this action's policy can answer. */
export function policyNeedsSlack(ports: AppPorts, action: LifecycleAction, user: string): boolean {
  const policy = ports.config.policies[action];
  return policy.enabled && ports.people.knownWithoutSlack(policy.allowed, user) === undefined;
}
