import {
  ClusterNotFoundFault,
  ClusterSnapshotNotFoundFault,
  CreateClusterSnapshotCommand,
  DescribeClusterSnapshotsCommand,
  DescribeTableRestoreStatusCommand,
  InProgressTableRestoreQuotaExceededFault,
  InvalidClusterSnapshotStateFault,
  InvalidClusterStateFault,
  InvalidTableRestoreArgumentFault,
  PauseClusterCommand,
  RestoreTableFromClusterSnapshotCommand,
  TableRestoreNotFoundFault,
  type RestoreTableFromClusterSnapshotCommandInput,
  type TableRestoreStatus,
} from '@aws-sdk/client-redshift';
import { failure, START, startRedshift, type RedshiftHarness } from './redshift-harness';

const KEY = 'cluster/analytics-prod';

describe('Redshift emulator: table restores, driven by @aws-sdk/client-redshift', () => {
  let h: RedshiftHarness;
  /** The newest seeded automated snapshot, imaged when the emulator started. */
  let seeded: string;

  beforeEach(async () => {
    h = await startRedshift({
      tables: {
        'dev.analytics.daily_events': { rows: 1_000, megabytes: 12 },
        'dev.public.orders': { rows: 50, megabytes: 1 },
      },
    });
    const automated = await h.client.send(
      new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-prod', SnapshotType: 'automated' }),
    );
    seeded = automated.Snapshots!.at(-1)!.SnapshotIdentifier!;
  });

  afterEach(() => h.close());

  function restore(overrides: Partial<RestoreTableFromClusterSnapshotCommandInput> = {}) {
    return h.client.send(
      new RestoreTableFromClusterSnapshotCommand({
        ClusterIdentifier: 'analytics-prod',
        SnapshotIdentifier: seeded,
        SourceDatabaseName: 'dev',
        SourceSchemaName: 'analytics',
        SourceTableName: 'daily_events',
        NewTableName: 'daily_events_restored',
        ...overrides,
      }),
    );
  }

  async function status(id: string): Promise<TableRestoreStatus> {
    const out = await h.client.send(new DescribeTableRestoreStatusCommand({ TableRestoreRequestId: id }));
    expect(out.TableRestoreStatusDetails).toHaveLength(1);
    return out.TableRestoreStatusDetails![0];
  }

  it('restores a table as it was in the snapshot: PENDING, IN_PROGRESS with progress, SUCCEEDED', async () => {
    // The live table changes after the snapshot; the restore must bring back the old rows.
    h.databases.putTable(KEY, 'dev', 'analytics', 'daily_events', { rows: 5, megabytes: 1 });
    const started = await restore();
    expect(started.$metadata.httpStatusCode).toBe(200);
    const request = started.TableRestoreStatus!;
    expect(request).toMatchObject({
      Status: 'PENDING',
      ClusterIdentifier: 'analytics-prod',
      SnapshotIdentifier: seeded,
      SourceDatabaseName: 'dev',
      SourceSchemaName: 'analytics',
      SourceTableName: 'daily_events',
      TargetDatabaseName: 'dev',
      TargetSchemaName: 'analytics',
      NewTableName: 'daily_events_restored',
      ProgressInMegaBytes: 0,
    });
    expect(request.TableRestoreRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.RequestTime).toEqual(new Date(START));

    h.clock.advance(h.context.timings.tableRestoreMs / 2);
    const running = await status(request.TableRestoreRequestId!);
    expect(running.Status).toBe('IN_PROGRESS');
    // The table's size is known once it is copied: no total before, and no progress that could shrink.
    expect(running.ProgressInMegaBytes).toBe(0);
    expect(running.TotalDataInMegaBytes).toBeUndefined();
    expect(h.databases.table(KEY, 'dev', 'analytics', 'daily_events_restored')).toBeUndefined();

    h.clock.advance(h.context.timings.tableRestoreMs / 2);
    const done = await status(request.TableRestoreRequestId!);
    expect(done).toMatchObject({ Status: 'SUCCEEDED', ProgressInMegaBytes: 12, TotalDataInMegaBytes: 12 });
    expect(done.Message).toBeUndefined();
    expect(h.databases.table(KEY, 'dev', 'analytics', 'daily_events_restored')).toEqual({ rows: 1_000, megabytes: 12 });
    expect(h.databases.table(KEY, 'dev', 'analytics', 'daily_events')).toEqual({ rows: 5, megabytes: 1 });
  });

  it('restores from a manual snapshot the data it held when it was created', async () => {
    await h.client.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'before-migration', ClusterIdentifier: 'analytics-prod' }));
    h.databases.putTable(KEY, 'dev', 'public', 'orders', { rows: 0, megabytes: 0 });
    const notYet = await failure(
      restore({
        SnapshotIdentifier: 'before-migration',
        SourceSchemaName: undefined,
        SourceTableName: 'orders',
        NewTableName: 'orders_back',
      }),
    );
    expect(notYet).toBeInstanceOf(InvalidClusterSnapshotStateFault);
    expect(notYet.message).toContain('creating state');

    h.clock.advance(h.context.timings.snapshotCreateMs);
    // No SourceSchemaName: public, as Redshift defaults it; names fold to lower case.
    const started = await restore({
      SnapshotIdentifier: 'before-migration',
      SourceSchemaName: undefined,
      SourceTableName: 'Orders',
      NewTableName: 'Orders_Back',
    });
    expect(started.TableRestoreStatus).toMatchObject({ SourceSchemaName: 'public', TargetSchemaName: 'public' });
    h.clock.advance(h.context.timings.tableRestoreMs);
    expect((await status(started.TableRestoreStatus!.TableRestoreRequestId!)).Status).toBe('SUCCEEDED');
    expect(h.databases.table(KEY, 'dev', 'public', 'orders_back')).toEqual({ rows: 50, megabytes: 1 });
  });

  it('allows one restore at a time per cluster', async () => {
    await restore();
    const second = await failure(restore({ NewTableName: 'another_copy' }));
    expect(second).toBeInstanceOf(InProgressTableRestoreQuotaExceededFault);
    expect(second.message).toContain('Wait for your current table restore requests to complete');
    h.clock.advance(h.context.timings.tableRestoreMs);
    const after = await restore({ NewTableName: 'another_copy' });
    expect(after.TableRestoreStatus?.Status).toBe('PENDING');
  });

  it('never overwrites a table and restores only into the snapshot’s own cluster', async () => {
    const overwrite = await failure(restore({ NewTableName: 'daily_events' }));
    expect(overwrite).toBeInstanceOf(InvalidTableRestoreArgumentFault);
    expect(overwrite.message).toContain('already exists');
    expect(overwrite.$metadata.httpStatusCode).toBe(400);

    await h.service.state.addCluster({ identifier: 'analytics-dev', nodeType: 'ra3.xlplus', numberOfNodes: 1 });
    const elsewhere = await failure(restore({ ClusterIdentifier: 'analytics-dev' }));
    expect(elsewhere).toBeInstanceOf(InvalidTableRestoreArgumentFault);
    expect(elsewhere.message).toContain('only into the cluster the snapshot was taken of');
  });

  it('answers the faults for missing pieces and a cluster that is not available', async () => {
    const cluster = await failure(restore({ ClusterIdentifier: 'nope' }));
    expect(cluster).toBeInstanceOf(ClusterNotFoundFault);
    const snapshot = await failure(restore({ SnapshotIdentifier: 'nope' }));
    expect(snapshot).toBeInstanceOf(ClusterSnapshotNotFoundFault);
    const noTable = await failure(restore({ SourceTableName: undefined }));
    expect(noTable.name).toBe('MissingParameter');
    expect(noTable.message).toBe('The request must contain the parameter SourceTableName');
    const longName = await failure(restore({ NewTableName: 'x'.repeat(128) }));
    expect(longName).toBeInstanceOf(InvalidTableRestoreArgumentFault);

    await h.client.send(new PauseClusterCommand({ ClusterIdentifier: 'analytics-prod' }));
    const paused = await failure(restore());
    expect(paused).toBeInstanceOf(InvalidClusterStateFault);
  });

  it('reports whole megabytes that never go down, from request to SUCCEEDED or FAILED', async () => {
    const ok = await restore();
    const bad = await restore({ SourceTableName: 'no_such_table', NewTableName: 'nothing' }).catch((error: unknown) => error);
    // One restore at a time per cluster: the second waits for the first.
    expect(bad).toBeInstanceOf(InProgressTableRestoreQuotaExceededFault);
    let before = { progress: 0, total: 0 };
    for (let step = 0; step <= 12; step += 1) {
      const now = await status(ok.TableRestoreStatus!.TableRestoreRequestId!);
      const progress = now.ProgressInMegaBytes!;
      const total = now.TotalDataInMegaBytes ?? 0;
      expect(Number.isInteger(progress) && Number.isInteger(total)).toBe(true);
      expect(progress).toBeGreaterThanOrEqual(before.progress);
      expect(total).toBeGreaterThanOrEqual(before.total);
      before = { progress, total };
      h.clock.advance(h.context.timings.tableRestoreMs / 10);
    }
    expect(before).toEqual({ progress: 12, total: 12 });
    const failing = await restore({ SourceTableName: 'no_such_table', NewTableName: 'nothing' });
    h.clock.advance(h.context.timings.tableRestoreMs);
    const failed = await status(failing.TableRestoreStatus!.TableRestoreRequestId!);
    expect(failed).toMatchObject({ Status: 'FAILED', ProgressInMegaBytes: 0 });
    expect(failed.TotalDataInMegaBytes).toBeUndefined();
  });

  it('ends FAILED with a message when the restore cannot be done or a fault is injected', async () => {
    const missing = await restore({ SourceTableName: 'no_such_table', NewTableName: 'copy_1' });
    h.clock.advance(h.context.timings.tableRestoreMs);
    const failed = await status(missing.TableRestoreStatus!.TableRestoreRequestId!);
    expect(failed.Status).toBe('FAILED');
    expect(failed.Message).toBe('Table analytics.no_such_table does not exist in database dev of the snapshot.');

    h.service.failNextTableRestore('Restore failed: the cluster ran out of disk space.');
    const injected = await restore({ NewTableName: 'copy_2' });
    h.clock.advance(h.context.timings.tableRestoreMs);
    const outcome = await status(injected.TableRestoreStatus!.TableRestoreRequestId!);
    expect(outcome).toMatchObject({ Status: 'FAILED', Message: 'Restore failed: the cluster ran out of disk space.' });
    expect(h.databases.table(KEY, 'dev', 'analytics', 'copy_2')).toBeUndefined();
  });

  it('describes restores by cluster and by request, with the faults for unknown ones', async () => {
    const first = await restore({ NewTableName: 'copy_a' });
    h.clock.advance(h.context.timings.tableRestoreMs);
    const second = await restore({ NewTableName: 'copy_b' });
    const all = await h.client.send(new DescribeTableRestoreStatusCommand({ ClusterIdentifier: 'analytics-prod' }));
    expect(all.TableRestoreStatusDetails?.map((r) => [r.TableRestoreRequestId, r.Status])).toEqual([
      [first.TableRestoreStatus!.TableRestoreRequestId, 'SUCCEEDED'],
      [second.TableRestoreStatus!.TableRestoreRequestId, 'PENDING'],
    ]);
    const unknown = await failure(h.client.send(new DescribeTableRestoreStatusCommand({ TableRestoreRequestId: 'no-such-request' })));
    expect(unknown).toBeInstanceOf(TableRestoreNotFoundFault);
    const cluster = await failure(h.client.send(new DescribeTableRestoreStatusCommand({ ClusterIdentifier: 'analytics-dev' })));
    expect(cluster).toBeInstanceOf(ClusterNotFoundFault);
  });
});
