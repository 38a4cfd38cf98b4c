import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateClusterSnapshotCommand,
  DescribeClustersCommand,
  RedshiftClient,
  RestoreFromClusterSnapshotCommand,
  type Cluster,
} from '@aws-sdk/client-redshift';
import { ExecuteStatementCommand, GetStatementResultCommand, RedshiftDataClient, ValidationException } from '@aws-sdk/client-redshift-data';
import { ManualClock } from '../../../../src/clock';
import type { SavedEmulator } from '../../../../src/sandbox/aws/persist/emulator';
import { startAwsEmulator, type AwsEmulator } from '../../../../src/sandbox/aws/server';
import { emulatorClientConfig, failure } from '../../../support/aws-services';

/**
 * RestoreFromClusterSnapshot over PGlite, driven by the real SDK clients: the new cluster holds the
 * snapshot's data (rows deleted since are back in it, not in the source), goes `creating` then
 * `available`, and survives a save and a second start.
 */
const RESTORE_MS = 5_000;
const SNAPSHOT_MS = 1_000;

interface Running {
  emulator: AwsEmulator;
  redshift: RedshiftClient;
  data: RedshiftDataClient;
  close(): Promise<void>;
}

async function start(clock: ManualClock, saved?: { state: SavedEmulator; imageDir: string }): Promise<Running> {
  const emulator = await startAwsEmulator({ clock, saved, timings: { clusterRestoreMs: RESTORE_MS, snapshotCreateMs: SNAPSHOT_MS } });
  await emulator.ready;
  const config = emulatorClientConfig(emulator.endpoint);
  const redshift = new RedshiftClient(config);
  const data = new RedshiftDataClient(config);
  return {
    emulator,
    redshift,
    data,
    async close() {
      redshift.destroy();
      data.destroy();
      await emulator.close();
    },
  };
}

/** Runs one statement as chatops_admin on a cluster's dev database; the emulator finishes it at once. */
async function sql(r: Running, cluster: string, text: string): Promise<string> {
  const { Id } = await r.data.send(
    new ExecuteStatementCommand({ ClusterIdentifier: cluster, DbUser: 'chatops_admin', Database: 'dev', Sql: text }),
  );
  return Id!;
}

async function ids(r: Running, cluster: string): Promise<number[]> {
  const id = await sql(r, cluster, 'SELECT id FROM adhoc.orders_r ORDER BY id');
  const result = await r.data.send(new GetStatementResultCommand({ Id: id }));
  return (result.Records ?? []).map((record) => Number(record[0].longValue));
}

async function describe1(r: Running, id: string): Promise<Cluster> {
  const out = await r.redshift.send(new DescribeClustersCommand({ ClusterIdentifier: id }));
  expect(out.Clusters).toHaveLength(1);
  return out.Clusters![0];
}

describe('Redshift emulator: RestoreFromClusterSnapshot with real data', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 20, 9, 0, 0));
  let dir: string;
  let first: Running | undefined;
  let second: Running | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chatops-cluster-restore-'));
    first = await start(clock);
  }, 120_000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores a new cluster holding the rows deleted after the snapshot; the source keeps lacking them', async () => {
    const r = first!;
    await sql(r, 'analytics-prod', 'CREATE TABLE adhoc.orders_r (id integer, item varchar(20))');
    await sql(r, 'analytics-prod', "INSERT INTO adhoc.orders_r VALUES (1, 'tea'), (2, 'cake'), (3, 'jam')");
    await r.redshift.send(new CreateClusterSnapshotCommand({ SnapshotIdentifier: 'before-delete', ClusterIdentifier: 'analytics-prod' }));
    clock.advance(SNAPSHOT_MS);
    await sql(r, 'analytics-prod', 'DELETE FROM adhoc.orders_r WHERE id > 1');
    const source = await describe1(r, 'analytics-prod');

    const started = await r.redshift.send(
      new RestoreFromClusterSnapshotCommand({ ClusterIdentifier: 'analytics-restored', SnapshotIdentifier: 'before-delete' }),
    );
    expect(started.Cluster).toMatchObject({
      ClusterIdentifier: 'analytics-restored',
      ClusterStatus: 'creating',
      ClusterAvailabilityStatus: 'Unavailable',
      NodeType: source.NodeType,
      NumberOfNodes: source.NumberOfNodes,
      DBName: 'dev',
      MasterUsername: 'chatops_admin',
      RestoreStatus: { Status: 'restoring' },
    });
    expect(started.Cluster?.Endpoint).toBeUndefined();

    // Not queryable until it is available.
    const early = await failure(sql(r, 'analytics-restored', 'SELECT 1'), ValidationException);
    expect(early.message).toMatch(/not available; its status is creating/);

    clock.advance(RESTORE_MS);
    const restored = await describe1(r, 'analytics-restored');
    expect(restored).toMatchObject({ ClusterStatus: 'available', RestoreStatus: { Status: 'completed' } });
    expect(restored.Endpoint?.Address).toMatch(/^analytics-restored\./);
    expect(restored.Endpoint?.Port).toBe(5439);

    expect(await ids(r, 'analytics-restored')).toEqual([1, 2, 3]);
    expect(await ids(r, 'analytics-prod')).toEqual([1]);
    const after = await describe1(r, 'analytics-prod');
    expect(after.ClusterStatus).toBe('available');
    expect(after.RestoreStatus).toBeUndefined();
    expect(after.Endpoint).toEqual(source.Endpoint);
  }, 60_000);

  it('keeps the restored cluster and its data through a save and a second start', async () => {
    const saved = JSON.parse(JSON.stringify(await first!.emulator.save(join(dir, 'one')))) as SavedEmulator;
    await first!.close();
    first = undefined;
    const r = (second = await start(clock, { state: saved, imageDir: join(dir, 'one') }));
    const restored = await describe1(r, 'analytics-restored');
    expect(restored).toMatchObject({ ClusterStatus: 'available', RestoreStatus: { Status: 'completed' }, NodeType: 'ra3.xlplus' });
    expect(await ids(r, 'analytics-restored')).toEqual([1, 2, 3]);
    expect(await ids(r, 'analytics-prod')).toEqual([1]);
  }, 120_000);

  it('replaces the whole content of a warehouse that exists when an image is restored into it', async () => {
    const r = second!;
    const host = r.emulator.databases;
    await host.restoreWhole('cluster/analytics-restored', await host.image('cluster/analytics-prod'));
    expect(await ids(r, 'analytics-restored')).toEqual([1]);
    expect(await host.databases('cluster/analytics-restored')).toEqual(['dev']);
  }, 60_000);
});
