import { CostExplorerClient, GetCostAndUsageCommand, type CostExplorerClientConfig, type GetCostAndUsageResponse } from '@aws-sdk/client-cost-explorer';
import type { ActualSpend, CostExplorer } from './billing';
import { awsCall } from './errors';

/** Cost Explorer's SERVICE dimension value for Redshift (GetDimensionValues lists it so). */
export const REDSHIFT_SERVICE = 'Amazon Redshift';

/** Cost Explorer is one global endpoint, in us-east-1; each request is billed, so callers ask once per report. */
export class AwsCostExplorer implements CostExplorer {
  constructor(private readonly client: CostExplorerClient) {}

  async actualSpend(from: string, to: string): Promise<ActualSpend> {
    const days: ActualSpend['days'] = [];
    let token: string | undefined;
    do {
      const page: GetCostAndUsageResponse = await awsCall('GetCostAndUsage', () =>
        this.client.send(
          new GetCostAndUsageCommand({
            TimePeriod: { Start: from, End: to },
            Granularity: 'DAILY',
            Metrics: ['UnblendedCost'],
            Filter: { Dimensions: { Key: 'SERVICE', Values: [REDSHIFT_SERVICE] } },
            NextPageToken: token,
          }),
        ),
      );
      for (const result of page.ResultsByTime ?? []) {
        const amount = Number(result.Total?.UnblendedCost?.Amount ?? '0');
        days.push({ day: result.TimePeriod?.Start ?? '', usd: Number.isFinite(amount) ? amount : 0, estimated: result.Estimated === true });
      }
      token = page.NextPageToken;
    } while (token);
    return { days, total: days.reduce((sum, day) => sum + day.usd, 0) };
  }
}

export function costExplorerClient(settings: { endpoint?: string; credentials?: CostExplorerClientConfig['credentials']; maxAttempts?: number }): CostExplorerClient {
  return new CostExplorerClient({
    region: 'us-east-1',
    retryMode: 'standard',
    maxAttempts: settings.maxAttempts ?? 3,
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
  });
}
