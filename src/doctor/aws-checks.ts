import type { ChatopsConfig } from '../config/chatops';
import { AwsOperationError, isFault } from '../redshift/errors';
import type { WarehouseDirectory } from '../redshift/warehouse';
import { failureText } from '../features/shared/failure';
import type { CheckResult } from './types';

/** The read calls the bot makes for each kind of target, and the IAM actions behind them (serverless.yml). */
const READS = {
  provisioned: { status: ['redshift:DescribeClusters'], snapshots: ['redshift:DescribeClusterSnapshots'] },
  serverless: {
    status: ['redshift-serverless:GetWorkgroup', 'redshift-serverless:GetNamespace'],
    snapshots: ['redshift-serverless:ListSnapshots', 'redshift-serverless:ListRecoveryPoints'],
  },
} as const;

/** What AWS said, as a check: access denied is missing (with the IAM actions to allow); anything else could not be told. */
function fromError(base: Pick<CheckResult, 'area' | 'target' | 'name'>, error: unknown, actions: readonly string[]): CheckResult {
  if (
    isFault(error, 'AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation') ||
    (error instanceof AwsOperationError && error.status === 403)
  ) {
    return {
      ...base,
      status: 'missing',
      detail: failureText(error),
      fix: `allow ${actions.join(', ')} to the bot's IAM role (serverless.yml lists them)`,
    };
  }
  return { ...base, status: 'not-verified', detail: failureText(error) };
}

/**
 * Each target's control plane, with the read calls the bot itself makes: its status (and so that
 * the cluster or workgroup named in chatops.yml exists) and its snapshots. Write actions are never
 * called: identity-checks.ts asks IAM's policy simulator about them.
 */
export async function awsChecks(config: ChatopsConfig, warehouses: WarehouseDirectory): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [name, target] of Object.entries(config.targets)) {
    const reads = READS[target.kind];
    const warehouse = warehouses.get(name);
    const what = target.kind === 'provisioned' ? `cluster ${target.cluster}` : `workgroup ${target.workgroup}`;
    try {
      const status = await warehouse.status();
      results.push({
        area: 'aws',
        target: name,
        name: `${what} is readable (${reads.status.join(', ')})`,
        status: 'ok',
        detail: `state ${status.state}`,
      });
    } catch (error) {
      results.push(fromError({ area: 'aws', target: name, name: `${what} is readable (${reads.status.join(', ')})` }, error, reads.status));
    }
    try {
      const page = await warehouse.listSnapshots({ limit: 1 });
      results.push({
        area: 'aws',
        target: name,
        name: `snapshots can be listed (${reads.snapshots.join(', ')})`,
        status: 'ok',
        detail: page.snapshots.length > 0 ? 'snapshots found' : 'none yet',
      });
    } catch (error) {
      results.push(
        fromError({ area: 'aws', target: name, name: `snapshots can be listed (${reads.snapshots.join(', ')})` }, error, reads.snapshots),
      );
    }
  }
  return results;
}
