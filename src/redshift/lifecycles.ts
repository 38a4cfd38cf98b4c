import type { Target } from '../config/targets';
import type { RedshiftClients } from './clients';
import type { WarehouseLifecycle } from './lifecycle';
import { ProvisionedLifecycle } from './provisioned-lifecycle';
import { ServerlessLifecycleAdapter } from './serverless-lifecycle';

/** The lifecycle adapter of one chatops.yml target, on the client of the target's region. */
export function lifecycleFor(targetName: string, target: Target, clients: RedshiftClients): WarehouseLifecycle {
  switch (target.kind) {
    case 'provisioned':
      return new ProvisionedLifecycle(targetName, target.cluster, clients.redshift(target.region));
    case 'serverless':
      return new ServerlessLifecycleAdapter(targetName, target.workgroup, target.namespace, clients.serverless(target.region));
  }
}
