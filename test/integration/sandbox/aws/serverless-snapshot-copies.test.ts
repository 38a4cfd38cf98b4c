import {
  ConflictException,
  CreateSnapshotCopyConfigurationCommand,
  DeleteNamespaceCommand,
  DeleteSnapshotCopyConfigurationCommand,
  DeleteWorkgroupCommand,
  InvalidPaginationException,
  ListSnapshotCopyConfigurationsCommand,
  paginateListSnapshotCopyConfigurations,
  ResourceNotFoundException,
  UpdateSnapshotCopyConfigurationCommand,
  ValidationException,
} from '@aws-sdk/client-redshift-serverless';
import { addNamespace } from '../../../../src/sandbox/aws/serverless';
import { ACCOUNT, failure, pages, startServerless, type ServerlessHarness } from './serverless-harness';

/** Snapshot copy configurations over the real SDK client: the round trip, paging, and every refusal. */
let h: ServerlessHarness;
beforeEach(async () => {
  h = await startServerless();
});
afterEach(async () => {
  await h.close();
});

async function create(destinationRegion: string, snapshotRetentionPeriod?: number, namespaceName = 'lake'): Promise<string> {
  const { snapshotCopyConfiguration } = await h.client.send(
    new CreateSnapshotCopyConfigurationCommand({ namespaceName, destinationRegion, snapshotRetentionPeriod }),
  );
  const id = snapshotCopyConfiguration?.snapshotCopyConfigurationId;
  if (!id) throw new Error('no configuration id');
  return id;
}

async function listed(namespaceName?: string): Promise<Array<[string | undefined, number | undefined]>> {
  const { snapshotCopyConfigurations } = await h.client.send(new ListSnapshotCopyConfigurationsCommand({ namespaceName }));
  return (snapshotCopyConfigurations ?? []).map((c) => [c.destinationRegion, c.snapshotRetentionPeriod]);
}

