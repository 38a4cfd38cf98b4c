import {
  ClusterNotFoundFault,
  DeleteClusterCommand,
  DescribeClustersCommand,
  DescribeClusterSnapshotsCommand,
  InvalidClusterStateFault,
  paginateDescribeClusters,
  PauseClusterCommand,
  ResumeClusterCommand,
  UnsupportedOperationFault,
  waitUntilClusterAvailable,
  waitUntilClusterDeleted,
  type Cluster,
} from '@aws-sdk/client-redshift';
import { describeCluster, failure, START, startRedshift, type RedshiftHarness } from './redshift-harness';

describe('Redshift emulator: clusters, driven by @aws-sdk/client-redshift', () => {
  let h: RedshiftHarness;
  beforeEach(async () => {
    h = await startRedshift();
  });
  afterEach(() => h.close());

  const describeOne = (id?: string): Promise<Cluster> => describeCluster(h, id);

  /** Moves the manual clock forward in the background while an SDK waiter polls. */
  async function withClockRunning<T>(stepMs: number, run: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => h.clock.advance(stepMs), 5);
    try {
      return await run();
    } finally {
      clearInterval(timer);
    }
  }

  describe('DescribeClusters', () => {
    it('shows the seeded analytics-prod with the fields the bot reads', async () => {
      const out = await h.client.send(new DescribeClustersCommand({}));
      expect(out.$metadata.httpStatusCode).toBe(200);
      expect(out.Marker).toBeUndefined();
      expect(out.Clusters).toHaveLength(1);
      const cluster = out.Clusters![0];
      expect(cluster).toMatchObject({
        ClusterIdentifier: 'analytics-prod',
        NodeType: 'ra3.xlplus',
        NumberOfNodes: 2,
        ClusterStatus: 'available',
        ClusterAvailabilityStatus: 'Available',
        DBName: 'dev',
        MasterUsername: 'chatops_admin',
        AutomatedSnapshotRetentionPeriod: 1,
        ManualSnapshotRetentionPeriod: -1,
        PreferredMaintenanceWindow: 'sun:18:00-sun:18:30',
        DeferredMaintenanceWindows: [],
        TotalStorageCapacityInMegaBytes: 2 * 32 * 1024 * 1024,
      });
      expect(cluster.Endpoint?.Port).toBe(5439);
      expect(cluster.Endpoint?.Address).toMatch(/^analytics-prod\.[a-z0-9]+\.us-east-1\.redshift\.amazonaws\.com$/);
      expect(cluster.ClusterCreateTime).toBeInstanceOf(Date);
      expect(cluster.ClusterCreateTime!.getTime()).toBeLessThan(START);
      // Next Sunday 18:00 UTC after Monday 25 November.
      expect(cluster.NextMaintenanceWindowStartTime).toEqual(new Date('2024-12-01T18:00:00Z'));
      expect(cluster.ClusterSnapshotCopyStatus).toBeUndefined();
      expect(cluster.ClusterNodes?.map((n) => n.NodeRole)).toEqual(['LEADER', 'COMPUTE-0', 'COMPUTE-1']);
      expect(h.databases.has('cluster/analytics-prod')).toBe(true);
    });

    it('answers ClusterNotFound (404) for an unknown cluster and checks MaxRecords', async () => {
      const missing = await failure(h.client.send(new DescribeClustersCommand({ ClusterIdentifier: 'analytics-dev' })));
      expect(missing).toBeInstanceOf(ClusterNotFoundFault);
      expect(missing.name).toBe('ClusterNotFoundFault');
      expect(missing.message).toBe('Cluster analytics-dev not found.');
      expect(missing.$metadata.httpStatusCode).toBe(404);

      const tooFew = await failure(h.client.send(new DescribeClustersCommand({ MaxRecords: 10 })));
      expect(tooFew.name).toBe('InvalidParameterValue');
      expect(tooFew.message).toContain('between 20 and 100');
      expect(tooFew.$metadata.httpStatusCode).toBe(400);
    });

    it('pages with MaxRecords and Marker through the SDK paginator', async () => {
      for (let i = 0; i < 24; i += 1) {
        await h.service.state.addCluster({ identifier: `team-${String(i).padStart(2, '0')}`, nodeType: 'dc2.large', numberOfNodes: 1 });
      }
      const pages: string[][] = [];
      for await (const page of paginateDescribeClusters({ client: h.client, pageSize: 20 }, {})) {
        pages.push((page.Clusters ?? []).map((c) => c.ClusterIdentifier!));
      }
      expect(pages.map((p) => p.length)).toEqual([20, 5]);
      expect(new Set(pages.flat()).size).toBe(25);
      const bad = await failure(h.client.send(new DescribeClustersCommand({ Marker: 'not-a-marker' })));
      expect(bad.name).toBe('InvalidParameterValue');
    });
  });

  describe('PauseCluster and ResumeCluster', () => {
    it('pauses (taking an automated snapshot), resumes, and the cluster-available waiter follows the clock', async () => {
      const before = await h.client.send(
        new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-prod', SnapshotType: 'automated' }),
      );
      const paused = await h.client.send(new PauseClusterCommand({ ClusterIdentifier: 'analytics-prod' }));
      expect(paused.Cluster?.ClusterStatus).toBe('pausing');
      expect(paused.Cluster?.ClusterAvailabilityStatus).toBe('Modifying');
      expect(h.service.state.cluster('analytics-prod')).toEqual({ key: 'cluster/analytics-prod', status: 'pausing' });

      const after = await h.client.send(
        new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-prod', SnapshotType: 'automated' }),
      );
      expect(after.Snapshots).toHaveLength(before.Snapshots!.length + 1);
      const pauseSnapshot = after.Snapshots!.at(-1)!;
      expect(pauseSnapshot.SnapshotCreateTime).toEqual(new Date(START));
      expect(pauseSnapshot.SnapshotIdentifier).toBe('rs:analytics-prod-2024-11-25-10-00-00');

      const again = await failure(h.client.send(new PauseClusterCommand({ ClusterIdentifier: 'analytics-prod' })));
      expect(again).toBeInstanceOf(InvalidClusterStateFault);
      expect(again.message).toContain('pausing state');

      h.clock.advance(h.context.timings.clusterPauseMs);
      expect((await describeOne()).ClusterStatus).toBe('paused');
      expect((await describeOne()).ClusterAvailabilityStatus).toBe('Unavailable');

      const resumed = await h.client.send(new ResumeClusterCommand({ ClusterIdentifier: 'analytics-prod' }));
      expect(resumed.Cluster?.ClusterStatus).toBe('resuming');
      const waited = await withClockRunning(500, () =>
        waitUntilClusterAvailable({ client: h.client, maxWaitTime: 10, minDelay: 0.01, maxDelay: 0.05 }, { ClusterIdentifier: 'analytics-prod' }),
      );
      expect(waited.state).toBe('SUCCESS');
      expect((await describeOne()).ClusterStatus).toBe('available');
    });

    it('refuses to resume an available cluster and to pause one without automated snapshots', async () => {
      const resume = await failure(h.client.send(new ResumeClusterCommand({ ClusterIdentifier: 'analytics-prod' })));
      expect(resume).toBeInstanceOf(InvalidClusterStateFault);
      expect(resume.message).toBe(
        'Cannot resume cluster analytics-prod because it is in available state. Only a cluster in paused state can be resumed.',
      );
      expect(resume.$metadata.httpStatusCode).toBe(400);

      await h.service.state.addCluster({ identifier: 'scratch', nodeType: 'dc2.large', numberOfNodes: 1, automatedRetentionDays: 0 });
      const pause = await failure(h.client.send(new PauseClusterCommand({ ClusterIdentifier: 'scratch' })));
      expect(pause).toBeInstanceOf(UnsupportedOperationFault);
      expect(pause.message).toContain('automated snapshots are disabled');

      const missing = await failure(h.client.send(new PauseClusterCommand({ ClusterIdentifier: 'nope' })));
      expect(missing).toBeInstanceOf(ClusterNotFoundFault);
    });
  });

  describe('DeleteCluster', () => {
    it('requires a final snapshot identifier unless skipping, and checks it', async () => {
      const none = await failure(h.client.send(new DeleteClusterCommand({ ClusterIdentifier: 'analytics-prod' })));
      expect(none.name).toBe('InvalidParameterCombination');
      expect(none.message).toBe('FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is specified.');
      const both = await failure(
        h.client.send(
          new DeleteClusterCommand({
            ClusterIdentifier: 'analytics-prod',
            SkipFinalClusterSnapshot: true,
            FinalClusterSnapshotIdentifier: 'final',
          }),
        ),
      );
      expect(both.name).toBe('InvalidParameterCombination');
      const badId = await failure(
        h.client.send(new DeleteClusterCommand({ ClusterIdentifier: 'analytics-prod', FinalClusterSnapshotIdentifier: 'final--x' })),
      );
      expect(badId.name).toBe('InvalidParameterValue');
      const retention = await failure(
        h.client.send(
          new DeleteClusterCommand({
            ClusterIdentifier: 'analytics-prod',
            FinalClusterSnapshotIdentifier: 'final',
            FinalClusterSnapshotRetentionPeriod: 0,
          }),
        ),
      );
      expect(retention.name).toBe('InvalidRetentionPeriodFault');
      const missing = await failure(h.client.send(new DeleteClusterCommand({ ClusterIdentifier: 'nope', SkipFinalClusterSnapshot: true })));
      expect(missing).toBeInstanceOf(ClusterNotFoundFault);
      expect((await describeOne()).ClusterStatus).toBe('available');
    });

    it('takes the final snapshot, deletes, drops the database and keeps only the manual snapshot', async () => {
      const deleting = await h.client.send(
        new DeleteClusterCommand({
          ClusterIdentifier: 'analytics-prod',
          FinalClusterSnapshotIdentifier: 'analytics-prod-final',
          FinalClusterSnapshotRetentionPeriod: 30,
        }),
      );
      expect(deleting.Cluster?.ClusterStatus).toBe('final-snapshot');
      const final = await h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'analytics-prod-final' }));
      expect(final.Snapshots?.[0]).toMatchObject({ Status: 'final snapshot', SnapshotType: 'manual', ManualSnapshotRetentionPeriod: 30 });
      const busy = await failure(
        h.client.send(new DeleteClusterCommand({ ClusterIdentifier: 'analytics-prod', SkipFinalClusterSnapshot: true })),
      );
      expect(busy).toBeInstanceOf(InvalidClusterStateFault);
      expect(busy.message).toBe('There is an operation running on the Cluster. Please try to delete it at a later time.');

      h.clock.advance(h.context.timings.snapshotCreateMs);
      expect((await describeOne()).ClusterStatus).toBe('deleting');
      const waited = await withClockRunning(500, () =>
        waitUntilClusterDeleted({ client: h.client, maxWaitTime: 10, minDelay: 0.01, maxDelay: 0.05 }, { ClusterIdentifier: 'analytics-prod' }),
      );
      expect(waited.state).toBe('SUCCESS');
      expect(await failure(h.client.send(new DescribeClustersCommand({ ClusterIdentifier: 'analytics-prod' })))).toBeInstanceOf(
        ClusterNotFoundFault,
      );
      expect(h.databases.dropped).toEqual(['cluster/analytics-prod']);
      expect(h.service.state.cluster('analytics-prod')).toBeUndefined();

      const left = await h.client.send(new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-prod' }));
      expect(left.Snapshots?.map((s) => [s.SnapshotIdentifier, s.Status])).toEqual([['analytics-prod-final', 'available']]);
      const orphans = await h.client.send(new DescribeClusterSnapshotsCommand({ ClusterExists: false }));
      expect(orphans.Snapshots?.map((s) => s.SnapshotIdentifier)).toEqual(['analytics-prod-final']);
    });

    it('deletes a paused cluster without a final snapshot when told to skip it', async () => {
      await h.client.send(new PauseClusterCommand({ ClusterIdentifier: 'analytics-prod' }));
      const whilePausing = await failure(
        h.client.send(new DeleteClusterCommand({ ClusterIdentifier: 'analytics-prod', SkipFinalClusterSnapshot: true })),
      );
      expect(whilePausing).toBeInstanceOf(InvalidClusterStateFault);
      h.clock.advance(h.context.timings.clusterPauseMs);
      const deleting = await h.client.send(new DeleteClusterCommand({ ClusterIdentifier: 'analytics-prod', SkipFinalClusterSnapshot: true }));
      expect(deleting.Cluster?.ClusterStatus).toBe('deleting');
      h.clock.advance(h.context.timings.clusterDeleteMs);
      expect((await h.client.send(new DescribeClustersCommand({}))).Clusters).toEqual([]);
      expect(h.databases.has('cluster/analytics-prod')).toBe(false);
      expect((await h.client.send(new DescribeClusterSnapshotsCommand({}))).Snapshots).toEqual([]);
    });
  });
});
