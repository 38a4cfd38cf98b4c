import {
  CreateUsageLimitCommand,
  DeleteUsageLimitCommand,
  GetNamespaceCommand,
  GetUsageLimitCommand,
  GetWorkgroupCommand,
  InvalidPaginationException,
  ListUsageLimitsCommand,
  paginateListUsageLimits,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
} from '@aws-sdk/client-redshift-serverless';
import { failure, pages, startServerless, type ServerlessHarness } from './serverless-harness';

let h: ServerlessHarness;
let workgroupArn: string;
beforeEach(async () => {
  h = await startServerless();
  workgroupArn = (await h.client.send(new GetWorkgroupCommand({ workgroupName: 'lake' }))).workgroup?.workgroupArn ?? '';
});
afterEach(async () => {
  await h.close();
});

describe('CreateUsageLimit', () => {
  it('limits a workgroup in RPU-hours; period defaults to monthly and breachAction to log', async () => {
    const { usageLimit } = await h.client.send(new CreateUsageLimitCommand({ resourceArn: workgroupArn, usageType: 'serverless-compute', amount: 250 }));
    expect(usageLimit).toMatchObject({ resourceArn: workgroupArn, usageType: 'serverless-compute', amount: 250, period: 'monthly', breachAction: 'log' });
    expect(usageLimit?.usageLimitArn).toBe(`arn:aws:redshift-serverless:us-east-1:123456789012:usagelimit/${usageLimit?.usageLimitId}`);

    const daily = await h.client.send(
      new CreateUsageLimitCommand({ resourceArn: workgroupArn, usageType: 'serverless-compute', amount: 24, period: 'daily', breachAction: 'deactivate' }),
    );
    expect(daily.usageLimit).toMatchObject({ period: 'daily', breachAction: 'deactivate' });
  });

  it('refuses bad enums, a bad amount, a foreign ARN and an unknown workgroup', async () => {
    const type = await failure(h.client.send(new CreateUsageLimitCommand({ resourceArn: workgroupArn, usageType: 'spectrum' as never, amount: 1 })));
    expect(type).toBeInstanceOf(ValidationException);
    expect(type.message).toBe(
      "1 validation error detected: Value 'spectrum' at 'usageType' failed to satisfy constraint: Member must satisfy enum value set: [serverless-compute, cross-region-datasharing]",
    );
    const action = await failure(
      h.client.send(new CreateUsageLimitCommand({ resourceArn: workgroupArn, usageType: 'serverless-compute', amount: 1, breachAction: 'email' as never })),
    );
    expect(action).toBeInstanceOf(ValidationException);
    const amount = await failure(h.client.send(new CreateUsageLimitCommand({ resourceArn: workgroupArn, usageType: 'serverless-compute', amount: 0 })));
    expect(amount.message).toContain('positive whole number of RPU-hours');
    const arn = await failure(h.client.send(new CreateUsageLimitCommand({ resourceArn: 'arn:aws:s3:::bucket', usageType: 'serverless-compute', amount: 1 })));
    expect(arn).toBeInstanceOf(ValidationException);

    const namespaceArn = (await h.client.send(new GetNamespaceCommand({ namespaceName: 'lake' }))).namespace?.namespaceArn;
    const kind = await failure(h.client.send(new CreateUsageLimitCommand({ resourceArn: namespaceArn, usageType: 'serverless-compute', amount: 1 })));
    expect(kind.message).toContain('applies to a workgroup');

    const gone = workgroupArn.replace(/workgroup\/.*/, 'workgroup/00000000-0000-4000-8000-000000000000');
    const missing = await failure(h.client.send(new CreateUsageLimitCommand({ resourceArn: gone, usageType: 'serverless-compute', amount: 1 })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.$metadata.httpStatusCode).toBe(404);
  });

  it('enforces the per-resource quota', async () => {
    for (const amount of [10, 20, 30, 40]) {
      await h.client.send(new CreateUsageLimitCommand({ resourceArn: workgroupArn, usageType: 'serverless-compute', amount }));
    }
    const full = await failure(h.client.send(new CreateUsageLimitCommand({ resourceArn: workgroupArn, usageType: 'serverless-compute', amount: 50 })));
    expect(full).toBeInstanceOf(ServiceQuotaExceededException);
    expect(full.$metadata.httpStatusCode).toBe(402);
  });
});

describe('ListUsageLimits, GetUsageLimit and DeleteUsageLimit', () => {
  it('pages with the SDK paginator and filters by resource', async () => {
    for (const amount of [10, 20, 30]) {
      await h.client.send(new CreateUsageLimitCommand({ resourceArn: workgroupArn, usageType: 'serverless-compute', amount }));
    }
    const all = await pages(paginateListUsageLimits({ client: h.client, pageSize: 2 }, { resourceArn: workgroupArn }));
    expect(all.map((p) => p.usageLimits?.length)).toEqual([2, 1]);
    expect(all.flatMap((p) => p.usageLimits ?? []).map((l) => l.amount)).toEqual([10, 20, 30]);
    const bad = await failure(h.client.send(new ListUsageLimitsCommand({ nextToken: 'forged' })));
    expect(bad).toBeInstanceOf(InvalidPaginationException);
    const gone = workgroupArn.replace(/workgroup\/.*/, 'workgroup/00000000-0000-4000-8000-000000000000');
    expect(await failure(h.client.send(new ListUsageLimitsCommand({ resourceArn: gone })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it('filters by usageType and refuses a value outside the enum instead of ignoring it', async () => {
    await h.client.send(new CreateUsageLimitCommand({ resourceArn: workgroupArn, usageType: 'serverless-compute', amount: 10 }));
    const compute = await h.client.send(new ListUsageLimitsCommand({ usageType: 'serverless-compute' }));
    expect(compute.usageLimits?.map((l) => l.amount)).toEqual([10]);
    const sharing = await h.client.send(new ListUsageLimitsCommand({ usageType: 'cross-region-datasharing' }));
    expect(sharing.usageLimits).toEqual([]);
    const bad = await failure(h.client.send(new ListUsageLimitsCommand({ usageType: 'spectrum' as never })));
    expect(bad).toBeInstanceOf(ValidationException);
    expect(bad.$metadata.httpStatusCode).toBe(400);
  });

  it('gets and deletes a limit; a deleted one is not found', async () => {
    const { usageLimit } = await h.client.send(new CreateUsageLimitCommand({ resourceArn: workgroupArn, usageType: 'serverless-compute', amount: 99 }));
    const got = await h.client.send(new GetUsageLimitCommand({ usageLimitId: usageLimit?.usageLimitId }));
    expect(got.usageLimit).toEqual(usageLimit);
    const deleted = await h.client.send(new DeleteUsageLimitCommand({ usageLimitId: usageLimit?.usageLimitId }));
    expect(deleted.usageLimit).toEqual(usageLimit);
    const again = await failure(h.client.send(new DeleteUsageLimitCommand({ usageLimitId: usageLimit?.usageLimitId })));
    expect(again).toBeInstanceOf(ResourceNotFoundException);
    expect(again.message).toBe(`Usage limit ${usageLimit?.usageLimitId} does not exist.`);
    expect((await h.client.send(new ListUsageLimitsCommand({}))).usageLimits).toEqual([]);
  });
});
