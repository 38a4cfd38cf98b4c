import {
  CreateUsageLimitCommand,
  GetWorkgroupCommand,
  paginateListUsageLimits,
  type RedshiftServerlessClient,
  type UsageLimit,
} from '@aws-sdk/client-redshift-serverless';
import type { Target } from '../config/targets';
import type { UsageLimitInfo, UsageLimitSpec, UsageLimits } from './billing';
import type { RedshiftClients } from './clients';
import { awsCall } from './errors';

/** Serverless usage limits through client-redshift-serverless; limits apply to the workgroup's ARN. */
export class AwsUsageLimits implements UsageLimits {
  constructor(
    private readonly targets: Readonly<Record<string, Target>>,
    private readonly clients: RedshiftClients,
  ) {}

  async listUsageLimits(target: string): Promise<UsageLimitInfo[]> {
    const { client, arn } = await this.workgroup(target);
    return awsCall('ListUsageLimits', async () => {
      const found: UsageLimitInfo[] = [];
      for await (const page of paginateListUsageLimits({ client }, { resourceArn: arn, usageType: 'serverless-compute' })) {
        found.push(...(page.usageLimits ?? []).map(info));
      }
      return found;
    });
  }

  async createUsageLimit(target: string, spec: UsageLimitSpec): Promise<UsageLimitInfo> {
    const { client, arn, name } = await this.workgroup(target);
    const output = await awsCall(
      'CreateUsageLimit',
      () =>
        client.send(
          new CreateUsageLimitCommand({
            resourceArn: arn,
            usageType: 'serverless-compute',
            amount: spec.amountRpuHours,
            period: spec.period,
            breachAction: spec.breachAction,
          }),
        ),
      { resource: `workgroup ${name}` },
    );
    if (!output.usageLimit) throw new Error(`CreateUsageLimit on workgroup ${name} returned no usage limit`);
    return info(output.usageLimit);
  }

  private async workgroup(target: string): Promise<{ client: RedshiftServerlessClient; arn: string; name: string }> {
    const config = Object.prototype.hasOwnProperty.call(this.targets, target) ? this.targets[target] : undefined;
    if (!config || config.kind !== 'serverless')
      throw new Error(`${target} is not a Serverless target; usage limits apply to Serverless workgroups only`);
    const client = this.clients.serverless(config.region);
    const output = await awsCall('GetWorkgroup', () => client.send(new GetWorkgroupCommand({ workgroupName: config.workgroup })), {
      resource: `workgroup ${config.workgroup}`,
    });
    const arn = output.workgroup?.workgroupArn;
    if (!arn) throw new Error(`GetWorkgroup ${config.workgroup} returned no ARN`);
    return { client, arn, name: config.workgroup };
  }
}

function info(limit: UsageLimit): UsageLimitInfo {
  return {
    id: limit.usageLimitId ?? '',
    resourceArn: limit.resourceArn ?? '',
    amountRpuHours: limit.amount ?? 0,
    period: limit.period ?? 'monthly',
    breachAction: limit.breachAction ?? 'log',
  };
}
