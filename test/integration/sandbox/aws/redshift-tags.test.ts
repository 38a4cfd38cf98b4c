import {
  CreateClusterSnapshotCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
  InvalidTagFault,
  TagLimitExceededFault,
} from '@aws-sdk/client-redshift';
import { failure, startRedshift, type RedshiftHarness } from './redshift-harness';

/**
 * Tag filters on Describe* (API_DescribeClusters.html, API_DescribeClusterSnapshots.html): no filter
 * returns everything; otherwise a resource matches "any combination of the specified keys and values".
 */
describe('Redshift emulator: tags and tag filters, driven by @aws-sdk/client-redshift', () => {
  let h: RedshiftHarness;
  beforeEach(async () => {
    h = await startRedshift();
    await h.service.state.addCluster({ identifier: 'etl-staging', nodeType: 'ra3.large', numberOfNodes: 1 });
    h.service.state.clusters.get('analytics-prod')!.tags = [
      { key: 'owner', value: 'data-platform' },
      { key: 'environment', value: 'prod' },
    ];
    h.service.state.clusters.get('etl-staging')!.tags = [{ key: 'environment', value: 'test' }];
  });
  afterEach(() => h.close());

  async function clusters(TagKeys?: string[], TagValues?: string[]): Promise<string[]> {
    const out = await h.client.send(new DescribeClustersCommand({ TagKeys, TagValues }));
    return (out.Clusters ?? []).map((c) => c.ClusterIdentifier!).sort();
  }

  async function snapshots(input: { TagKeys?: string[]; TagValues?: string[]; OwnerAccount?: string }): Promise<string[]> {
    const out = await h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotType: 'manual', ...input }));
    return (out.Snapshots ?? []).map((s) => s.SnapshotIdentifier!).sort();
  }

  it('filters clusters by tag keys, tag values, or any combination of both', async () => {
    expect(await clusters()).toEqual(['analytics-prod', 'etl-staging']);
    expect(await clusters(['owner'])).toEqual(['analytics-prod']);
    expect(await clusters(['environment'])).toEqual(['analytics-prod', 'etl-staging']);
    expect(await clusters(undefined, ['test'])).toEqual(['etl-staging']);
    expect(await clusters(['owner', 'environment'], ['test'])).toEqual(['etl-staging']);
    expect(await clusters(['owner'], ['test'])).toEqual([]);
    expect(await clusters(['cost-center'])).toEqual([]);
    const one = await h.client.send(new DescribeClustersCommand({ ClusterIdentifier: 'analytics-prod', TagKeys: ['cost-center'] }));
    expect(one.Clusters).toEqual([]);
  });

  it('shows a cluster its tags', async () => {
    const out = await h.client.send(new DescribeClustersCommand({ ClusterIdentifier: 'etl-staging' }));
    expect(out.Clusters?.[0].Tags).toEqual([{ Key: 'environment', Value: 'test' }]);
  });

  it('keeps the tags given to CreateClusterSnapshot and filters snapshots by them', async () => {
    const created = await h.client.send(
      new CreateClusterSnapshotCommand({
        SnapshotIdentifier: 'before-migration',
        ClusterIdentifier: 'analytics-prod',
        Tags: [{ Key: 'ticket', Value: 'OPS-42' }],
      }),
    );
    expect(created.Snapshot?.Tags).toEqual([{ Key: 'ticket', Value: 'OPS-42' }]);
    await h.client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'untagged', ClusterIdentifier: 'analytics-prod' }));
    expect(await snapshots({})).toEqual(['before-migration', 'untagged']);
    expect(await snapshots({ TagKeys: ['ticket'] })).toEqual(['before-migration']);
    expect(await snapshots({ TagValues: ['OPS-42'] })).toEqual(['before-migration']);
    expect(await snapshots({ TagKeys: ['ticket'], TagValues: ['OPS-1'] })).toEqual([]);
  });

  it('returns only the account’s own snapshots for OwnerAccount; another account has shared none', async () => {
    await h.client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'mine', ClusterIdentifier: 'analytics-prod' }));
    expect(await snapshots({ OwnerAccount: h.context.accountId })).toEqual(['mine']);
    expect(await snapshots({ OwnerAccount: '210987654321' })).toEqual([]);
  });

  it('refuses an invalid tag and more than 50 tags, creating nothing', async () => {
    const empty = await failure(
      h.client.send(
        new CreateClusterSnapshotCommand({
          SnapshotIdentifier: 'bad',
          ClusterIdentifier: 'analytics-prod',
          Tags: [{ Key: '', Value: 'x' }],
        }),
      ),
    );
    expect(empty).toBeInstanceOf(InvalidTagFault);
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const tooMany = await failure(
      h.client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'bad', ClusterIdentifier: 'analytics-prod', Tags: many })),
    );
    expect(tooMany).toBeInstanceOf(TagLimitExceededFault);
    expect(await snapshots({})).toEqual([]);
  });
});
