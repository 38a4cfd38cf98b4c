import {
  ClusterNotFoundFault,
  DeleteClusterCommand,
  DescribeClustersCommand,
  DescribeClusterSnapshotsCommand,
  DisableSnapshotCopyCommand,
  EnableSnapshotCopyCommand,
  InvalidClusterStateFault,
  ModifyClusterCommand,
  ModifyClusterMaintenanceCommand,
  paginateDescribeClusters,
  PauseClusterCommand,
  ResumeClusterCommand,
  SnapshotCopyAlreadyDisabledFault,
  SnapshotCopyAlreadyEnabledFault,
  UnknownSnapshotCopyRegionFault,
  UnsupportedOperationFault,
  waitUntilClusterAvailable,
  waitUntilClusterDeleted,
  type Cluster,
} from '@aws-sdk/client-redshift';
import { failure, START, startRedshift, type RedshiftHarness } from './redshift-harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('Redshift emulator: clusters, driven by @aws-sdk/client-redshift', () => {
  let h: RedshiftHarness;
  beforeEach(async () => {
    h = await startRedshift();
  });
  afterEach(() => h.close());

  async function describeOne(id = 'analytics-prod'): Promise<Cluster> {
    const out = await h.client.send(new DescribeClustersCommand({ ClusterIdentifier: id }));
    expect(out.Clusters).toHaveLength(1);
    return out.Clusters![0];
  }

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

  describe('ModifyCluster', () => {
    it('changes retention and window, goes through modifying, and lowering retention drops old automated snapshots at once', async () => {
      const raised = await h.client.send(
        new ModifyClusterCommand({ ClusterIdentifier: 'analytics-prod', AutomatedSnapshotRetentionPeriod: 3 }),
      );
      expect(raised.Cluster?.AutomatedSnapshotRetentionPeriod).toBe(3);
      expect(raised.Cluster?.ClusterStatus).toBe('modifying');
      const busy = await failure(
        h.client.send(new ModifyClusterCommand({ ClusterIdentifier: 'analytics-prod', AutomatedSnapshotRetentionPeriod: 2 })),
      );
      expect(busy).toBeInstanceOf(InvalidClusterStateFault);
      expect(busy.message).toBe('There is an operation running on the Cluster. Please try to modify it later.');

      h.clock.advance(2 * DAY);
      const automated = async () =>
        (await h.client.send(new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-prod', SnapshotType: 'automated' })))
          .Snapshots ?? [];
      const kept = await automated();
      expect(kept.some((s) => START - s.SnapshotCreateTime!.getTime() > 12 * HOUR)).toBe(true);

      const lowered = await h.client.send(
        new ModifyClusterCommand({
          ClusterIdentifier: 'analytics-prod',
          AutomatedSnapshotRetentionPeriod: 1,
          PreferredMaintenanceWindow: 'Wed:03:00-Wed:04:00',
        }),
      );
      expect(lowered.Cluster?.PreferredMaintenanceWindow).toBe('wed:03:00-wed:04:00');
      // Now is Wednesday 27 November 10:00, so the next window is a week later.
      expect(lowered.Cluster?.NextMaintenanceWindowStartTime).toEqual(new Date('2024-12-04T03:00:00Z'));
      const left = await automated();
      expect(left.length).toBeGreaterThan(0);
      for (const snapshot of left) expect(h.clock.now() - snapshot.SnapshotCreateTime!.getTime()).toBeLessThan(DAY);
    });

    it('rejects bad retention and windows with AWS fault codes', async () => {
      const off = await failure(
        h.client.send(new ModifyClusterCommand({ ClusterIdentifier: 'analytics-prod', AutomatedSnapshotRetentionPeriod: 0 })),
      );
      expect(off.name).toBe('InvalidParameterValue');
      expect(off.message).toContain('RA3');
      const tooLong = await failure(
        h.client.send(new ModifyClusterCommand({ ClusterIdentifier: 'analytics-prod', AutomatedSnapshotRetentionPeriod: 36 })),
      );
      expect(tooLong.name).toBe('InvalidParameterValue');
      const manual = await failure(
        h.client.send(new ModifyClusterCommand({ ClusterIdentifier: 'analytics-prod', ManualSnapshotRetentionPeriod: 0 })),
      );
      expect(manual.name).toBe('InvalidRetentionPeriodFault');
      const format = await failure(
        h.client.send(new ModifyClusterCommand({ ClusterIdentifier: 'analytics-prod', PreferredMaintenanceWindow: 'sunday 18:00' })),
      );
      expect(format.name).toBe('InvalidParameterValue');
      expect(format.message).toContain('ddd:hh24:mi-ddd:hh24:mi');
      const short = await failure(
        h.client.send(new ModifyClusterCommand({ ClusterIdentifier: 'analytics-prod', PreferredMaintenanceWindow: 'sun:18:00-sun:18:15' })),
      );
      expect(short.message).toContain('at least 30 minutes');
      const resize = await failure(h.client.send(new ModifyClusterCommand({ ClusterIdentifier: 'analytics-prod', NodeType: 'ra3.4xlarge' })));
      expect(resize).toBeInstanceOf(UnsupportedOperationFault);
      const missing = await failure(
        h.client.send(new ModifyClusterCommand({ ClusterIdentifier: 'nope', AutomatedSnapshotRetentionPeriod: 2 })),
      );
      expect(missing).toBeInstanceOf(ClusterNotFoundFault);
      expect((await describeOne()).AutomatedSnapshotRetentionPeriod).toBe(1);
    });

    it('turns automated snapshots off on a DC2 cluster, deleting them all', async () => {
      await h.service.state.addCluster({ identifier: 'legacy', nodeType: 'dc2.large', numberOfNodes: 1, automatedRetentionDays: 2 });
      h.clock.advance(9 * HOUR);
      const list = async () => (await h.client.send(new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'legacy' }))).Snapshots ?? [];
      expect((await list()).length).toBe(1);
      h.context.timings.clusterModifyMs = 0;
      const off = await h.client.send(new ModifyClusterCommand({ ClusterIdentifier: 'legacy', AutomatedSnapshotRetentionPeriod: 0 }));
      expect(off.Cluster?.AutomatedSnapshotRetentionPeriod).toBe(0);
      expect(off.Cluster?.ClusterStatus).toBe('available');
      expect(await list()).toEqual([]);
    });
  });

  describe('ModifyClusterMaintenance', () => {
    it('defers maintenance, shows the deferment and skips the windows inside it, then cancels it', async () => {
      const deferred = await h.client.send(
        new ModifyClusterMaintenanceCommand({
          ClusterIdentifier: 'analytics-prod',
          DeferMaintenance: true,
          DeferMaintenanceIdentifier: 'freeze',
          DeferMaintenanceDuration: 30,
        }),
      );
      expect(deferred.Cluster?.DeferredMaintenanceWindows).toEqual([
        {
          DeferMaintenanceIdentifier: 'freeze',
          DeferMaintenanceStartTime: new Date(START),
          DeferMaintenanceEndTime: new Date(START + 30 * DAY),
        },
      ]);
      // 25 Nov + 30 days = 25 Dec (a Wednesday); the first Sunday window after it is 29 Dec.
      expect(deferred.Cluster?.NextMaintenanceWindowStartTime).toEqual(new Date('2024-12-29T18:00:00Z'));

      const cancelled = await h.client.send(
        new ModifyClusterMaintenanceCommand({ ClusterIdentifier: 'analytics-prod', DeferMaintenance: false }),
      );
      expect(cancelled.Cluster?.DeferredMaintenanceWindows).toEqual([]);
      expect(cancelled.Cluster?.NextMaintenanceWindowStartTime).toEqual(new Date('2024-12-01T18:00:00Z'));
    });

    it('refuses more than 60 days and ambiguous requests', async () => {
      const long = await failure(
        h.client.send(
          new ModifyClusterMaintenanceCommand({
            ClusterIdentifier: 'analytics-prod',
            DeferMaintenance: true,
            DeferMaintenanceDuration: 61,
          }),
        ),
      );
      expect(long.name).toBe('InvalidParameterValue');
      expect(long.message).toContain('60 days');
      const longEnd = await failure(
        h.client.send(
          new ModifyClusterMaintenanceCommand({
            ClusterIdentifier: 'analytics-prod',
            DeferMaintenance: true,
            DeferMaintenanceEndTime: new Date(START + 61 * DAY),
          }),
        ),
      );
      expect(longEnd.name).toBe('InvalidParameterValue');
      const both = await failure(
        h.client.send(
          new ModifyClusterMaintenanceCommand({
            ClusterIdentifier: 'analytics-prod',
            DeferMaintenance: true,
            DeferMaintenanceEndTime: new Date(START + 5 * DAY),
            DeferMaintenanceDuration: 5,
          }),
        ),
      );
      expect(both.name).toBe('InvalidParameterCombination');
      const missing = await failure(
        h.client.send(new ModifyClusterMaintenanceCommand({ ClusterIdentifier: 'nope', DeferMaintenance: false })),
      );
      expect(missing).toBeInstanceOf(ClusterNotFoundFault);
    });
  });

  describe('EnableSnapshotCopy and DisableSnapshotCopy', () => {
    it('shows ClusterSnapshotCopyStatus while copy is on', async () => {
      const enabled = await h.client.send(
        new EnableSnapshotCopyCommand({ ClusterIdentifier: 'analytics-prod', DestinationRegion: 'us-west-2', RetentionPeriod: 5 }),
      );
      expect(enabled.Cluster?.ClusterSnapshotCopyStatus).toEqual({
        DestinationRegion: 'us-west-2',
        RetentionPeriod: 5,
        ManualSnapshotRetentionPeriod: -1,
      });
      expect((await describeOne()).ClusterSnapshotCopyStatus?.DestinationRegion).toBe('us-west-2');

      const twice = await failure(
        h.client.send(new EnableSnapshotCopyCommand({ ClusterIdentifier: 'analytics-prod', DestinationRegion: 'eu-west-1' })),
      );
      expect(twice).toBeInstanceOf(SnapshotCopyAlreadyEnabledFault);
      expect(twice.message).toBe('Snapshot Copy is already enabled on Cluster analytics-prod.');

      const disabled = await h.client.send(new DisableSnapshotCopyCommand({ ClusterIdentifier: 'analytics-prod' }));
      expect(disabled.Cluster?.ClusterSnapshotCopyStatus).toBeUndefined();
      const again = await failure(h.client.send(new DisableSnapshotCopyCommand({ ClusterIdentifier: 'analytics-prod' })));
      expect(again).toBeInstanceOf(SnapshotCopyAlreadyDisabledFault);
    });

    it('rejects unknown regions and bad retention', async () => {
      const unknown = await failure(
        h.client.send(new EnableSnapshotCopyCommand({ ClusterIdentifier: 'analytics-prod', DestinationRegion: 'mars-north-1' })),
      );
      expect(unknown).toBeInstanceOf(UnknownSnapshotCopyRegionFault);
      expect(unknown.$metadata.httpStatusCode).toBe(404);
      const same = await failure(
        h.client.send(new EnableSnapshotCopyCommand({ ClusterIdentifier: 'analytics-prod', DestinationRegion: 'us-east-1' })),
      );
      expect(same).toBeInstanceOf(UnknownSnapshotCopyRegionFault);
      const retention = await failure(
        h.client.send(
          new EnableSnapshotCopyCommand({ ClusterIdentifier: 'analytics-prod', DestinationRegion: 'us-west-2', RetentionPeriod: 40 }),
        ),
      );
      expect(retention.name).toBe('InvalidRetentionPeriodFault');
      const missing = await failure(h.client.send(new DisableSnapshotCopyCommand({ ClusterIdentifier: 'nope' })));
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
