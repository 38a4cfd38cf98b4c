import {
  ClusterAlreadyExistsFault,
  ClusterSnapshotNotFoundFault,
  CreateClusterSnapshotCommand,
  DescribeClusterSnapshotsCommand,
  InvalidClusterSnapshotStateFault,
  InvalidRestoreFault,
  NumberOfNodesPerClusterLimitExceededFault,
  NumberOfNodesQuotaExceededFault,
  RestoreFromClusterSnapshotCommand,
  type RestoreFromClusterSnapshotCommandInput,
  waitUntilClusterRestored,
} from '@aws-sdk/client-redshift';
import { describeCluster, failure, startRedshift, type RedshiftHarness } from './redshift-harness';

/** RestoreFromClusterSnapshot's parameters and faults, over in-memory databases. */
describe('Redshift emulator: RestoreFromClusterSnapshot parameters and faults', () => {
  let h: RedshiftHarness;
  let seeded: string;

  beforeEach(async () => {
    h = await startRedshift();
    h.databases.putTable('cluster/analytics-prod', 'dev', 'public', 'orders', [{ id: 1 }, { id: 2 }]);
    await h.client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'two-orders', ClusterIdentifier: 'analytics-prod' }));
    h.clock.advance(h.context.timings.snapshotCreateMs);
    h.databases.putTable('cluster/analytics-prod', 'dev', 'public', 'orders', [{ id: 1 }]);
    const automated = await h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotType: 'automated' }));
    seeded = automated.Snapshots!.at(-1)!.SnapshotIdentifier!;
  });

  afterEach(() => h.close());

  const restore = (input: Partial<RestoreFromClusterSnapshotCommandInput>) =>
    h.client.send(new RestoreFromClusterSnapshotCommand({ ClusterIdentifier: 'copy', ...input }));

  it('loads the snapshot as the new cluster whole database, leaving the source as it is', async () => {
    const out = await restore({ ClusterIdentifier: 'Copy-1', SnapshotIdentifier: 'TWO-ORDERS' });
    // The identifier is kept in lower case; the snapshot name is not case sensitive.
    expect(out.Cluster).toMatchObject({ ClusterIdentifier: 'copy-1', ClusterStatus: 'creating', RestoreStatus: { Status: 'restoring' } });
    expect(h.databases.rows('cluster/copy-1', 'dev', 'public', 'orders')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(h.databases.rows('cluster/analytics-prod', 'dev', 'public', 'orders')).toEqual([{ id: 1 }]);
    h.clock.advance(h.context.timings.clusterRestoreMs);
    expect(await describeCluster(h, 'copy-1')).toMatchObject({ ClusterStatus: 'available', RestoreStatus: { Status: 'completed' } });
    // The SDK's own ClusterRestored waiter reads RestoreStatus.Status and is satisfied at once.
    const waited = await waitUntilClusterRestored(
      { client: h.client, minDelay: 1, maxDelay: 1, maxWaitTime: 5 },
      { ClusterIdentifier: 'copy-1' },
    );
    expect(waited.state).toBe('SUCCESS');
    expect((await describeCluster(h)).RestoreStatus).toBeUndefined();
  });

  it('takes the node type and count from the snapshot unless given, and finds a snapshot by ARN', async () => {
    const listed = await h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'two-orders' }));
    const arn = listed.Snapshots![0].SnapshotArn!;
    const resized = await restore({ SnapshotArn: arn, NodeType: 'ra3.4xlarge', NumberOfNodes: 4, AutomatedSnapshotRetentionPeriod: 5 });
    expect(resized.Cluster).toMatchObject({ NodeType: 'ra3.4xlarge', NumberOfNodes: 4, AutomatedSnapshotRetentionPeriod: 5 });
    const same = await restore({ ClusterIdentifier: 'copy-2', SnapshotIdentifier: seeded, SnapshotClusterIdentifier: 'analytics-prod' });
    expect(same.Cluster).toMatchObject({
      NodeType: 'ra3.xlplus',
      NumberOfNodes: 2,
      PreferredMaintenanceWindow: 'sun:18:00-sun:18:30',
      Encrypted: true,
    });
  });

  it('refuses a name already taken: ClusterAlreadyExists', async () => {
    const taken = await failure(restore({ ClusterIdentifier: 'analytics-prod', SnapshotIdentifier: 'two-orders' }));
    expect(taken).toBeInstanceOf(ClusterAlreadyExistsFault);
    await restore({ SnapshotIdentifier: 'two-orders' });
    expect(await failure(restore({ SnapshotIdentifier: seeded }))).toBeInstanceOf(ClusterAlreadyExistsFault);
    expect(h.databases.rows('cluster/copy', 'dev', 'public', 'orders')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('refuses a snapshot that does not exist, or not of the named cluster: ClusterSnapshotNotFound', async () => {
    expect(await failure(restore({ SnapshotIdentifier: 'nope' }))).toBeInstanceOf(ClusterSnapshotNotFoundFault);
    const other = await failure(restore({ SnapshotIdentifier: 'two-orders', SnapshotClusterIdentifier: 'elsewhere' }));
    expect(other).toBeInstanceOf(ClusterSnapshotNotFoundFault);
    expect(h.databases.has('cluster/copy')).toBe(false);
  });

  it('refuses a snapshot that is not available yet: InvalidClusterSnapshotState', async () => {
    await h.client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'fresh', ClusterIdentifier: 'analytics-prod' }));
    const fault = await failure(restore({ SnapshotIdentifier: 'fresh' }));
    expect(fault).toBeInstanceOf(InvalidClusterSnapshotStateFault);
    expect(fault.message).toMatch(/creating state/);
  });

  it('refuses bad names and node settings with the documented codes, changing nothing', async () => {
    for (const name of ['1abc', 'a--b', 'ends-', 'x'.repeat(64), 'under_score']) {
      expect((await failure(restore({ ClusterIdentifier: name, SnapshotIdentifier: 'two-orders' }))).name).toBe('InvalidParameterValue');
    }
    expect((await failure(restore({ SnapshotIdentifier: 'two-orders', NodeType: 'ra9.huge' }))).name).toBe('InvalidParameterValue');
    expect((await failure(restore({ SnapshotIdentifier: 'two-orders', NumberOfNodes: 0 }))).name).toBe('InvalidParameterValue');
    const both = await failure(restore({ SnapshotIdentifier: 'two-orders', SnapshotArn: 'arn:aws:redshift:x' }));
    expect(both.name).toBe('InvalidParameterCombination');
    expect((await failure(restore({}))).name).toBe('MissingParameter');
    expect((await failure(restore({ SnapshotIdentifier: 'two-orders', Port: 5440 }))).name).toBe('UnsupportedOperationFault');
    expect(h.databases.has('cluster/copy')).toBe(false);
  });

  it('refuses more nodes than a cluster or the account may have, with the documented faults', async () => {
    const big = await failure(restore({ SnapshotIdentifier: 'two-orders', NumberOfNodes: 129 }));
    expect(big).toBeInstanceOf(NumberOfNodesPerClusterLimitExceededFault);
    await h.close();
    h = await startRedshift({ limits: { nodeQuota: 3 } });
    const automated = await h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotType: 'automated' }));
    const quota = await failure(restore({ SnapshotIdentifier: automated.Snapshots![0].SnapshotIdentifier }));
    expect(quota).toBeInstanceOf(NumberOfNodesQuotaExceededFault);
    const single = await restore({ SnapshotIdentifier: automated.Snapshots![0].SnapshotIdentifier, NumberOfNodes: 1 });
    expect(single.Cluster?.NumberOfNodes).toBe(1);
  });

  it('restores a DC2 snapshot only to its own DC2 size: InvalidRestore', async () => {
    await h.service.state.addCluster({ identifier: 'small', nodeType: 'dc2.large', numberOfNodes: 1 });
    await h.client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'small-snap', ClusterIdentifier: 'small' }));
    h.clock.advance(h.context.timings.snapshotCreateMs);
    const fault = await failure(restore({ SnapshotIdentifier: 'small-snap', NodeType: 'dc2.8xlarge', NumberOfNodes: 2 }));
    expect(fault).toBeInstanceOf(InvalidRestoreFault);
    expect(fault.$metadata.httpStatusCode).toBe(406);
    const upgraded = await restore({ SnapshotIdentifier: 'small-snap', NodeType: 'ra3.xlplus', NumberOfNodes: 2 });
    expect(upgraded.Cluster).toMatchObject({ NodeType: 'ra3.xlplus', RestoreStatus: { Status: 'restoring' } });
    const dc2 = await restore({ ClusterIdentifier: 'small-2', SnapshotIdentifier: 'small-snap' });
    // DC2 restores report their progress figures.
    expect(dc2.Cluster?.RestoreStatus).toMatchObject({ Status: 'restoring', ElapsedTimeInSeconds: 0, ProgressInMegaBytes: 0 });
  });
});
