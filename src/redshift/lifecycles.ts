import type { ProvisionedTarget, ServerlessTarget } from '../config/targets';
import type { RedshiftClients } from './clients';
import type { ClusterLifecycle, ServerlessLifecycle } from './lifecycle';
import { ProvisionedLifecycle } from './provisioned-lifecycle';
import { ServerlessLifecycleAdapter } from './serverless-lifecycle';

/** The lifecycle adapter of one provisioned chatops.yml target, on the client of the target's region. */
export function clusterLifecycle(targetName: string, target: ProvisionedTarget, clients: RedshiftClients): ClusterLifecycle {
  return new ProvisionedLifecycle(targetName, target.cluster, clients.redshift(target.region));
}

/** The lifecycle adapter of one Serverless chatops.yml target, on the client of the target's region. */
export function serverlessLifecycle(targetName: string, target: ServerlessTarget, clients: RedshiftClients): ServerlessLifecycle {
  return new ServerlessLifecycleAdapter(targetName, target.workgroup, target.namespace, clients.serverless(target.region));
}
