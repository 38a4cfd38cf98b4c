import type { ChatopsConfig } from '../config/chatops';
import type { Billing, CostExplorer, UsageLimits } from '../redshift/billing';
import type { AwsClientSettings, RedshiftClients } from '../redshift/clients';

/**
 * The billing port with the SDK loaded on the first call, like the warehouses (nothing AWS on the
 * ack path): usage limits on the Redshift clients, Cost Explorer on its own client (global, us-east-1).
 */
export function lazyBilling(config: ChatopsConfig, loadClients: () => Promise<RedshiftClients>, settings: AwsClientSettings = {}): Billing {
  let limits: Promise<UsageLimits> | undefined;
  const loadLimits = () =>
    (limits ??= Promise.all([import('../redshift/usage-limits'), loadClients()]).then(([{ AwsUsageLimits }, clients]) => new AwsUsageLimits(config.targets, clients)));
  let explorer: Promise<CostExplorer> | undefined;
  const loadExplorer = () =>
    (explorer ??= import('../redshift/cost-explorer').then(({ AwsCostExplorer, costExplorerClient }) => new AwsCostExplorer(costExplorerClient(settings))));
  return {
    listUsageLimits: async (target) => (await loadLimits()).listUsageLimits(target),
    createUsageLimit: async (target, spec) => (await loadLimits()).createUsageLimit(target, spec),
    actualSpend: async (from, to) => (await loadExplorer()).actualSpend(from, to),
  };
}
