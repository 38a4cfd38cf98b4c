import type { ParseContext } from '../../commands/types';

/** What the command parser knows of chatops.yml: the target and role names, and each role's targets. */
export function grammarContext(config: {
  targets: Record<string, unknown>;
  access: { roles: Record<string, { targets: readonly string[] }> };
}): ParseContext {
  const roles = Object.entries(config.access.roles);
  return {
    targets: Object.keys(config.targets),
    roles: roles.map(([name]) => name),
    roleTargets: Object.fromEntries(roles.map(([name, role]) => [name, role.targets])),
  };
}