describe('snapshot copy configurations', () => {
  it('round-trips create, list, update and delete', async () => {
    expect(await listed('lake')).toEqual([]);
    const { snapshotCopyConfiguration: created } = await h.client.send(
      new CreateSnapshotCopyConfigurationCommand({
        namespaceName: 'lake',
        destinationRegion: 'us-west-2',
        snapshotRetentionPeriod: 7,
        destinationKmsKeyId: 'alias/dr',
      }),
    );
    expect(created).toMatchObject({
      namespaceName: 'lake',
      destinationRegion: 'us-west-2',
      snapshotRetentionPeriod: 7,
      destinationKmsKeyId: 'alias/dr',
    });
    expect(created?.snapshotCopyConfigurationArn).toBe(
      `arn:aws:redshift-serverless:us-east-1:${ACCOUNT}:snapshotcopyconfiguration/${created?.snapshotCopyConfigurationId}`,
    );
    const id = created?.snapshotCopyConfigurationId;
    expect(await listed('lake')).toEqual([['us-west-2', 7]]);

    const { snapshotCopyConfiguration: updated } = await h.client.send(
      new UpdateSnapshotCopyConfigurationCommand({ snapshotCopyConfigurationId: id, snapshotRetentionPeriod: 30 }),
    );
    expect(updated).toMatchObject({ snapshotCopyConfigurationId: id, destinationRegion: 'us-west-2', snapshotRetentionPeriod: 30 });
    expect(await listed()).toEqual([['us-west-2', 30]]);

    const { snapshotCopyConfiguration: deleted } = await h.client.send(
      new DeleteSnapshotCopyConfigurationCommand({ snapshotCopyConfigurationId: id }),
    );
    expect(deleted).toMatchObject({ snapshotCopyConfigurationId: id, snapshotRetentionPeriod: 30 });
    expect(await listed('lake')).toEqual([]);
  });

  it('keeps copies until deleted (-1) when no retention is given, and leaves it alone on an update without one', async () => {
    const id = await create('eu-west-1');
    expect(await listed('lake')).toEqual([['eu-west-1', -1]]);
    const { snapshotCopyConfiguration } = await h.client.send(
      new UpdateSnapshotCopyConfigurationCommand({ snapshotCopyConfigurationId: id }),
    );
    expect(snapshotCopyConfiguration?.snapshotRetentionPeriod).toBe(-1);
  });

  it('pages with maxResults and nextToken, and through the SDK paginator', async () => {
    const regions = ['us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
    for (const region of regions) {
      await create(region, 1);
      h.clock.advance(1);
    }
    const first = await h.client.send(new ListSnapshotCopyConfigurationsCommand({ namespaceName: 'lake', maxResults: 2 }));
    expect(first.snapshotCopyConfigurations?.map((c) => c.destinationRegion)).toEqual(regions.slice(0, 2));
    expect(first.nextToken).toBeDefined();
    const all = await pages(paginateListSnapshotCopyConfigurations({ client: h.client, pageSize: 2 }, { namespaceName: 'lake' }));
    expect(all).toHaveLength(3);
    expect(all.flatMap((p) => p.snapshotCopyConfigurations ?? []).map((c) => c.destinationRegion)).toEqual(regions);

    const badToken = await failure(h.client.send(new ListSnapshotCopyConfigurationsCommand({ nextToken: 'not-a-token-at-all' })));
    expect(badToken).toBeInstanceOf(InvalidPaginationException);
    expect(await failure(h.client.send(new ListSnapshotCopyConfigurationsCommand({ maxResults: 101 })))).toBeInstanceOf(
      ValidationException,
    );
  });

  it("refuses the namespace's own Region and a Region that does not exist: ValidationException", async () => {
    const same = await failure(
      h.client.send(new CreateSnapshotCopyConfigurationCommand({ namespaceName: 'lake', destinationRegion: 'us-east-1' })),
    );
    expect(same).toBeInstanceOf(ValidationException);
    expect(same.message).toMatch(/us-east-1 is the namespace's own Region/);
    const unknown = await failure(
      h.client.send(new CreateSnapshotCopyConfigurationCommand({ namespaceName: 'lake', destinationRegion: 'mars-north-1' })),
    );
    expect(unknown).toBeInstanceOf(ValidationException);
    expect(unknown.message).toMatch(/mars-north-1 is not a valid AWS Region/);
    expect(await listed()).toEqual([]);
  });

  it('refuses a second configuration for the same Region: ConflictException', async () => {
    const id = await create('us-west-2', 7);
    const error = await failure(
      h.client.send(new CreateSnapshotCopyConfigurationCommand({ namespaceName: 'lake', destinationRegion: 'us-west-2' })),
    );
    expect(error).toBeInstanceOf(ConflictException);
    expect(error.message).toContain(id);
    expect(await listed('lake')).toEqual([['us-west-2', 7]]);
  });

  it('refuses a retention outside -1 and 1–3653 days, on create and on update: ValidationException', async () => {
    for (const days of [0, -2, 3654]) {
      const error = await failure(
        h.client.send(
          new CreateSnapshotCopyConfigurationCommand({
            namespaceName: 'lake',
            destinationRegion: 'us-west-2',
            snapshotRetentionPeriod: days,
          }),
        ),
      );
      expect(error).toBeInstanceOf(ValidationException);
      expect(error.message).toMatch(/between 1 and 3653 days/);
    }
    const id = await create('us-west-2', 3653);
    const error = await failure(
      h.client.send(new UpdateSnapshotCopyConfigurationCommand({ snapshotCopyConfigurationId: id, snapshotRetentionPeriod: 0 })),
    );
    expect(error).toBeInstanceOf(ValidationException);
    expect(await listed()).toEqual([['us-west-2', 3653]]);
  });

  it('refuses a namespace or a configuration that does not exist: ResourceNotFoundException', async () => {
    expect(
      await failure(h.client.send(new CreateSnapshotCopyConfigurationCommand({ namespaceName: 'ghost', destinationRegion: 'us-west-2' }))),
    ).toBeInstanceOf(ResourceNotFoundException);
    expect(await failure(h.client.send(new ListSnapshotCopyConfigurationsCommand({ namespaceName: 'ghost' })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
    const update = await failure(
      h.client.send(new UpdateSnapshotCopyConfigurationCommand({ snapshotCopyConfigurationId: 'nope', snapshotRetentionPeriod: 7 })),
    );
    expect(update).toBeInstanceOf(ResourceNotFoundException);
    expect(update.message).toBe('Snapshot copy configuration nope not found.');
    const id = await create('us-west-2');
    await h.client.send(new DeleteSnapshotCopyConfigurationCommand({ snapshotCopyConfigurationId: id }));
    expect(await failure(h.client.send(new DeleteSnapshotCopyConfigurationCommand({ snapshotCopyConfigurationId: id })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('lists configurations of every namespace, and forgets them with their namespace', async () => {
    await addNamespace(h.service.state, { name: 'scratch' });
    await create('us-west-2', 7);
    h.clock.advance(1);
    await create('eu-west-1', 1, 'scratch');
    expect(await listed()).toEqual([
      ['us-west-2', 7],
      ['eu-west-1', 1],
    ]);
    expect(await listed('scratch')).toEqual([['eu-west-1', 1]]);
    await h.client.send(new DeleteNamespaceCommand({ namespaceName: 'scratch' }));
    h.clock.advance(h.context.timings.namespaceDeleteMs);
    expect(await listed()).toEqual([['us-west-2', 7]]);
    // The lake namespace is untouched while its workgroup goes.
    await h.client.send(new DeleteWorkgroupCommand({ workgroupName: 'lake' }));
    expect(await listed('lake')).toEqual([['us-west-2', 7]]);
  });
});
