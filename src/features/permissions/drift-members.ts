/**
 * Drift in who holds the declared roles: principals that do not exist, standing members missing,
 * members nobody declared, standing members of temporary-only roles (unless a live grant of the bot
 * explains them), and declared roles granted to other roles. Pure.
 */
import { describeGrantee, findingKey, holders, joinWords, liveGrantFor } from './drift-common';
import { addMember, createPrincipal, removeMember, revokeNestedRole } from './statements';
import type { Baseline, DeclaredRole, Finding, Observed } from './types';

/** What a role gives, for `loses`: `read on pii`, `all on analytics and adhoc`. */
function reach(role: DeclaredRole): string {
  const schemas = Object.entries(role.schemas).sort(([a], [b]) => a.localeCompare(b));
  if (schemas.length === 0) return `${role.kind} ${role.name}`;
  return `${role.kind} ${role.name}, and with it ${joinWords(schemas.map(([schema, level]) => `${level} on ${schema}`))}`;
}

export function missingPrincipals(baseline: Baseline, observed: Observed): Finding[] {
  return baseline.roles.flatMap((role): Finding[] => {
    const found = observed.principals.find((p) => p.name === role.name);
    if (found?.kind === role.kind) return [];
    if (found !== undefined) {
      return [
        {
          kind: 'missing-principal',
          key: findingKey('missing-principal', role.name, role.kind),
          summary: `${role.name} is declared as a ${role.kind} but exists as a ${found.kind}`,
          fix: [],
          advice: `set mode: ${found.kind} for ${role.name} in chatops.yml, or drop the ${found.kind} and let grants apply create the ${role.kind}`,
        },
      ];
    }
    return [
      {
        kind: 'missing-principal',
        key: findingKey('missing-principal', role.name, role.kind),
        summary: `${role.kind} ${role.name} does not exist`,
        fix: [createPrincipal(role.kind, role.name)],
      },
    ];
  });
}

/** Standing members the baseline lists that do not hold their roles; users that do not exist go to `notes`. */
export function missingStandingMembers(baseline: Baseline, observed: Observed, notes: string[]): Finding[] {
  const users = new Set(observed.users);
  return Object.entries(baseline.standing)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([user, roles]) => {
      if (!users.has(user)) {
        notes.push(`standing lists ${user}, who is not a database user on ${baseline.target}: create the user first`);
        return [];
      }
      return roles.flatMap((name): Finding[] => {
        const role = baseline.roles.find((r) => r.name === name);
        if (role === undefined) return [];
        if (observed.members.some((m) => m.user === user && m.principal === name && m.via === role.kind)) return [];
        return [
          {
            kind: 'missing-standing-member',
            key: findingKey('missing-standing-member', user, name),
            summary: `${user} should hold ${role.kind} ${name} standing, and does not`,
            fix: [addMember(role.kind, name, user)],
          },
        ];
      });
    });
}

/** Members of declared roles that neither standing nor a live grant of the bot explains. */
export function unexplainedMembers(
  baseline: Baseline,
  observed: Observed,
  live: Parameters<typeof liveGrantFor>[0],
  botUser: string | undefined,
): Finding[] {
  const members = observed.members.flatMap((member): Finding[] => {
    const role = baseline.roles.find((r) => r.name === member.principal && r.kind === member.via);
    if (role === undefined || liveGrantFor(live, member.user, role.name) !== undefined) return [];
    if (!role.temporaryOnly && (baseline.standing[member.user] ?? []).includes(role.name)) return [];
    const kind = role.temporaryOnly ? 'standing-temporary-member' : 'undeclared-member';
    if (member.user === botUser) {
      // A bot that is not a superuser holds the roles it hands out (WITH ADMIN OPTION); revoking that would stop access grants.
      return [
        {
          kind,
          key: findingKey(kind, member.user, role.name),
          summary: `the bot's own database user ${member.user} holds ${role.kind} ${role.name}, so it can use what the role gives itself`,
          fix: [],
          advice: `a bot that is not a superuser needs the roles it grants (GRANT ROLE ${role.name} TO ${member.user} WITH ADMIN OPTION); to keep the bot out of ${joinWords(Object.keys(role.schemas).sort())}, run it as a superuser and revoke the role from it by hand`,
        },
      ];
    }
    return [
      {
        kind,
        key: findingKey(kind, member.user, role.name),
        summary: role.temporaryOnly
          ? `${member.user} holds ${role.kind} ${role.name} standing, but it may only be held through a temporary access grant, and no live grant of the bot explains it`
          : `${member.user} holds ${role.kind} ${role.name}, which standing does not list for them`,
        fix: [removeMember(role.kind, role.name, member.user)],
        loses: `${member.user} loses ${reach(role)}`,
      },
    ];
  });
  // A declared role granted to another role: that role's members hold it too, standing.
  const nested = observed.nesting.flatMap((n): Finding[] => {
    const role = baseline.roles.find((r) => r.name === n.grantedRole && r.kind === 'role');
    if (role === undefined) return [];
    const kind = role.temporaryOnly ? 'standing-temporary-member' : 'undeclared-member';
    const holder = { kind: 'role' as const, name: n.role };
    return [
      {
        kind,
        key: findingKey(kind, `role:${n.role}`, role.name),
        summary: `${describeGrantee(holder)} holds role ${role.name}, so its members hold it standing${role.temporaryOnly ? ', but it may only be held through a temporary access grant' : ''}`,
        fix: [revokeNestedRole(role.name, n.role)],
        loses: `${holders(observed, holder)} lose ${reach(role)}`,
      },
    ];
  });
  return [...members, ...nested];
}
