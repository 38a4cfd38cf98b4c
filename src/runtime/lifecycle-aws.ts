import type { ChatopsConfig } from '../config/chatops';
import type { RedshiftClients } from '../redshift/clients';
import type { ClusterLifecycle, LifecycleDirectory, ServerlessLifecycle, WarehouseLifecycle } from '../redshift/lifecycle';

/**
 * Each target's lifecycle adapter, with the SDK loaded on the first call (like the warehouses): the
 * kind and names come from chatops.yml, so nothing AWS is constructed until a call is made.
 */
export function lazyLifecycles(config: ChatopsConfig, loadClients: () => Promise<RedshiftClients>): LifecycleDirectory {
  const made = new Map<string, WarehouseLifecycle>();
  return {
    get(name) {
      const known = made.get(name);
      if (known) return known;
      const target = Object.prototype.hasOwnProperty.call(config.targets, name) ? config.targets[name] : undefined;
      // A plain error: the warehouses module would load the SDK on the ack path.
      if (!target)
        throw new Error(`${JSON.stringify(name)} is not a target in chatops.yml; use one of ${Object.keys(config.targets).join(', ')}`);
      const sdk = () => Promise.all([import('../redshift/lifecycles'), loadClients()]);
      let lifecycle: WarehouseLifecycle;
      if (target.kind === 'provisioned') {
        let real: Promise<ClusterLifecycle> | undefined;
        const cluster = () => (real ??= sdk().then(([{ clusterLifecycle }, clients]) => clusterLifecycle(name, target, clients)));
        lifecycle = {
          kind: 'provisioned',
          target: name,
          cluster: target.cluster,
          state: async () => (await cluster()).state(),
          pause: async () => (await cluster()).pause(),
          resume: async () => (await cluster()).resume(),
          delete: async (final) => (await cluster()).delete(final),
          deferMaintenance: async (days) => (await cluster()).deferMaintenance(days),
        };
      } else {
        let real: Promise<ServerlessLifecycle> | undefined;
        const serverless = () => (real ??= sdk().then(([{ serverlessLifecycle }, clients]) => serverlessLifecycle(name, target, clients)));
        lifecycle = {
          kind: 'serverless',
          target: name,
          workgroup: target.workgroup,
          namespace: target.namespace,
          workgroupState: async () => (await serverless()).workgroupState(),
          namespaceState: async () => (await serverless()).namespaceState(),
          deleteWorkgroup: async () => (await serverless()).deleteWorkgroup(),
          deleteNamespace: async (final) => (await serverless()).deleteNamespace(final),
        };
      }
      made.set(name, lifecycle);
      return lifecycle;
    },
  };
}
