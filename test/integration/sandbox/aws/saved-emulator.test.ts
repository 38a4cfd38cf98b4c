import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateClusterSnapshotCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
  DescribeTableRestoreStatusCommand,
  PauseClusterCommand,
  RestoreTableFromClusterSnapshotCommand,
  ResumeClusterCommand,
} from '@aws-sdk/client-redshift';
import { DescribeStatementCommand, ExecuteStatementCommand, GetStatementResultCommand } from '@aws-sdk/client-redshift-data';
import { CreateSnapshotCommand, GetSnapshotCommand } from '@aws-sdk/client-redshift-serverless';
import { ManualClock } from '../../../../src/clock';
import { SEED_SECRET_ARNS } from '../../../../src/sandbox/aws/data/secrets';
import type { SavedEmulator } from '../../../../src/sandbox/aws/persist/emulator';
import { startAwsEmulator } from '../../../../src/sandbox/aws/server';
import { startFullEmulator, type RunningEmulator } from './full-emulator';

/**
 * The sandbox's second start: an emulator saved to disk comes back with its clusters, snapshots,
 * recovery points, statements and data as they were, on the same clock.
 */
type Running = RunningEmulator;
const start = startFullEmulator;

/** As chatops_admin: named on a cluster, the caller's IAM identity on a workgroup. */
async function sql(r: Running, text: string, target: { ClusterIdentifier: string } | { WorkgroupName: string }): Promise<string> {
  const user = 'ClusterIdentifier' in target ? { DbUser: 'chatops_admin' } : {};
  const { Id } = await r.data.send(new ExecuteStatementCommand({ ...target, ...user, Database: 'dev', Sql: text }));
  return Id!;
}

const PROD = { ClusterIdentifier: 'analytics-prod' };
// The seeded secret signs in as chatops_admin; the IAM identity alone could not create tables.
const LAKE = { WorkgroupName: 'lake', SecretArn: SEED_SECRET_ARNS.lake };

