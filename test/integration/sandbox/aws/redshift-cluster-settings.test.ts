import {
  ClusterNotFoundFault,
  DescribeClusterSnapshotsCommand,
  DisableSnapshotCopyCommand,
  EnableSnapshotCopyCommand,
  InvalidClusterStateFault,
  ModifyClusterCommand,
  ModifyClusterMaintenanceCommand,
  SnapshotCopyAlreadyDisabledFault,
  SnapshotCopyAlreadyEnabledFault,
  UnknownSnapshotCopyRegionFault,
  UnsupportedOperationFault,
  type Cluster,
} from '@aws-sdk/client-redshift';
import { describeCluster, failure, START, startRedshift, type RedshiftHarness } from './redshift-harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("Redshift emulator: a cluster's settings, driven by @aws-sdk/client-redshift", () => {
  let h: RedshiftHarness;
  beforeEach(async () => {
    h = await startRedshift();
  });
  afterEach(() => h.close());

  const describeOne = (id?: string): Promise<Cluster> => describeCluster(h, id);

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
});
