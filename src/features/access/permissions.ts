import type { PeopleResolver } from '../../approvals/people';
import type { People } from '../../config/policies';
import type { ChatopsConfig } from '../../config/chatops';
import type { GrantRecord } from './grants';

/** A role's approvers in the workflow's terms (roles never approve "everyone"). */
export function roleApprovers(config: ChatopsConfig, role: string): People | undefined {
  const rules = Object.prototype.hasOwnProperty.call(config.access.roles, role) ? config.access.roles[role] : undefined;
  return rules ? { users: rules.approvers.users, usergroups: rules.approvers.usergroups, everyone: false } : undefined;
}

export async function isApproverOf(people: PeopleResolver, config: ChatopsConfig, role: string, user: string): Promise<boolean> {
  const approvers = roleApprovers(config, role);
  return approvers !== undefined && (await people.includes(approvers, user));
}

/** Approvers of any role see every grant and pending request in `access list`. */
export async function isAnyApprover(people: PeopleResolver, config: ChatopsConfig, user: string): Promise<boolean> {
  for (const role of Object.keys(config.access.roles)) if (await isApproverOf(people, config, role, user)) return true;
  return false;
}

/** The grantee, or an approver of the grant's role, may end a grant. */
export async function mayRevoke(people: PeopleResolver, config: ChatopsConfig, grant: Pick<GrantRecord, 'user' | 'role'>, user: string): Promise<boolean> {
  return grant.user === user || (await isApproverOf(people, config, grant.role, user));
}