describe('a saved emulator', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 20, 9, 0, 0));
  let dir: string;
  let first: Running | undefined;
  let second: Running | undefined;
  let saved: SavedEmulator;
  let answerId: string;
  let sizeBefore: number | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chatops-saved-emulator-'));
    const r = (first = await start(clock));
    answerId = await sql(r, 'CREATE TABLE adhoc.answers AS SELECT 42 AS answer', PROD);
    await r.redshift.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'with-answers', ClusterIdentifier: 'analytics-prod' }));
    clock.advance(r.emulator.context.timings.snapshotCreateMs);
    await sql(r, 'DROP TABLE adhoc.answers', PROD);
    await sql(r, 'CREATE TABLE adhoc.lake_kept AS SELECT 7 AS n', LAKE);
    await r.serverless.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'lake-after' }));
    // Still pausing when saved: its status must carry on from the clock after the restart.
    await r.redshift.send(new PauseClusterCommand(PROD));
    const described = await r.redshift.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'with-answers' }));
    sizeBefore = described.Snapshots?.[0].TotalBackupSizeInMegaBytes;
    // Through JSON, as the sandbox stores it.
    saved = JSON.parse(JSON.stringify(await r.emulator.save(join(dir, 'one')))) as SavedEmulator;
    await r.close();
    first = undefined;
  }, 120_000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes each database dump once, compressed, however many records share it', () => {
    const files = readdirSync(join(dir, 'one')).sort();
    const referenced = new Set([
      ...saved.warehouses.map((w) => w.image.file),
      ...saved.serverless.snapshots.map((s) => s.image.file),
      ...saved.serverless.recoveryPoints.map((p) => p.image.file),
      ...saved.redshift.snapshots.flatMap((s) => (s.image.image ? [s.image.image.file] : [])),
    ]);
    expect(files).toEqual([...referenced].sort());
    expect(files.every((file) => file.endsWith('.tar.gz'))).toBe(true);
    // 48 recovery points, 3 automated and 1 manual cluster snapshot, 3 lake snapshots, 2 live warehouses.
    expect(saved.serverless.recoveryPoints.length).toBeGreaterThan(40);
    expect(files.length).toBeLessThan(8);
    for (const file of files) expect(statSync(join(dir, 'one', file)).size).toBeLessThan(20 * 1024 * 1024);
  });

  it('comes back with its clusters, snapshots, statements and data, on the same clock', async () => {
    second = await start(clock, { state: saved, imageDir: join(dir, 'one') });
    const r = second;

    const cluster = await r.redshift.send(new DescribeClustersCommand(PROD));
    expect(cluster.Clusters?.[0].ClusterStatus).toBe('pausing');
    const snapshot = (await r.redshift.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'with-answers' }))).Snapshots?.[0];
    expect(snapshot?.Status).toBe('available');
    expect(snapshot?.TotalBackupSizeInMegaBytes).toBe(sizeBefore);

    const statement = await r.data.send(new DescribeStatementCommand({ Id: answerId }));
    expect(statement.Status).toBe('FINISHED');
    expect(statement.QueryString).toBe('CREATE TABLE adhoc.answers AS SELECT 42 AS answer');

    const lake = await sql(r, 'SELECT n FROM adhoc.lake_kept', LAKE);
    const rows = await r.data.send(new GetStatementResultCommand({ Id: lake }));
    expect(rows.Records).toEqual([[{ longValue: 7 }]]);

    // Query ids go on from the dump's history rather than starting over.
    const repeated = await sql(r, 'SELECT count(*) AS n FROM (SELECT query_id FROM sys_query_history GROUP BY query_id HAVING count(*) > 1) q', LAKE);
    expect((await r.data.send(new GetStatementResultCommand({ Id: repeated }))).Records).toEqual([[{ longValue: 0 }]]);

    const lakeSnapshot = await r.serverless.send(new GetSnapshotCommand({ snapshotName: 'lake-after' }));
    expect(['CREATING', 'AVAILABLE']).toContain(lakeSnapshot.snapshot?.status);

    // Time moves on from where it was: the pause finishes.
    clock.advance(10 * 60_000);
    expect((await r.redshift.send(new DescribeClustersCommand(PROD))).Clusters?.[0].ClusterStatus).toBe('paused');
  });

  it('restores a table from a snapshot taken before the save, so the dump inside it came back whole', async () => {
    const r = second!;
    // The cluster is paused now; table restores need it available.
    await r.redshift.send(new ResumeClusterCommand(PROD));
    clock.advance(30 * 60_000);
    const started = await r.redshift.send(
      new RestoreTableFromClusterSnapshotCommand({
        ClusterIdentifier: 'analytics-prod',
        SnapshotIdentifier: 'with-answers',
        SourceDatabaseName: 'dev',
        SourceSchemaName: 'adhoc',
        SourceTableName: 'answers',
        NewTableName: 'answers_back',
      }),
    );
    clock.advance(60 * 60_000);
    const id = started.TableRestoreStatus?.TableRestoreRequestId;
    const status = await r.redshift.send(new DescribeTableRestoreStatusCommand({ TableRestoreRequestId: id }));
    expect(status.TableRestoreStatusDetails?.[0].Status).toBe('SUCCEEDED');
    const back = await sql(r, 'SELECT answer FROM adhoc.answers_back', PROD);
    expect((await r.data.send(new GetStatementResultCommand({ Id: back }))).Records).toEqual([[{ longValue: 42 }]]);
  });

  it('links the dumps nothing has changed into the next save instead of writing them again', async () => {
    const r = second!;
    const again = await r.emulator.save(join(dir, 'two'));
    const baseline = (s: SavedEmulator) => s.serverless.snapshots.find((snap) => snap.name === 'lake-baseline')!.image.file;
    expect(statSync(join(dir, 'two', baseline(again))).ino).toBe(statSync(join(dir, 'one', baseline(saved))).ino);
  });

  it('refuses a save whose dump is damaged, saying so', async () => {
    const broken = join(dir, 'broken');
    const copy = JSON.parse(JSON.stringify(saved)) as SavedEmulator;
    mkdirSync(broken);
    for (const file of readdirSync(join(dir, 'one'))) writeFileSync(join(broken, file), 'not a dump');
    const emulator = await startAwsEmulator({ clock, saved: { state: copy, imageDir: broken } });
    try {
      await expect(emulator.ready).rejects.toThrow(/incorrect header check|not a dump|unexpected end/i);
    } finally {
      await emulator.close();
    }
  });
});
