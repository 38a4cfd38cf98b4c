import type { ChatopsConfig } from '../config/chatops';

/** A channel id from chatops.yml and the uses it is configured for (one id may serve several). */
export interface ConfiguredChannel {
  id: string;
  uses: Array<keyof ChatopsConfig['channels']>;
}

/** A user group id from chatops.yml and every place that names it, as chatops.yml paths. */
export interface ConfiguredUsergroup {
  id: string;
  paths: string[];
}

export function configuredChannels(config: Pick<ChatopsConfig, 'channels'>): ConfiguredChannel[] {
  const byId = new Map<string, ConfiguredChannel>();
  for (const use of ['approvals', 'alerts', 'audit'] as const) {
    const id = config.channels[use];
    const known = byId.get(id);
    if (known === undefined) byId.set(id, { id, uses: [use] });
    else known.uses.push(use);
  }
  return [...byId.values()];
}

/**
 * Every user group chatops.yml names: role approvers, and who may ask for or approve each action.
 * A turned-off action's `allowed` is already nobody (config/policies.ts), so it adds nothing.
 */
export function configuredUsergroups(config: Pick<ChatopsConfig, 'access' | 'policies'>): ConfiguredUsergroup[] {
  const byId = new Map<string, ConfiguredUsergroup>();
  const add = (ids: readonly string[], path: string) => {
    for (const id of ids) {
      const known = byId.get(id);
      if (known === undefined) byId.set(id, { id, paths: [path] });
      else if (!known.paths.includes(path)) known.paths.push(path);
    }
  };
  for (const [role, rules] of Object.entries(config.access.roles)) {
    add(rules.approvers.usergroups, `access.roles.${role}.approvers.usergroups`);
  }
  for (const [action, policy] of Object.entries(config.policies)) {
    add(policy.allowed.usergroups, `policies.${action}.allowed.usergroups`);
    add(policy.approvers.usergroups, `policies.${action}.approvers.usergroups`);
  }
  return [...byId.values()];
}
