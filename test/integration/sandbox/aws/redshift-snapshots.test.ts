import {
  ClusterNotFoundFault,
  ClusterSnapshotAlreadyExistsFault,
  ClusterSnapshotNotFoundFault,
  ClusterSnapshotQuotaExceededFault,
  CreateClusterSnapshotCommand,
  DeleteClusterSnapshotCommand,
  DescribeClusterSnapshotsCommand,
  InvalidClusterSnapshotStateFault,
  InvalidClusterStateFault,
  InvalidRetentionPeriodFault,
  ModifyClusterSnapshotCommand,
  paginateDescribeClusterSnapshots,
  PauseClusterCommand,
  waitUntilSnapshotAvailable,
  type Snapshot,
} from '@aws-sdk/client-redshift';
import { failure, START, startRedshift, type RedshiftHarness } from './redshift-harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('Redshift emulator: cluster snapshots, driven by @aws-sdk/client-redshift', () => {
  let h: RedshiftHarness;

  async function start(manualSnapshotQuota = 20): Promise<void> {
    h = await startRedshift({ tables: { 'dev.analytics.daily_events': { rows: 1_000, megabytes: 12 } }, limits: { manualSnapshotQuota } });
  }

  afterEach(() => h.close());

  async function snapshot(id: string): Promise<Snapshot> {
    const out = await h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: id }));
    expect(out.Snapshots).toHaveLength(1);
    return out.Snapshots![0];
  }

  function create(id: string, retention?: number) {
    return h.client.send(
      new CreateClusterSnapshotCommand({
        SnapshotIdentifier: id,
        ClusterIdentifier: 'analytics-prod',
        ManualSnapshotRetentionPeriod: retention,
      }),
    );
  }

  async function withClockRunning<T>(stepMs: number, run: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => h.clock.advance(stepMs), 5);
    try {
      return await run();
    } finally {
      clearInterval(timer);
    }
  }

  describe('the seed', () => {
    beforeEach(() => start());

    it('holds three automated snapshots of analytics-prod within the one-day retention', async () => {
      const out = await h.client.send(new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-prod' }));
      const snapshots = out.Snapshots ?? [];
      expect(snapshots).toHaveLength(3);
      for (const s of snapshots) {
        expect(s).toMatchObject({
          SnapshotType: 'automated',
          Status: 'available',
          ClusterIdentifier: 'analytics-prod',
          NodeType: 'ra3.xlplus',
          NumberOfNodes: 2,
          DBName: 'dev',
        });
        expect(s.SnapshotIdentifier).toMatch(/^rs:analytics-prod-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$/);
        expect(START - s.SnapshotCreateTime!.getTime()).toBeLessThan(DAY);
        expect(s.ManualSnapshotRetentionPeriod).toBeUndefined();
        expect(s.TotalBackupSizeInMegaBytes).toBeGreaterThan(0);
      }
      // Oldest first.
      const times = snapshots.map((s) => s.SnapshotCreateTime!.getTime());
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    });

    it('takes new automated snapshots as the clock moves and expires those past the retention', async () => {
      h.clock.advance(8 * HOUR);
      const later = (await h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotType: 'automated' }))).Snapshots ?? [];
      expect(later).toHaveLength(3);
      expect(later.at(-1)!.SnapshotCreateTime!.getTime()).toBe(START + 6 * HOUR);
      for (const s of later) expect(h.clock.now() - s.SnapshotCreateTime!.getTime()).toBeLessThan(DAY);
    });
  });

  describe('CreateClusterSnapshot', () => {
    beforeEach(() => start(3));

    it('returns the snapshot creating; it becomes available with the clock, as the SDK waiter sees', async () => {
      const created = await create('pre-migration', 7);
      expect(created.$metadata.httpStatusCode).toBe(200);
      expect(created.Snapshot).toMatchObject({
        SnapshotIdentifier: 'pre-migration',
        ClusterIdentifier: 'analytics-prod',
        Status: 'creating',
        SnapshotType: 'manual',
        ManualSnapshotRetentionPeriod: 7,
        ManualSnapshotRemainingDays: 7,
        ElapsedTimeInSeconds: 0,
        EstimatedSecondsToCompletion: Math.ceil(h.context.timings.snapshotCreateMs / 1000),
      });
      expect(created.Snapshot?.SnapshotCreateTime).toEqual(new Date(START));
      expect(created.Snapshot?.SnapshotRetentionStartTime).toEqual(new Date(START));

      h.clock.advance(h.context.timings.snapshotCreateMs / 2);
      const halfway = await snapshot('pre-migration');
      expect(halfway.Status).toBe('creating');
      expect(halfway.BackupProgressInMegaBytes).toBeCloseTo(halfway.TotalBackupSizeInMegaBytes! / 2, 1);

      const waited = await withClockRunning(250, () =>
        waitUntilSnapshotAvailable({ client: h.client, maxWaitTime: 10, minDelay: 0.01, maxDelay: 0.05 }, { SnapshotIdentifier: 'pre-migration' }),
      );
      expect(waited.state).toBe('SUCCESS');
      const done = await snapshot('pre-migration');
      expect(done).toMatchObject({
        Status: 'available',
        EstimatedSecondsToCompletion: 0,
        ElapsedTimeInSeconds: h.context.timings.snapshotCreateMs / 1000,
      });
      expect(done.BackupProgressInMegaBytes).toBe(done.TotalBackupSizeInMegaBytes);
    });

    it('keeps a snapshot without retention forever (-1, the cluster default)', async () => {
      const created = await create('keep-forever');
      expect(created.Snapshot).toMatchObject({ ManualSnapshotRetentionPeriod: -1, ManualSnapshotRemainingDays: -1 });
      h.clock.advance(400 * DAY);
      expect((await snapshot('keep-forever')).Status).toBe('available');
    });

    it('validates identifiers and retention, and refuses duplicates, unknown or busy clusters and the quota', async () => {
      for (const bad of ['1st-snapshot', 'ends-with-', 'two--hyphens', 'under_score', 'x'.repeat(256)]) {
        const fault = await failure(create(bad));
        expect(fault.name).toBe('InvalidParameterValue');
        expect(fault.$metadata.httpStatusCode).toBe(400);
      }
      for (const retention of [0, -2, 3654]) {
        const fault = await failure(create('retention-check', retention));
        expect(fault).toBeInstanceOf(InvalidRetentionPeriodFault);
        expect(fault.message).toContain('-1 or an integer between 1 and 3,653');
      }
      await create('first');
      const duplicate = await failure(create('first'));
      expect(duplicate).toBeInstanceOf(ClusterSnapshotAlreadyExistsFault);
      expect(duplicate.message).toBe('Cannot create the snapshot because a snapshot with the identifier first already exists');

      const missing = await failure(
        h.client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'x1', ClusterIdentifier: 'analytics-dev' })),
      );
      expect(missing).toBeInstanceOf(ClusterNotFoundFault);
      expect(missing.$metadata.httpStatusCode).toBe(404);

      await create('second');
      await create('third');
      const quota = await failure(create('fourth'));
      expect(quota).toBeInstanceOf(ClusterSnapshotQuotaExceededFault);
      expect(quota.message).toBe('The request would result in the user exceeding the allowed number of cluster snapshots.');

      h.clock.advance(h.context.timings.snapshotCreateMs);
      await h.client.send(new DeleteClusterSnapshotCommand({ SnapshotIdentifier: 'third' }));
      await h.client.send(new PauseClusterCommand({ ClusterIdentifier: 'analytics-prod' }));
      const paused = await failure(create('while-pausing'));
      expect(paused).toBeInstanceOf(InvalidClusterStateFault);
      expect(paused.message).toContain('pausing state');
    });

    it('ends failed when a fault is injected, and the SDK waiter reports the failure', async () => {
      h.service.failNextSnapshot('disk full');
      const created = await create('doomed');
      expect(created.Snapshot?.Status).toBe('creating');
      await expect(
        withClockRunning(250, () =>
          waitUntilSnapshotAvailable({ client: h.client, maxWaitTime: 10, minDelay: 0.01, maxDelay: 0.05 }, { SnapshotIdentifier: 'doomed' }),
        ),
      ).rejects.toThrow(/FAILURE/);
      expect((await snapshot('doomed')).Status).toBe('failed');
    });
  });

  describe('DescribeClusterSnapshots', () => {
    beforeEach(() => start(100));

    it('pages through the SDK paginator and keeps the order across pages', async () => {
      for (let i = 0; i < 25; i += 1) {
        h.clock.advance(1_000);
        await create(`batch-${String(i).padStart(2, '0')}`);
      }
      const pages: string[][] = [];
      for await (const page of paginateDescribeClusterSnapshots({ client: h.client, pageSize: 20 }, { ClusterIdentifier: 'analytics-prod' })) {
        pages.push((page.Snapshots ?? []).map((s) => s.SnapshotIdentifier!));
      }
      expect(pages.map((p) => p.length)).toEqual([20, 8]);
      const all = pages.flat();
      expect(all.slice(0, 3).every((id) => id.startsWith('rs:'))).toBe(true);
      expect(all.slice(3)).toEqual(Array.from({ length: 25 }, (_, i) => `batch-${String(i).padStart(2, '0')}`));
    });

    it('filters by type, time and ClusterExists, and sorts by SortingEntities', async () => {
      h.clock.advance(HOUR);
      await create('manual-a');
      h.clock.advance(HOUR);
      await create('manual-b');
      const manual = await h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotType: 'manual' }));
      expect(manual.Snapshots?.map((s) => s.SnapshotIdentifier)).toEqual(['manual-a', 'manual-b']);
      const window = await h.client.send(
        new DescribeClusterSnapshotsCommand({ StartTime: new Date(START + 30 * 60_000), EndTime: new Date(START + 90 * 60_000) }),
      );
      expect(window.Snapshots?.map((s) => s.SnapshotIdentifier)).toEqual(['manual-a']);
      const newestFirst = await h.client.send(
        new DescribeClusterSnapshotsCommand({ SortingEntities: [{ Attribute: 'CREATE_TIME', SortOrder: 'DESC' }] }),
      );
      expect(newestFirst.Snapshots?.slice(0, 2).map((s) => s.SnapshotIdentifier)).toEqual(['manual-b', 'manual-a']);
      const existing = await h.client.send(new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-prod', ClusterExists: true }));
      expect(existing.Snapshots).toHaveLength(5);
      const orphans = await h.client.send(new DescribeClusterSnapshotsCommand({ ClusterExists: false }));
      expect(orphans.Snapshots).toEqual([]);
    });

    it('answers the faults for unknown snapshots and clusters and bad filters', async () => {
      const missing = await failure(h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'nope' })));
      expect(missing).toBeInstanceOf(ClusterSnapshotNotFoundFault);
      expect(missing.message).toBe('Snapshot nope not found.');
      expect(missing.$metadata.httpStatusCode).toBe(404);
      const cluster = await failure(h.client.send(new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-dev' })));
      expect(cluster).toBeInstanceOf(ClusterNotFoundFault);
      const type = await failure(h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotType: 'weekly' })));
      expect(type.name).toBe('InvalidParameterValue');
      const exists = await failure(h.client.send(new DescribeClusterSnapshotsCommand({ ClusterExists: true })));
      expect(exists.name).toBe('InvalidParameterCombination');
      const records = await failure(h.client.send(new DescribeClusterSnapshotsCommand({ MaxRecords: 101 })));
      expect(records.name).toBe('InvalidParameterValue');
      const sort = await failure(
        h.client.send(new DescribeClusterSnapshotsCommand({ SortingEntities: [{ Attribute: 'NAME' as 'CREATE_TIME' }] })),
      );
      expect(sort.name).toBe('InvalidParameterValue');
    });
  });

  describe('DeleteClusterSnapshot and ModifyClusterSnapshot', () => {
    beforeEach(() => start());

    it('deletes an available manual snapshot and answers it `deleted`', async () => {
      await create('old');
      const early = await failure(h.client.send(new DeleteClusterSnapshotCommand({ SnapshotIdentifier: 'old' })));
      expect(early).toBeInstanceOf(InvalidClusterSnapshotStateFault);
      expect(early.message).toContain('creating state');
      h.clock.advance(h.context.timings.snapshotCreateMs);
      const deleted = await h.client.send(
        new DeleteClusterSnapshotCommand({ SnapshotIdentifier: 'old', SnapshotClusterIdentifier: 'analytics-prod' }),
      );
      expect(deleted.Snapshot).toMatchObject({ SnapshotIdentifier: 'old', Status: 'deleted' });
      expect(await failure(h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'old' })))).toBeInstanceOf(
        ClusterSnapshotNotFoundFault,
      );
      const again = await failure(h.client.send(new DeleteClusterSnapshotCommand({ SnapshotIdentifier: 'old' })));
      expect(again).toBeInstanceOf(ClusterSnapshotNotFoundFault);
    });

    it('refuses to delete automated snapshots', async () => {
      const [automated] = (await h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotType: 'automated' }))).Snapshots ?? [];
      const fault = await failure(h.client.send(new DeleteClusterSnapshotCommand({ SnapshotIdentifier: automated.SnapshotIdentifier })));
      expect(fault).toBeInstanceOf(InvalidClusterSnapshotStateFault);
      expect(fault.message).toContain('only manual snapshots may be deleted');
    });

    it('changes retention, counts the remaining days, and deletes the snapshot when it runs out', async () => {
      await create('short', 3);
      h.clock.advance(DAY + HOUR);
      expect((await snapshot('short')).ManualSnapshotRemainingDays).toBe(2);
      const longer = await h.client.send(
        new ModifyClusterSnapshotCommand({ SnapshotIdentifier: 'short', ManualSnapshotRetentionPeriod: 10 }),
      );
      expect(longer.Snapshot).toMatchObject({ ManualSnapshotRetentionPeriod: 10, ManualSnapshotRemainingDays: 9 });

      const passed = await failure(
        h.client.send(new ModifyClusterSnapshotCommand({ SnapshotIdentifier: 'short', ManualSnapshotRetentionPeriod: 1 })),
      );
      expect(passed).toBeInstanceOf(InvalidRetentionPeriodFault);
      expect(passed.message).toContain('already passed');
      const forced = await h.client.send(
        new ModifyClusterSnapshotCommand({ SnapshotIdentifier: 'short', ManualSnapshotRetentionPeriod: 1, Force: true }),
      );
      expect(forced.Snapshot?.ManualSnapshotRemainingDays).toBe(0);
      expect(await failure(h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'short' })))).toBeInstanceOf(
        ClusterSnapshotNotFoundFault,
      );

      await create('week', 7);
      h.clock.advance(7 * DAY);
      expect(await failure(h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'week' })))).toBeInstanceOf(
        ClusterSnapshotNotFoundFault,
      );
    });

    it('refuses bad retention, automated snapshots and unknown ones', async () => {
      await create('target');
      const bad = await failure(
        h.client.send(new ModifyClusterSnapshotCommand({ SnapshotIdentifier: 'target', ManualSnapshotRetentionPeriod: 0 })),
      );
      expect(bad).toBeInstanceOf(InvalidRetentionPeriodFault);
      const [automated] = (await h.client.send(new DescribeClusterSnapshotsCommand({ SnapshotType: 'automated' }))).Snapshots ?? [];
      const auto = await failure(
        h.client.send(
          new ModifyClusterSnapshotCommand({ SnapshotIdentifier: automated.SnapshotIdentifier, ManualSnapshotRetentionPeriod: 5 }),
        ),
      );
      expect(auto).toBeInstanceOf(InvalidClusterSnapshotStateFault);
      const missing = await failure(
        h.client.send(new ModifyClusterSnapshotCommand({ SnapshotIdentifier: 'ghost', ManualSnapshotRetentionPeriod: 5 })),
      );
      expect(missing).toBeInstanceOf(ClusterSnapshotNotFoundFault);
    });
  });
});
