import { ServerResponse, type IncomingMessage } from 'node:http';
import { PauseClusterCommand } from '@aws-sdk/client-redshift';
import { ManualClock, systemClock } from '../../../src/clock';
import type { ProvisionedTarget } from '../../../src/config/targets';
import { AwsRedshiftClients } from '../../../src/redshift/clients';
import { AwsOperationError, WarehouseRequestError } from '../../../src/redshift/errors';
import { ProvisionedWarehouse, SnapshotWaitError } from '../../../src/redshift/provisioned';
import type { AwsService } from '../../../src/sandbox/aws/core';
import { startTestEmulator, type TestEmulator } from './emulator';

const target: ProvisionedTarget = { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' };
const SNAPSHOT_MS = 2_000;

describe('ProvisionedWarehouse against the emulator', () => {
  let emulator: TestEmulator;
  let clock: ManualClock;
  let warehouse: ProvisionedWarehouse;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));
    emulator = await startTestEmulator({ clock, timings: { snapshotCreateMs: SNAPSHOT_MS }, redshiftLimits: { manualSnapshotQuota: 200 } });
    warehouse = new ProvisionedWarehouse('prod', target, emulator.clients.redshift());
  });
  afterEach(() => emulator.close());

  it('reports the seeded cluster', async () => {
    const status = await warehouse.status();
    expect(status).toMatchObject({
      target: 'prod',
      kind: 'provisioned',
      identifier: 'analytics-prod',
      state: 'available',
      available: true,
      region: 'us-east-1',
      nodeType: 'ra3.xlplus',
      nodes: 2,
      maintenanceWindow: 'sun:18:00-sun:18:30',
      automatedSnapshotRetentionDays: 1,
    });
    expect(status.nextMaintenance).toBeInstanceOf(Date);
    // 2026-11-25 is a Wednesday; the window opens next on Sunday 29th at 18:00 UTC.
    expect(status.nextMaintenance?.toISOString()).toBe('2026-11-29T18:00:00.000Z');
  });

  it('creates a manual snapshot kept forever, which becomes available', async () => {
    const created = await warehouse.createSnapshot('before-migration', 'forever');
    expect(created).toMatchObject({
      id: 'before-migration',
      kind: 'manual',
      status: 'creating',
      retentionDays: -1,
      source: 'analytics-prod',
    });
    expect(created.createdAt).toBeInstanceOf(Date);

    clock.advance(SNAPSHOT_MS + 1);
    const ready = await warehouse.getSnapshot('before-migration');
    expect(ready).toMatchObject({ id: 'before-migration', status: 'available', kind: 'manual', retentionDays: -1 });
    expect(ready?.sizeMb).toBeGreaterThan(0);
  });

  it('keeps a snapshot for the days asked', async () => {
    const created = await warehouse.createSnapshot('weekly', 7);
    expect(created.retentionDays).toBe(7);
  });

  it('refuses a retention AWS would refuse before calling AWS', async () => {
    await expect(warehouse.createSnapshot('bad', 0)).rejects.toBeInstanceOf(WarehouseRequestError);
    expect(emulator.calls).not.toContain('CreateClusterSnapshot');
  });

  it('says to pick another name when the snapshot exists', async () => {
    await warehouse.createSnapshot('nightly', 1);
    const error = await warehouse.createSnapshot('nightly', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsOperationError);
    expect(error).toMatchObject({
      fault: 'ClusterSnapshotAlreadyExists',
      operation: 'CreateClusterSnapshot',
      status: 400,
      retryable: false,
    });
    expect((error as AwsOperationError).userMessage()).toMatch(
      /^CreateClusterSnapshot failed: ClusterSnapshotAlreadyExists: .*nightly.*pick another name\.$/,
    );
  });

  it('says the cluster is paused and to try once it is available', async () => {
    await emulator.clients.redshift().send(new PauseClusterCommand({ ClusterIdentifier: 'analytics-prod' }));
    clock.advance(60_000);
    const error = (await warehouse.createSnapshot('while-paused', 1).catch((e: unknown) => e)) as AwsOperationError;
    expect(error).toBeInstanceOf(AwsOperationError);
    expect(error.fault).toBe('InvalidClusterState');
    expect(error.context).toEqual({ resource: 'cluster analytics-prod', state: 'paused' });
    expect(error.userMessage()).toContain('Cluster analytics-prod is paused; try again after it is available');
    const status = await warehouse.status();
    expect(status).toMatchObject({ state: 'paused', available: false });
  });

  it('returns undefined for a snapshot that does not exist', async () => {
    await expect(warehouse.getSnapshot('no-such-snapshot')).resolves.toBeUndefined();
  });

  it('lists manual and automated snapshots newest first, paging by cursor with a limit under 20', async () => {
    for (let i = 0; i < 25; i += 1) {
      clock.advance(1_000);
      await warehouse.createSnapshot(`manual-${String(i).padStart(2, '0')}`, 3);
    }
    const all = await warehouse.allSnapshots();
    expect(all).toHaveLength(28);
    expect(all.filter((s) => s.kind === 'automated')).toHaveLength(3);
    expect(all[0].id).toBe('manual-24');
    const times = all.map((s) => s.createdAt?.getTime() ?? 0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    emulator.calls.length = 0;
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await warehouse.listSnapshots({ limit: 6, cursor });
      expect(page.snapshots.length).toBeLessThanOrEqual(6);
      seen.push(...page.snapshots.map((s) => s.id));
      cursor = page.cursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(all.map((s) => s.id));
    expect(pages).toBe(5);
    expect(emulator.calls.every((call) => call === 'DescribeClusterSnapshots')).toBe(true);
  });

  it('follows AWS markers when a page spans more than 100 records', async () => {
    for (let i = 0; i < 120; i += 1) {
      clock.advance(1_000);
      await warehouse.createSnapshot(`bulk-${String(i).padStart(3, '0')}`, 1);
    }
    emulator.calls.length = 0;
    const first = await warehouse.listSnapshots({ limit: 110 });
    expect(first.snapshots).toHaveLength(110);
    expect(first.snapshots[0].id).toBe('bulk-119');
    expect(first.snapshots[109].id).toBe('bulk-010');
    expect(emulator.calls).toEqual(['DescribeClusterSnapshots', 'DescribeClusterSnapshots']);
    const second = await warehouse.listSnapshots({ limit: 110, cursor: first.cursor });
    expect(second.snapshots.map((s) => s.id).slice(0, 10)).toEqual(
      Array.from({ length: 10 }, (_, i) => `bulk-${String(9 - i).padStart(3, '0')}`),
    );
    expect(second.snapshots).toHaveLength(13);
    expect(second.cursor).toBeUndefined();
  });

  it('refuses a cursor from another list', async () => {
    const foreign = Buffer.from(JSON.stringify({ k: 'serverless', o: 3 })).toString('base64url');
    await expect(warehouse.listSnapshots({ cursor: foreign })).rejects.toThrow('That page cursor is not valid');
  });

  it('shows throttling as retryable after the SDK gave up', async () => {
    emulator.context.faults.inject({ service: 'redshift', operation: 'DescribeClusters', fault: { kind: 'throttle' } });
    const error = (await warehouse.status().catch((e: unknown) => e)) as AwsOperationError;
    expect(error).toBeInstanceOf(AwsOperationError);
    expect(error.fault).toBe('Throttling');
    expect(error.retryable).toBe(true);
    expect(error.userMessage()).toContain('retried automatically');
  });

  it('lets the SDK retry a throttled read', async () => {
    const retrying = new AwsRedshiftClients({
      region: 'us-east-1',
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    });
    try {
      emulator.context.faults.inject({ service: 'redshift', operation: 'DescribeClusters', fault: { kind: 'throttle' } });
      const status = await new ProvisionedWarehouse('prod', target, retrying.redshift()).status();
      expect(status.state).toBe('available');
      expect(emulator.calls.filter((c) => c === 'DescribeClusters')).toHaveLength(2);
    } finally {
      retrying.destroy();
    }
  });

  it('reports a missing cluster with the fault and what to check', async () => {
    const ghost = new ProvisionedWarehouse('ghost', { ...target, cluster: 'no-such-cluster' }, emulator.clients.redshift());
    const error = (await ghost.status().catch((e: unknown) => e)) as AwsOperationError;
    expect(error.fault).toBe('ClusterNotFound');
    expect(error.status).toBe(404);
    expect(error.userMessage()).toContain('Check that cluster no-such-cluster exists');
  });
});

