import {
  ConflictException,
  CreateUsageLimitCommand,
  DeleteNamespaceCommand,
  DeleteWorkgroupCommand,
  GetNamespaceCommand,
  GetSnapshotCommand,
  GetWorkgroupCommand,
  InternalServerException,
  ListNamespacesCommand,
  ListUsageLimitsCommand,
  ListWorkgroupsCommand,
  paginateListNamespaces,
  paginateListWorkgroups,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-redshift-serverless';
import { addNamespace, addWorkgroup } from '../../../../src/sandbox/aws/serverless';
import { DAY_MS, failure, pages, START, startServerless, type ServerlessHarness } from './serverless-harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let h: ServerlessHarness;
beforeEach(async () => {
  h = await startServerless();
});
afterEach(async () => {
  await h.close();
});

describe('seed', () => {
  it('creates the lake namespace databases and its workgroup before answering', async () => {
    expect(h.databases.has('namespace/lake')).toBe(true);
    const { namespace } = await h.client.send(new GetNamespaceCommand({ namespaceName: 'lake' }));
    expect(namespace).toMatchObject({ namespaceName: 'lake', dbName: 'dev', adminUsername: 'chatops_admin', status: 'AVAILABLE' });
    expect(namespace?.namespaceId).toMatch(UUID);
    expect(namespace?.namespaceArn).toBe(`arn:aws:redshift-serverless:us-east-1:123456789012:namespace/${namespace?.namespaceId}`);
    expect(namespace?.creationDate).toEqual(new Date(START - 180 * DAY_MS));
  });

  it('starts empty when asked', async () => {
    const empty = await startServerless({ seed: false });
    try {
      expect((await empty.client.send(new ListNamespacesCommand({}))).namespaces).toEqual([]);
      expect(empty.databases.has('namespace/lake')).toBe(false);
    } finally {
      await empty.close();
    }
  });
});

describe('GetWorkgroup', () => {
  it('returns the seeded workgroup with capacity, endpoint and parameters', async () => {
    const { workgroup } = await h.client.send(new GetWorkgroupCommand({ workgroupName: 'lake' }));
    expect(workgroup).toMatchObject({
      workgroupName: 'lake',
      namespaceName: 'lake',
      baseCapacity: 32,
      maxCapacity: 512,
      status: 'AVAILABLE',
      port: 5439,
      publiclyAccessible: false,
      endpoint: { address: 'lake.123456789012.us-east-1.redshift-serverless.amazonaws.com', port: 5439 },
    });
    expect(workgroup?.creationDate).toBeInstanceOf(Date);
    expect(workgroup?.configParameters).toContainEqual({ parameterKey: 'enable_user_activity_logging', parameterValue: 'true' });
  });

  it('raises ResourceNotFoundException for an unknown workgroup and ValidationException for a bad name', async () => {
    const missing = await failure(h.client.send(new GetWorkgroupCommand({ workgroupName: 'nope' })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe('Workgroup nope does not exist.');
    expect((missing as ResourceNotFoundException).resourceName).toBe('nope');
    expect(missing.$metadata.httpStatusCode).toBe(404);

    const bad = await failure(h.client.send(new GetWorkgroupCommand({ workgroupName: 'Lake_1' })));
    expect(bad).toBeInstanceOf(ValidationException);
    expect(bad.message).toContain("Value 'Lake_1' at 'workgroupName' failed to satisfy constraint");
    expect(bad.$metadata.httpStatusCode).toBe(400);
    const short = await failure(h.client.send(new GetWorkgroupCommand({ workgroupName: 'ab' })));
    expect(short.message).toContain('Member must have length between 3 and 64');
  });

  it('shows MODIFYING while held and AVAILABLE again when the clock passes', async () => {
    h.service.state.holdWorkgroup('lake', 'MODIFYING', 5_000);
    expect((await h.client.send(new GetWorkgroupCommand({ workgroupName: 'lake' }))).workgroup?.status).toBe('MODIFYING');
    h.clock.advance(5_000);
    expect((await h.client.send(new GetWorkgroupCommand({ workgroupName: 'lake' }))).workgroup?.status).toBe('AVAILABLE');
  });
});

describe('ListWorkgroups and ListNamespaces', () => {
  beforeEach(async () => {
    for (const name of ['alpha', 'beta', 'gamma']) {
      await addNamespace(h.service.state, { name });
      addWorkgroup(h.service.state, { name: `${name}-wg`, namespaceName: name, baseCapacity: 8, creatingMs: name === 'gamma' ? 60_000 : 0 });
    }
  });

  it('pages workgroups through the SDK paginator', async () => {
    const all = await pages(paginateListWorkgroups({ client: h.client, pageSize: 2 }, {}));
    expect(all).toHaveLength(2);
    expect(all.flatMap((p) => p.workgroups ?? []).map((w) => [w.workgroupName, w.status])).toEqual([
      ['lake', 'AVAILABLE'],
      ['alpha-wg', 'AVAILABLE'],
      ['beta-wg', 'AVAILABLE'],
      ['gamma-wg', 'CREATING'],
    ]);
  });

  it('pages namespaces through the SDK paginator', async () => {
    const all = await pages(paginateListNamespaces({ client: h.client, pageSize: 3 }, {}));
    expect(all.map((p) => p.namespaces?.length)).toEqual([3, 1]);
    expect(all.flatMap((p) => p.namespaces ?? []).map((n) => n.namespaceName)).toEqual(['lake', 'alpha', 'beta', 'gamma']);
  });

  it('refuses maxResults out of range and tokens it did not issue', async () => {
    const zero = await failure(h.client.send(new ListWorkgroupsCommand({ maxResults: 0 })));
    expect(zero).toBeInstanceOf(ValidationException);
    expect(zero.message).toContain('Member must have value greater than or equal to 1');
    const big = await failure(h.client.send(new ListNamespacesCommand({ maxResults: 101 })));
    expect(big.message).toContain('Member must have value less than or equal to 100');
    const first = await h.client.send(new ListNamespacesCommand({ maxResults: 1 }));
    const foreign = await failure(h.client.send(new ListWorkgroupsCommand({ nextToken: first.nextToken })));
    expect(foreign).toBeInstanceOf(ValidationException);
    expect(foreign.message).toContain('is not valid');
  });
});

describe('DeleteWorkgroup', () => {
  it('is DELETING, then gone with its usage limits after workgroupDeleteMs', async () => {
    const { workgroup } = await h.client.send(new GetWorkgroupCommand({ workgroupName: 'lake' }));
    await h.client.send(new CreateUsageLimitCommand({ resourceArn: workgroup?.workgroupArn, usageType: 'serverless-compute', amount: 100 }));

    const deleted = await h.client.send(new DeleteWorkgroupCommand({ workgroupName: 'lake' }));
    expect(deleted.workgroup).toMatchObject({ workgroupName: 'lake', status: 'DELETING' });
    expect(h.service.state.workgroup('lake')).toEqual({ key: 'namespace/lake', status: 'DELETING' });
    const again = await failure(h.client.send(new DeleteWorkgroupCommand({ workgroupName: 'lake' })));
    expect(again).toBeInstanceOf(ConflictException);
    expect(again.$metadata.httpStatusCode).toBe(409);

    h.clock.advance(h.context.timings.workgroupDeleteMs);
    expect(await failure(h.client.send(new GetWorkgroupCommand({ workgroupName: 'lake' })))).toBeInstanceOf(ResourceNotFoundException);
    expect(h.service.state.workgroup('lake')).toBeUndefined();
    expect((await h.client.send(new ListUsageLimitsCommand({}))).usageLimits).toEqual([]);
  });

  it('raises ResourceNotFoundException for an unknown workgroup', async () => {
    const error = await failure(h.client.send(new DeleteWorkgroupCommand({ workgroupName: 'nope' })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.$metadata.httpStatusCode).toBe(404);
  });
});

describe('DeleteNamespace', () => {
  it('is refused while a workgroup uses the namespace', async () => {
    const error = await failure(h.client.send(new DeleteNamespaceCommand({ namespaceName: 'lake' })));
    expect(error).toBeInstanceOf(ConflictException);
    expect(error.message).toBe('Namespace lake is associated with workgroup lake. Delete the workgroup before deleting the namespace.');
  });

  it('takes the final snapshot, is DELETING, then gone with its databases dropped', async () => {
    await h.client.send(new DeleteWorkgroupCommand({ workgroupName: 'lake' }));
    // A workgroup that is still DELETING keeps the namespace in use.
    expect(await failure(h.client.send(new DeleteNamespaceCommand({ namespaceName: 'lake' })))).toBeInstanceOf(ConflictException);
    h.clock.advance(h.context.timings.workgroupDeleteMs);

    const { namespace } = await h.client.send(
      new DeleteNamespaceCommand({ namespaceName: 'lake', finalSnapshotName: 'lake-final', finalSnapshotRetentionPeriod: 30 }),
    );
    expect(namespace).toMatchObject({ namespaceName: 'lake', status: 'DELETING' });
    const final = await h.client.send(new GetSnapshotCommand({ snapshotName: 'lake-final' }));
    expect(final.snapshot).toMatchObject({ namespaceName: 'lake', status: 'CREATING', snapshotRetentionPeriod: 30 });
    expect(await failure(h.client.send(new DeleteNamespaceCommand({ namespaceName: 'lake' })))).toBeInstanceOf(ConflictException);

    // Still DELETING until the final snapshot is available, then for namespaceDeleteMs.
    h.clock.advance(h.context.timings.snapshotCreateMs);
    expect((await h.client.send(new GetNamespaceCommand({ namespaceName: 'lake' }))).namespace?.status).toBe('DELETING');
    h.clock.advance(h.context.timings.namespaceDeleteMs);
    const gone = await failure(h.client.send(new GetNamespaceCommand({ namespaceName: 'lake' })));
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect(gone.message).toBe('Namespace lake does not exist.');
    expect(h.databases.dropped).toEqual(['namespace/lake']);
    expect((await h.client.send(new GetSnapshotCommand({ snapshotName: 'lake-final' }))).snapshot?.status).toBe('AVAILABLE');
  });

  it('validates the final snapshot members', async () => {
    const orphan = await failure(h.client.send(new DeleteNamespaceCommand({ namespaceName: 'lake', finalSnapshotRetentionPeriod: 7 })));
    expect(orphan).toBeInstanceOf(ValidationException);
    expect(orphan.message).toContain('finalSnapshotRetentionPeriod');
    const retention = await failure(
      h.client.send(new DeleteNamespaceCommand({ namespaceName: 'lake', finalSnapshotName: 'x-final', finalSnapshotRetentionPeriod: 0 })),
    );
    expect(retention).toBeInstanceOf(ValidationException);

    await addNamespace(h.service.state, { name: 'scratch' });
    const taken = await failure(h.client.send(new DeleteNamespaceCommand({ namespaceName: 'scratch', finalSnapshotName: 'lake-baseline' })));
    expect(taken).toBeInstanceOf(ConflictException);
    expect(taken.message).toBe('A snapshot with the name lake-baseline already exists.');
    expect((await h.client.send(new GetNamespaceCommand({ namespaceName: 'scratch' }))).namespace?.status).toBe('AVAILABLE');
  });

  it('raises ResourceNotFoundException for an unknown namespace', async () => {
    const error = await failure(h.client.send(new DeleteNamespaceCommand({ namespaceName: 'nope' })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('Data API directory', () => {
  it('maps a workgroup to its namespace database key and status', () => {
    expect(h.service.state.workgroup('lake')).toEqual({ key: 'namespace/lake', status: 'AVAILABLE' });
    expect(h.service.state.workgroup('nope')).toBeUndefined();
  });
});

describe('faults and wire format', () => {
  it('answers injected throttling with 429 and internal errors with 500, once each', async () => {
    h.context.faults.inject({ service: 'redshift-serverless', operation: 'GetWorkgroup', fault: { kind: 'throttle' } });
    const throttled = await failure(h.client.send(new GetWorkgroupCommand({ workgroupName: 'lake' })));
    expect(throttled).toBeInstanceOf(ThrottlingException);
    expect(throttled.$metadata.httpStatusCode).toBe(429);
    expect(throttled.message).toBe('Rate exceeded');

    h.context.faults.inject({ service: 'redshift-serverless', operation: 'GetWorkgroup', fault: { kind: 'internal' } });
    const broken = await failure(h.client.send(new GetWorkgroupCommand({ workgroupName: 'lake' })));
    expect(broken).toBeInstanceOf(InternalServerException);
    expect(broken.$fault).toBe('server');
    expect(broken.$metadata.httpStatusCode).toBe(500);

    expect((await h.client.send(new GetWorkgroupCommand({ workgroupName: 'lake' }))).workgroup?.status).toBe('AVAILABLE');
  });

  it('gives a named fault the status the model gives it', async () => {
    h.context.faults.inject({
      service: 'redshift-serverless',
      operation: 'DeleteWorkgroup',
      fault: { kind: 'named', code: 'ConflictException', message: 'There is an operation running on the workgroup.' },
    });
    const error = await failure(h.client.send(new DeleteWorkgroupCommand({ workgroupName: 'lake' })));
    expect(error).toBeInstanceOf(ConflictException);
    expect(error.message).toBe('There is an operation running on the workgroup.');
    expect(error.$metadata.httpStatusCode).toBe(409);
  });

  it('speaks awsJson1_1 on the wire: __type errors, unknown operations, malformed bodies', async () => {
    const post = (target: string, body: string): Promise<Response> =>
      fetch(`${h.endpoint}/`, { method: 'POST', headers: { 'X-Amz-Target': target, 'Content-Type': 'application/x-amz-json-1.1' }, body });

    const missing = await post('RedshiftServerless.GetNamespace', '{"namespaceName":"nope"}');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await missing.json()).toEqual({ __type: 'ResourceNotFoundException', message: 'Namespace nope does not exist.', resourceName: 'nope' });

    const unknown = await post('RedshiftServerless.CreateWorkgroupWithMagic', '{}');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { __type: string }).__type).toBe('UnknownOperationException');

    const garbled = await post('RedshiftServerless.GetNamespace', '{not json');
    expect(garbled.status).toBe(400);
    expect(((await garbled.json()) as { __type: string }).__type).toBe('SerializationException');

    const mistyped = await post('RedshiftServerless.GetNamespace', '{"namespaceName":42}');
    expect(((await mistyped.json()) as { __type: string }).__type).toBe('SerializationException');

    const absent = await post('RedshiftServerless.GetNamespace', '{}');
    expect(await absent.json()).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'namespaceName' failed to satisfy constraint: Member must not be null",
    });
  });
});
