import { ManualClock } from '../../../src/clock';
import type { ProvisionedTarget, ServerlessTarget } from '../../../src/config/targets';
import { AwsOperationError, WarehouseRequestError } from '../../../src/redshift/errors';
import { DataApiExecutor } from '../../../src/redshift/data-api';
import { ProvisionedWarehouse } from '../../../src/redshift/provisioned';
import { ServerlessWarehouse } from '../../../src/redshift/serverless';
import { statement } from '../../../src/redshift/sql';
import { SEED_SECRET_ARNS } from '../../../src/sandbox/aws/data/secrets';
import { startTestEmulator, type TestEmulator } from './emulator';

const RESTORE_MS = 5_000;
const NAMESPACE_RESTORE_MS = 3_000;
const SNAPSHOT_MS = 2_000;
const prodTarget: ProvisionedTarget = { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' };
const lakeTarget: ServerlessTarget = { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('whole-warehouse restore against the emulator', () => {
  let emulator: TestEmulator;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));
    emulator = await startTestEmulator({
      clock,
      timings: { clusterRestoreMs: RESTORE_MS, namespaceRestoreMs: NAMESPACE_RESTORE_MS, snapshotCreateMs: SNAPSHOT_MS, statementMs: 0 },
    });
  });
  afterEach(() => emulator.close());

  /** Runs SQL through the bot's Data API adapter; its waits move the shared clock. */
  const sqlOn = () =>
    new DataApiExecutor({
      clients: emulator.clients,
      clock,
      sleep: async (ms) => {
        clock.advance(ms);
      },
    });
  const count = async (target: ProvisionedTarget | ServerlessTarget, table: string) =>
    Number((await sqlOn().execute(target, statement(`SELECT count(*) AS n FROM ${table}`))).rows[0]?.n);

  describe('provisioned: a new cluster from a snapshot', () => {
    let prod: ProvisionedWarehouse;
    let snapshot: string;

    beforeEach(async () => {
      prod = new ProvisionedWarehouse('prod', prodTarget, emulator.clients.redshift());
      const newest = (await prod.listSnapshots({ limit: 1 })).snapshots[0];
      if (!newest) throw new Error('the seed has no snapshot');
      snapshot = newest.id;
    });

    it('plans with the snapshot, the node type and count it launches with, and whether the name is free', async () => {
      const plan = await prod.backups.planRestore({ kind: 'new-cluster', snapshot, newCluster: 'analytics-restored' });
      expect(plan).toMatchObject({
        kind: 'new-cluster',
        newCluster: 'analytics-restored',
        nodeType: 'ra3.xlplus',
        nodes: 2,
        nameTaken: false,
        source: { kind: 'snapshot', id: snapshot, status: 'available', takenOf: 'analytics-prod' },
      });
      if (plan.kind !== 'new-cluster') throw new Error('wrong kind');
      expect(plan.source.createdAt).toBeInstanceOf(Date);
      expect(plan.source.sizeMb).toBeGreaterThan(0);

      const resized = await prod.backups.planRestore({ kind: 'new-cluster', snapshot, newCluster: 'analytics-big', nodes: 4 });
      expect(resized).toMatchObject({ nodeType: 'ra3.xlplus', nodes: 4 });
    });

    it('restores into a new cluster, which becomes available with an endpoint; the source is untouched', async () => {
      const started = await prod.backups.restoreWarehouse({ kind: 'new-cluster', snapshot, newCluster: 'analytics-restored' });
      expect(started).toMatchObject({ kind: 'new-cluster', cluster: 'analytics-restored', state: 'creating', available: false, nodes: 2 });
      expect(emulator.calls).toContain('RestoreFromClusterSnapshot');

      const during = await prod.backups.restoreStatus('analytics-restored');
      expect(during).toMatchObject({ state: 'creating', available: false });
      expect(during.kind === 'new-cluster' && during.progress?.status).toBe('restoring');

      clock.advance(RESTORE_MS + 1);
      const done = await prod.backups.restoreStatus('analytics-restored');
      expect(done).toMatchObject({ kind: 'new-cluster', state: 'available', available: true, nodeType: 'ra3.xlplus', nodes: 2 });
      expect(done.endpoint?.address).toEqual(expect.stringContaining('analytics-restored'));
      expect(done.kind === 'new-cluster' && done.progress?.status).toBe('completed');

      await expect(prod.status()).resolves.toMatchObject({ identifier: 'analytics-prod', state: 'available' });
      await expect(prod.backups.planRestore({ kind: 'new-cluster', snapshot, newCluster: 'analytics-restored' })).resolves.toMatchObject({
        nameTaken: true,
      });
    });

    it('brings back rows deleted after the snapshot, in the new cluster only', async () => {
      const sql = sqlOn();
      await sql.execute(prodTarget, statement('CREATE TABLE public.orders_kept (id INT)'));
      await sql.execute(prodTarget, statement('INSERT INTO public.orders_kept VALUES (1), (2), (3)'));
      await prod.createSnapshot('before-delete', 1);
      clock.advance(SNAPSHOT_MS + 1);
      await sql.execute(prodTarget, statement('DELETE FROM public.orders_kept'));

      await prod.backups.restoreWarehouse({ kind: 'new-cluster', snapshot: 'before-delete', newCluster: 'orders-restored' });
      clock.advance(RESTORE_MS + 1);
      await expect(prod.backups.restoreStatus('orders-restored')).resolves.toMatchObject({ available: true });
      expect(await count({ ...prodTarget, cluster: 'orders-restored' }, 'public.orders_kept')).toBe(3);
      expect(await count(prodTarget, 'public.orders_kept')).toBe(0);
    });

    it('reports a name already taken and a snapshot that does not exist with what to do', async () => {
      await prod.backups.restoreWarehouse({ kind: 'new-cluster', snapshot, newCluster: 'analytics-restored' });
      const taken = await failure(prod.backups.restoreWarehouse({ kind: 'new-cluster', snapshot, newCluster: 'analytics-restored' }));
      expect(taken).toBeInstanceOf(AwsOperationError);
      expect((taken as AwsOperationError).fault).toBe('ClusterAlreadyExists');
      expect((taken as AwsOperationError).userMessage()).toMatch(
        /^RestoreFromClusterSnapshot failed: ClusterAlreadyExists: .*pick another name/,
      );

      const missing = await failure(
        prod.backups.restoreWarehouse({ kind: 'new-cluster', snapshot: 'no-such-snapshot', newCluster: 'x-restored' }),
      );
      expect((missing as AwsOperationError).fault).toBe('ClusterSnapshotNotFound');
      expect((missing as AwsOperationError).userMessage()).toContain('see /redshift snapshot list');

      await expect(
        prod.backups.planRestore({ kind: 'new-cluster', snapshot: 'no-such-snapshot', newCluster: 'x-restored' }),
      ).rejects.toThrow('Cluster analytics-prod has no snapshot no-such-snapshot');
      await expect(prod.backups.restoreStatus('never-made')).rejects.toMatchObject({ fault: 'ClusterNotFound' });
    });

    it('refuses bad input before any call', async () => {
      const before = emulator.calls.length;
      const bad = [
        { kind: 'new-cluster' as const, snapshot, newCluster: 'Bad_Name' },
        { kind: 'new-cluster' as const, snapshot, newCluster: 'ends-' },
        { kind: 'new-cluster' as const, snapshot, newCluster: 'analytics-prod' },
        { kind: 'new-cluster' as const, snapshot, newCluster: 'ok-name', nodes: 0 },
      ];
      for (const request of bad) {
        await expect(prod.backups.restoreWarehouse(request)).rejects.toBeInstanceOf(WarehouseRequestError);
      }
      await expect(prod.backups.restoreWarehouse({ kind: 'namespace', source: { kind: 'snapshot', id: snapshot } })).rejects.toThrow(
        /restored into a new cluster/,
      );
      expect(emulator.calls.length).toBe(before);
    });
  });

  describe('Serverless: a snapshot or recovery point into the namespace', () => {
    let lake: ServerlessWarehouse;

    beforeEach(() => {
      lake = new ServerlessWarehouse('lake', lakeTarget, emulator.clients.serverless());
    });

    it('plans a snapshot and a recovery point', async () => {
      const plan = await lake.backups.planRestore({ kind: 'namespace', source: { kind: 'snapshot', id: 'lake-baseline' } });
      expect(plan).toMatchObject({
        kind: 'namespace',
        namespace: 'lake',
        workgroup: 'lake',
        source: { kind: 'snapshot', id: 'lake-baseline', status: 'available', takenOf: 'lake' },
      });
      const points = (await lake.allSnapshots()).filter((s) => s.kind === 'recovery-point');
      const point = points[0];
      if (!point) throw new Error('the seed has no recovery point');
      await expect(
        lake.backups.planRestore({ kind: 'namespace', source: { kind: 'recovery-point', id: point.id } }),
      ).resolves.toMatchObject({
        source: { kind: 'recovery-point', id: point.id, status: 'available', takenOf: 'lake' },
      });
      await expect(lake.backups.planRestore({ kind: 'namespace', source: { kind: 'snapshot', id: 'no-such-snapshot' } })).rejects.toThrow(
        'There is no snapshot no-such-snapshot',
      );
    });

    it('restores a snapshot into the namespace, which is available again afterwards with its endpoint', async () => {
      const started = await lake.backups.restoreWarehouse({ kind: 'namespace', source: { kind: 'snapshot', id: 'lake-baseline' } });
      expect(started).toMatchObject({
        kind: 'namespace',
        namespace: 'lake',
        workgroup: 'lake',
        available: false,
        snapshot: 'lake-baseline',
      });
      expect(started.state).not.toBe('AVAILABLE');
      expect(emulator.calls).toContain('RestoreFromSnapshot');
      await expect(lake.backups.restoreStatus('lake')).resolves.toMatchObject({ available: false });

      clock.advance(NAMESPACE_RESTORE_MS + 1);
      const done = await lake.backups.restoreStatus('lake');
      expect(done).toMatchObject({ kind: 'namespace', state: 'AVAILABLE', available: true });
      expect(done.endpoint?.address).toEqual(expect.any(String));
    });

    it('brings back rows deleted after the snapshot', async () => {
      const admin: ServerlessTarget = { ...lakeTarget, secretArn: SEED_SECRET_ARNS.lake };
      const sql = sqlOn();
      await sql.execute(admin, statement('CREATE TABLE public.events_kept (id INT)'));
      await sql.execute(admin, statement('INSERT INTO public.events_kept VALUES (1), (2)'));
      await lake.createSnapshot('events-before-delete', 1);
      clock.advance(SNAPSHOT_MS + 1);
      await sql.execute(admin, statement('DELETE FROM public.events_kept'));
      expect(await count(admin, 'public.events_kept')).toBe(0);

      await lake.backups.restoreWarehouse({ kind: 'namespace', source: { kind: 'snapshot', id: 'events-before-delete' } });
      clock.advance(NAMESPACE_RESTORE_MS + 1);
      await expect(lake.backups.restoreStatus('lake')).resolves.toMatchObject({ available: true });
      expect(await count(admin, 'public.events_kept')).toBe(2);
    });

    it('restores a recovery point into the namespace', async () => {
      const point = (await lake.allSnapshots()).find((s) => s.kind === 'recovery-point');
      if (!point) throw new Error('the seed has no recovery point');
      const started = await lake.backups.restoreWarehouse({ kind: 'namespace', source: { kind: 'recovery-point', id: point.id } });
      expect(started).toMatchObject({ kind: 'namespace', namespace: 'lake', available: false });
      expect(emulator.calls).toContain('RestoreFromRecoveryPoint');
      clock.advance(NAMESPACE_RESTORE_MS + 1);
      await expect(lake.backups.restoreStatus('lake')).resolves.toMatchObject({ available: true });
    });

    it('reports an unknown snapshot, and refuses a new cluster or another namespace before any call', async () => {
      const missing = await failure(
        lake.backups.restoreWarehouse({ kind: 'namespace', source: { kind: 'snapshot', id: 'no-such-snapshot' } }),
      );
      expect(missing).toBeInstanceOf(AwsOperationError);
      expect((missing as AwsOperationError).operation).toBe('RestoreFromSnapshot');

      const before = emulator.calls.length;
      await expect(lake.backups.restoreWarehouse({ kind: 'new-cluster', snapshot: 'lake-baseline', newCluster: 'x' })).rejects.toThrow(
        /restored into the namespace itself/,
      );
      await expect(lake.backups.restoreStatus('other')).rejects.toBeInstanceOf(WarehouseRequestError);
      expect(emulator.calls.length).toBe(before);
    });
  });
});