describe('ProvisionedWarehouse when a create response is lost', () => {
  it('treats the SDK retry finding its own snapshot as success', async () => {
    let lose = true;
    // Runs the real CreateClusterSnapshot, then answers 500 as if the response never arrived.
    const lossy = (redshift: AwsService): AwsService => ({
      name: 'redshift',
      matches: (req, body) => lose && redshift.matches(req, body) && new URLSearchParams(body).get('Action') === 'CreateClusterSnapshot',
      handle: async (req: IncomingMessage, res, body) => {
        lose = false;
        await redshift.handle(req, new ServerResponse(req), body);
        res.writeHead(500, { 'Content-Type': 'text/xml' });
        res.end('<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>lost</Message></Error></ErrorResponse>');
      },
    });
    const emulator = await startTestEmulator({ maxAttempts: 3, extra: ({ redshift }) => [lossy(redshift)] });
    try {
      const warehouse = new ProvisionedWarehouse('prod', target, emulator.clients.redshift());
      const created = await warehouse.createSnapshot('retried', 2);
      expect(created).toMatchObject({ id: 'retried', kind: 'manual', retentionDays: 2 });
      expect(emulator.calls.filter((c) => c === 'CreateClusterSnapshot')).toHaveLength(2);
    } finally {
      await emulator.close();
    }
  });
});

