import { ServerResponse, type IncomingMessage } from 'node:http';
import { DeleteNamespaceCommand, DeleteWorkgroupCommand } from '@aws-sdk/client-redshift-serverless';
import { ManualClock } from '../../../src/clock';
import type { ServerlessTarget } from '../../../src/config/targets';
import { AwsOperationError } from '../../../src/redshift/errors';
import { ServerlessWarehouse } from '../../../src/redshift/serverless';
import type { AwsService } from '../../../src/sandbox/aws/core';
import { startTestEmulator, type TestEmulator } from './emulator';

const target: ServerlessTarget = { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' };
const SNAPSHOT_MS = 2_000;
const HOUR = 3_600_000;

describe('ServerlessWarehouse against the emulator', () => {
  let emulator: TestEmulator;
  let clock: ManualClock;
  let warehouse: ServerlessWarehouse;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 10, 0));
    emulator = await startTestEmulator({ clock, timings: { snapshotCreateMs: SNAPSHOT_MS, workgroupDeleteMs: 1_000 } });
    warehouse = new ServerlessWarehouse('lake', target, emulator.clients.serverless());
  });
  afterEach(() => emulator.close());

  it('reports the workgroup and namespace with their capacity', async () => {
    await expect(warehouse.status()).resolves.toEqual({
      target: 'lake',
      kind: 'serverless',
      identifier: 'lake/lake',
      state: 'AVAILABLE',
      available: true,
      region: 'us-east-1',
      namespace: 'lake',
      baseRpu: 32,
      maxRpu: 512,
    });
  });

  it('creates a snapshot kept forever, which becomes available', async () => {
    const created = await warehouse.createSnapshot('before-migration', 'forever');
    expect(created).toMatchObject({ id: 'before-migration', kind: 'manual', status: 'creating', retentionDays: -1, source: 'lake' });
    clock.advance(SNAPSHOT_MS + 1);
    await expect(warehouse.getSnapshot('before-migration')).resolves.toMatchObject({ status: 'available', retentionDays: -1 });
    await expect(warehouse.createSnapshot('weekly', 7)).resolves.toMatchObject({ retentionDays: 7 });
  });

  it('tells a name clash from a busy namespace', async () => {
    const clash = (await warehouse.createSnapshot('lake-baseline', 1).catch((e: unknown) => e)) as AwsOperationError;
    expect(clash).toBeInstanceOf(AwsOperationError);
    expect(clash.fault).toBe('ConflictException');
    expect(clash.status).toBe(409);
    expect(clash.userMessage()).toMatch(/^CreateSnapshot failed: ConflictException: .*lake-baseline.* pick another name\.$/);

    const serverless = emulator.clients.serverless();
    await serverless.send(new DeleteWorkgroupCommand({ workgroupName: 'lake' }));
    await expect(warehouse.status()).resolves.toMatchObject({ state: 'DELETING', available: false });
    clock.advance(1_001);
    await serverless.send(new DeleteNamespaceCommand({ namespaceName: 'lake' }));
    const busy = (await warehouse.createSnapshot('too-late', 1).catch((e: unknown) => e)) as AwsOperationError;
    expect(busy.fault).toBe('ConflictException');
    expect(busy.context).toEqual({ resource: 'namespace lake', state: 'DELETING' });
    expect(busy.userMessage()).toContain('Namespace lake is DELETING; try again after it is available');
  });

  it('finds snapshots and recovery points by name, and only this namespace', async () => {
    await expect(warehouse.getSnapshot('lake-baseline')).resolves.toMatchObject({
      id: 'lake-baseline',
      kind: 'manual',
      status: 'available',
      retentionDays: -1,
      source: 'lake',
    });
    await expect(warehouse.getSnapshot('no-such-snapshot')).resolves.toBeUndefined();
    await expect(warehouse.getSnapshot('00000000-0000-4000-8000-000000000000')).resolves.toBeUndefined();

    const page = await warehouse.listSnapshots({ limit: 1 });
    const point = page.snapshots[0];
    expect(point.kind).toBe('recovery-point');
    await expect(warehouse.getSnapshot(point.id)).resolves.toEqual(point);
  });

  it('merges snapshots and recovery points newest first and pages them by cursor', async () => {
    clock.advance(HOUR);
    await warehouse.createSnapshot('fresh', 1);
    const all = await warehouse.allSnapshots();
    const points = all.filter((s) => s.kind === 'recovery-point');
    expect(points.length).toBeGreaterThanOrEqual(47);
    expect(points.length).toBeLessThanOrEqual(48);
    expect(all.filter((s) => s.kind === 'manual').map((s) => s.id)).toEqual(['fresh', 'lake-pre-release', 'lake-baseline']);
    expect(all[0].id).toBe('fresh');
    const times = all.map((s) => s.createdAt?.getTime() ?? 0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await warehouse.listSnapshots({ limit: 7, cursor });
      seen.push(...page.snapshots.map((s) => s.id));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(all.map((s) => s.id));
  });

  it('reads every page of ListSnapshots', async () => {
    for (let i = 0; i < 105; i += 1) {
      clock.advance(1_000);
      await warehouse.createSnapshot(`bulk-${String(i).padStart(3, '0')}`, 1);
    }
    emulator.calls.length = 0;
    const all = await warehouse.allSnapshots();
    expect(all.filter((s) => s.kind === 'manual')).toHaveLength(107);
    expect(emulator.calls.filter((c) => c === 'ListSnapshots')).toHaveLength(2);
  });

  it('refuses a cursor from another list', async () => {
    const foreign = Buffer.from(JSON.stringify({ k: 'provisioned', s: 0 })).toString('base64url');
    await expect(warehouse.listSnapshots({ cursor: foreign })).rejects.toThrow('That page cursor is not valid');
  });

  it('reports a missing workgroup', async () => {
    const ghost = new ServerlessWarehouse('ghost', { ...target, workgroup: 'no-such-wg' }, emulator.clients.serverless());
    const error = (await ghost.status().catch((e: unknown) => e)) as AwsOperationError;
    expect(error.fault).toBe('ResourceNotFoundException');
    expect(error.userMessage()).toContain('Check that workgroup no-such-wg exists');
  });

  it('shows injected throttling as retryable', async () => {
    emulator.context.faults.inject({ service: 'redshift-serverless', operation: 'ListRecoveryPoints', fault: { kind: 'throttle' } });
    const error = (await warehouse.listSnapshots().catch((e: unknown) => e)) as AwsOperationError;
    expect(error).toMatchObject({ fault: 'ThrottlingException', operation: 'ListRecoveryPoints', status: 429, retryable: true });
  });
});

describe('ServerlessWarehouse when a create response is lost', () => {
  it('treats the SDK retry finding its own snapshot as success', async () => {
    let lose = true;
    const lossy = (serverless: AwsService): AwsService => ({
      name: 'redshift-serverless',
      matches: (req) => lose && serverless.matches(req, '') && req.headers['x-amz-target'] === 'RedshiftServerless.CreateSnapshot',
      handle: async (req: IncomingMessage, res, body) => {
        lose = false;
        await serverless.handle(req, new ServerResponse(req), body);
        res.writeHead(500, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': 'InternalServerException' });
        res.end(JSON.stringify({ __type: 'InternalServerException', message: 'lost' }));
      },
    });
    const emulator = await startTestEmulator({ maxAttempts: 3, extra: ({ serverless }) => [lossy(serverless)] });
    try {
      const warehouse = new ServerlessWarehouse('lake', target, emulator.clients.serverless());
      await expect(warehouse.createSnapshot('retried', 2)).resolves.toMatchObject({ id: 'retried', kind: 'manual', retentionDays: 2 });
      expect(emulator.calls.filter((c) => c === 'CreateSnapshot')).toHaveLength(2);
    } finally {
      await emulator.close();
    }
  });
});
