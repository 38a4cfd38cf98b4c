import type { ActionPolicy, PolicyAction } from '../config/policies';
import { describePeople, type PeopleResolver } from './people';

/** What each policy lets a person do, as the refusal says it. */
const DOING: Readonly<Record<PolicyAction, string>> = {
  snapshot: 'take snapshots',
  restore: 'restore',
  pause: 'pause',
  resume: 'resume',
  delete: 'delete',
  retention: 'change backup retention or snapshot copy',
  vacuum: 'run VACUUM or ANALYZE',
  usageLimit: 'change usage limits',
  maintenance: 'defer maintenance',
  permissions: 'change permissions',
  doctor: 'run the doctor',
};

export type PolicyDecision = { allowed: true; approvalsRequired: number } | { allowed: false; message: string };

/** May this user ask for this action? Checked on every request, whoever drew the button. */
export async function checkPolicy(
  action: PolicyAction,
  policy: ActionPolicy,
  userId: string,
  people: PeopleResolver,
): Promise<PolicyDecision> {
  if (!policy.enabled) return { allowed: false, message: `\`${action}\` is turned off in chatops.yml (policies.${action}.enabled).` };
  if (!(await people.includes(policy.allowed, userId))) {
    return {
      allowed: false,
      message: `You are not allowed to ${DOING[action]}: policies.${action} allows ${describePeople(policy.allowed)}. Ask one of them, or an admin to add you.`,
    };
  }
  return { allowed: true, approvalsRequired: policy.approvalsRequired };
}