describe('ProvisionedWarehouse.waitForSnapshot (SDK waiter, real time)', () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({ clock: systemClock, timings: { snapshotCreateMs: 600 } });
  });
  afterAll(() => emulator.close());

  it('resolves with the snapshot once it is available', async () => {
    const warehouse = new ProvisionedWarehouse('prod', target, emulator.clients.redshift());
    await warehouse.createSnapshot('waited-for', 1);
    const ready = await warehouse.waitForSnapshot('waited-for', { maxWaitSeconds: 10, minDelaySeconds: 0.1, maxDelaySeconds: 0.3 });
    expect(ready).toMatchObject({ id: 'waited-for', status: 'available' });
  });

  it('fails fast when the snapshot fails', async () => {
    const warehouse = new ProvisionedWarehouse('prod', target, emulator.clients.redshift());
    emulator.redshift.failNextSnapshot('disk full');
    await warehouse.createSnapshot('doomed', 1);
    const started = Date.now();
    const error = await warehouse
      .waitForSnapshot('doomed', { maxWaitSeconds: 20, minDelaySeconds: 0.1, maxDelaySeconds: 0.3 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotWaitError);
    expect(error).toMatchObject({ reason: 'failed', lastStatus: 'failed' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('times out with the last status', async () => {
    const slow = await startTestEmulator({ clock: systemClock, timings: { snapshotCreateMs: 60_000 } });
    try {
      const warehouse = new ProvisionedWarehouse('prod', target, slow.clients.redshift());
      await warehouse.createSnapshot('slow', 1);
      const error = (await warehouse
        .waitForSnapshot('slow', { maxWaitSeconds: 1, minDelaySeconds: 0.1, maxDelaySeconds: 0.2 })
        .catch((e: unknown) => e)) as SnapshotWaitError;
      expect(error).toBeInstanceOf(SnapshotWaitError);
      expect(error.reason).toBe('timeout');
      expect(error.userMessage()).toBe('Snapshot slow is still creating; stopped waiting for it');
    } finally {
      await slow.close();
    }
  });
});
