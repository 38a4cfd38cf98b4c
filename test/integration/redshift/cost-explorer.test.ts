import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { ManualClock } from '../../../src/clock';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { actualsLine } from '../../../src/features/cost/actuals';
import { AwsCostExplorer } from '../../../src/redshift/cost-explorer';
import type { Billing } from '../../../src/redshift/billing';
import { emulatorContext } from '../../../src/sandbox/aws/core';
import { CostExplorerService } from '../../../src/sandbox/aws/cost-explorer';
import { failure, serveWithClient, type ServedWithClient } from '../../support/aws-services';
import { minimalConfigYaml } from '../../support/config';

describe('Cost Explorer: the adapter against the emulated GetCostAndUsage', () => {
  const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  const service = new CostExplorerService(emulatorContext(clock));
  let served: ServedWithClient<CostExplorerClient>;
  beforeAll(async () => {
    served = await serveWithClient(service, CostExplorerClient);
  });
  afterAll(async () => served.close());
  beforeEach(() => {
    service.requests.length = 0;
    service.bill = (day) => (day < '2026-11-01' ? 10 : 20);
  });

  test('daily Redshift spend over every page; days from today on are still estimated', async () => {
    const spend = await new AwsCostExplorer(served.client).actualSpend('2026-09-01', '2026-11-26');
    expect(spend.days).toHaveLength(86);
    expect(service.requests.length).toBe(3); // 40 days a page
    expect(service.requests[0]).toMatchObject({ Granularity: 'DAILY', Metrics: ['UnblendedCost'], Filter: { Dimensions: { Key: 'SERVICE', Values: ['Amazon Redshift'] } } });
    expect(spend.total).toBeCloseTo(61 * 10 + 25 * 20, 6);
    expect(spend.days.filter((day) => day.estimated).map((day) => day.day)).toEqual(['2026-11-25']);
  });

  test('a bad period is the service\'s ValidationException', async () => {
    const error = await failure(served.client.send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-11-05', End: '2026-11-01' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] })), Error);
    expect(error.name).toBe('ValidationException');
  });

  test('the report line: the bill for each span beside the estimate, or why it could not be read; nothing when turned off', async () => {
    const on = parseChatopsConfig(`${minimalConfigYaml}\ncost:\n  costExplorer: { enabled: true }\n`);
    const explorer = new AwsCostExplorer(served.client);
    const billing = { actualSpend: (from: string, to: string) => explorer.actualSpend(from, to) } as Billing;
    const windows = [
      { label: 'Yesterday', from: Date.parse('2026-11-24T00:00:00Z'), to: Date.parse('2026-11-25T00:00:00Z') },
      { label: 'Month to date', from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-11-25T10:00:00Z') },
    ];
    expect(await actualsLine({ config: on, billing }, windows)).toBe(
      ':receipt: AWS bill for Amazon Redshift, whole account (Cost Explorer): Yesterday *$20.00* · Month to date *$500.00* (still estimated by AWS)',
    );
    expect(service.requests).toHaveLength(1);
    const off = parseChatopsConfig(minimalConfigYaml);
    expect(await actualsLine({ config: off, billing }, windows)).toBeUndefined();
    const broken = { actualSpend: async () => Promise.reject(new Error('AccessDeniedException: not allowed')) } as unknown as Billing;
    expect(await actualsLine({ config: on, billing: broken }, windows)).toBe(':receipt: Cost Explorer could not be read: AccessDeniedException: not allowed');
  });
});
