import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecuteStatementCommand, GetStatementResultCommand, ValidationException } from '@aws-sdk/client-redshift-data';
import {
  CreateSnapshotCommand,
  CreateSnapshotCopyConfigurationCommand,
  GetNamespaceCommand,
  GetWorkgroupCommand,
  ListRecoveryPointsCommand,
  ListSnapshotCopyConfigurationsCommand,
  RestoreFromRecoveryPointCommand,
  RestoreFromSnapshotCommand,
} from '@aws-sdk/client-redshift-serverless';
import { ManualClock } from '../../../../src/clock';
import { SEED_SECRET_ARNS } from '../../../../src/sandbox/aws/data/secrets';
import type { SavedEmulator } from '../../../../src/sandbox/aws/persist/emulator';
import { RECOVERY_POINT_INTERVAL_MS } from '../../../../src/sandbox/aws/serverless';
import { startFullEmulator, type RunningEmulator } from './full-emulator';

/**
 * A whole namespace restored in the full emulator, its databases in PGlite: rows deleted after a
 * snapshot (or a recovery point) are back once the restore is AVAILABLE, queried through the Data
 * API; and the restored data and the snapshot copy configurations outlive a save and load.
 */
type Running = RunningEmulator;
const start = startFullEmulator;

// The seeded secret signs in as chatops_admin, who may create tables.
const LAKE = { WorkgroupName: 'lake', SecretArn: SEED_SECRET_ARNS.lake, Database: 'dev' };

async function rows(r: Running, sql: string): Promise<unknown> {
  const { Id } = await r.data.send(new ExecuteStatementCommand({ ...LAKE, Sql: sql }));
  return (await r.data.send(new GetStatementResultCommand({ Id }))).Records;
}

async function run(r: Running, sql: string): Promise<void> {
  await r.data.send(new ExecuteStatementCommand({ ...LAKE, Sql: sql }));
}

const ids = (r: Running): Promise<unknown> => rows(r, 'SELECT id FROM adhoc.orders ORDER BY id');
const ALL = [[{ longValue: 1 }], [{ longValue: 2 }], [{ longValue: 3 }]];
const ONE = [[{ longValue: 1 }]];

async function statuses(r: Running): Promise<[string | undefined, string | undefined]> {
  const { namespace } = await r.serverless.send(new GetNamespaceCommand({ namespaceName: 'lake' }));
  const { workgroup } = await r.serverless.send(new GetWorkgroupCommand({ workgroupName: 'lake' }));
  return [namespace?.status, workgroup?.status];
}

describe('a namespace restored from a snapshot or a recovery point', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 20, 9, 10, 0));
  let dir: string;
  let first: Running | undefined;
  let second: Running | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chatops-namespace-restore-'));
    first = await start(clock);
    await run(first, 'CREATE TABLE adhoc.orders AS SELECT 1 AS id UNION ALL SELECT 2 UNION ALL SELECT 3');
  }, 120_000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('brings back rows deleted after the snapshot; MODIFYING (the Data API refused), then AVAILABLE', async () => {
    const r = first!;
    await r.serverless.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'before-cleanup' }));
    clock.advance(r.emulator.context.timings.snapshotCreateMs);
    await run(r, 'DELETE FROM adhoc.orders WHERE id > 1');
    expect(await ids(r)).toEqual(ONE);

    const { namespace } = await r.serverless.send(
      new RestoreFromSnapshotCommand({ namespaceName: 'lake', workgroupName: 'lake', snapshotName: 'before-cleanup' }),
    );
    expect(namespace?.status).toBe('MODIFYING');
    expect(await statuses(r)).toEqual(['MODIFYING', 'MODIFYING']);
    await expect(r.data.send(new ExecuteStatementCommand({ ...LAKE, Sql: 'SELECT 1' }))).rejects.toThrow(ValidationException);

    clock.advance(r.emulator.context.timings.namespaceRestoreMs);
    expect(await statuses(r)).toEqual(['AVAILABLE', 'AVAILABLE']);
    expect(await ids(r)).toEqual(ALL);
  }, 60_000);

  it('brings back rows deleted after a recovery point', async () => {
    const r = first!;
    clock.advance(RECOVERY_POINT_INTERVAL_MS);
    const { recoveryPoints } = await r.serverless.send(new ListRecoveryPointsCommand({ namespaceName: 'lake' }));
    const point = recoveryPoints?.[0].recoveryPointId;
    await run(r, 'DELETE FROM adhoc.orders WHERE id <> 1');
    expect(await ids(r)).toEqual(ONE);

    const restored = await r.serverless.send(
      new RestoreFromRecoveryPointCommand({ recoveryPointId: point, namespaceName: 'lake', workgroupName: 'lake' }),
    );
    expect(restored.namespace?.status).toBe('MODIFYING');
    clock.advance(r.emulator.context.timings.namespaceRestoreMs);
    expect(await statuses(r)).toEqual(['AVAILABLE', 'AVAILABLE']);
    expect(await ids(r)).toEqual(ALL);
  }, 60_000);

  it('keeps the restored data, a restore under way and the copy configurations across a save and load', async () => {
    const r = first!;
    await r.serverless.send(
      new CreateSnapshotCopyConfigurationCommand({ namespaceName: 'lake', destinationRegion: 'us-west-2', snapshotRetentionPeriod: 7 }),
    );
    await run(r, 'DELETE FROM adhoc.orders WHERE id > 1');
    await r.serverless.send(
      new RestoreFromSnapshotCommand({ namespaceName: 'lake', workgroupName: 'lake', snapshotName: 'before-cleanup' }),
    );
    // Through JSON, as the sandbox stores it.
    const saved = JSON.parse(JSON.stringify(await r.emulator.save(join(dir, 'one')))) as SavedEmulator;
    await r.close();
    first = undefined;

    const s = (second = await start(clock, { state: saved, imageDir: join(dir, 'one') }));
    expect(await statuses(s)).toEqual(['MODIFYING', 'MODIFYING']);
    clock.advance(s.emulator.context.timings.namespaceRestoreMs);
    expect(await statuses(s)).toEqual(['AVAILABLE', 'AVAILABLE']);
    expect(await ids(s)).toEqual(ALL);
    const { snapshotCopyConfigurations } = await s.serverless.send(new ListSnapshotCopyConfigurationsCommand({ namespaceName: 'lake' }));
    expect(snapshotCopyConfigurations?.map((c) => [c.destinationRegion, c.snapshotRetentionPeriod])).toEqual([['us-west-2', 7]]);
  }, 120_000);
});
