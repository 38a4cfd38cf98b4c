import { CreateSnapshotCopyGrantCommand, RestoreFromClusterSnapshotCommand } from '@aws-sdk/client-redshift';
import { ManualClock } from '../../../src/clock';
import type { ProvisionedTarget, ServerlessTarget } from '../../../src/config/targets';
import { retentionLine } from '../../../src/features/backup/retention';
import { AwsOperationError, WarehouseRequestError } from '../../../src/redshift/errors';
import { ProvisionedWarehouse } from '../../../src/redshift/provisioned';
import { ServerlessWarehouse } from '../../../src/redshift/serverless';
import { startTestEmulator, type TestEmulator } from './emulator';

const RESTORE_MS = 1_000;
const prodTarget: ProvisionedTarget = { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' };
const lakeTarget: ServerlessTarget = { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' };

async function awsFailure(promise: Promise<unknown>): Promise<AwsOperationError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (caught: unknown) => caught,
  );
  if (!(error instanceof AwsOperationError)) throw error;
  return error;
}

describe('cross-region snapshot copy against the emulator', () => {
  let emulator: TestEmulator;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));
    emulator = await startTestEmulator({ clock, timings: { clusterRestoreMs: RESTORE_MS } });
  });
  afterEach(() => emulator.close());

  describe('provisioned cluster', () => {
    let prod: ProvisionedWarehouse;

    beforeEach(() => {
      prod = new ProvisionedWarehouse('prod', prodTarget, emulator.clients.redshift());
    });

    it('turns copy on, changes its retention and turns it off, shown by the status and backup retention', async () => {
      await expect(prod.backups.snapshotCopy()).resolves.toEqual({ kind: 'provisioned', destinations: [] });
      expect(retentionLine(await prod.status())).toContain('cross-region copy off');

      const on = await prod.backups.enableSnapshotCopy('us-west-2', 7);
      expect(on).toEqual({
        kind: 'provisioned',
        destinations: [expect.objectContaining({ region: 'us-west-2', retentionDays: 7 })],
      });
      expect(emulator.calls).toContain('EnableSnapshotCopy');
      await expect(prod.backups.snapshotCopy()).resolves.toEqual(on);
      const status = await prod.status();
      expect(status.snapshotCopy).toEqual({ destinationRegion: 'us-west-2', retentionDays: 7 });
      expect(retentionLine(status)).toContain('cross-region copy to us-west-2, kept 7 days');

      const before = emulator.calls.filter((call) => call !== 'DescribeClusters').length;
      await expect(prod.backups.setSnapshotCopyRetention(14, 'eu-west-1')).rejects.toThrow('copies snapshots to us-west-2, not eu-west-1');
      await expect(prod.backups.disableSnapshotCopy('eu-west-1')).rejects.toThrow('nothing was changed');
      expect(emulator.calls.filter((call) => call !== 'DescribeClusters').length).toBe(before);
      const changed = await prod.backups.setSnapshotCopyRetention(14, 'us-west-2');
      expect(changed.destinations).toEqual([expect.objectContaining({ region: 'us-west-2', retentionDays: 14 })]);
      expect(emulator.calls).toContain('ModifySnapshotCopyRetentionPeriod');

      await expect(prod.backups.disableSnapshotCopy()).resolves.toEqual({ kind: 'provisioned', destinations: [] });
      expect(retentionLine(await prod.status())).toContain('cross-region copy off');
    });

    it('explains copy already on, already off, and a retention change while off', async () => {
      await prod.backups.enableSnapshotCopy('us-west-2', 7);
      const twice = await awsFailure(prod.backups.enableSnapshotCopy('eu-west-1', 7));
      expect(twice.fault).toBe('SnapshotCopyAlreadyEnabled');
      expect(twice.userMessage()).toContain('Cross-region snapshot copy is already on');

      await prod.backups.disableSnapshotCopy();
      const off = await awsFailure(prod.backups.disableSnapshotCopy());
      expect(off.fault).toBe('SnapshotCopyAlreadyDisabled');
      expect(off.userMessage()).toContain('already off');

      const retention = await awsFailure(prod.backups.setSnapshotCopyRetention(10));
      expect(retention.fault).toBe('SnapshotCopyDisabled');
      expect(retention.userMessage()).toContain('not on for this cluster');
    });

    it('refuses its own Region, a malformed Region and a retention outside 1-35 days before any call', async () => {
      const before = emulator.calls.length;
      await expect(prod.backups.enableSnapshotCopy('us-east-1', 7)).rejects.toThrow("that is the warehouse's own Region");
      await expect(prod.backups.enableSnapshotCopy('mars', 7)).rejects.toThrow('is not an AWS Region code');
      await expect(prod.backups.enableSnapshotCopy('us-west-2', 36)).rejects.toBeInstanceOf(WarehouseRequestError);
      await expect(prod.backups.setSnapshotCopyRetention(0)).rejects.toBeInstanceOf(WarehouseRequestError);
      expect(emulator.calls.length).toBe(before);
    });

    it('reports a Region AWS does not know', async () => {
      const unknown = await awsFailure(prod.backups.enableSnapshotCopy('xx-nowhere-9', 7));
      expect(unknown.fault).toBe('UnknownSnapshotCopyRegion');
      expect(unknown.userMessage()).toContain('Pick another Region');
    });

    it('asks for a snapshot copy grant for a cluster encrypted with a KMS key, and takes one', async () => {
      const snapshot = (await prod.listSnapshots({ limit: 1 })).snapshots[0];
      if (!snapshot) throw new Error('the seed has no snapshot');
      await emulator.clients.redshift().send(
        new RestoreFromClusterSnapshotCommand({
          ClusterIdentifier: 'analytics-kms',
          SnapshotIdentifier: snapshot.id,
          KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000001',
        }),
      );
      clock.advance(RESTORE_MS + 1);
      const encrypted = new ProvisionedWarehouse(
        'kms',
        { ...prodTarget, cluster: 'analytics-kms' },
        emulator.clients.redshift(),
        (region) => emulator.clients.redshift(region),
      );

      const refused = await awsFailure(encrypted.backups.enableSnapshotCopy('us-west-2', 7));
      expect(refused.operation).toBe('EnableSnapshotCopy');
      expect(refused.userMessage()).toContain('snapshot copy grant');

      // A grant lives in the destination Region: one made in us-east-1 is not found from us-west-2.
      await emulator.clients
        .redshift('us-east-1')
        .send(new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'chatops-copy-grant' }));
      expect(await encrypted.backups.snapshotCopyGrant('us-west-2', 'chatops-copy-grant')).toBeUndefined();
      const missing = await awsFailure(encrypted.backups.enableSnapshotCopy('us-west-2', 7, { grantName: 'chatops-copy-grant' }));
      expect(missing.fault).toBe('SnapshotCopyGrantNotFound');
      expect(missing.userMessage()).toContain('create it there with CreateSnapshotCopyGrant');

      await emulator.clients
        .redshift('us-west-2')
        .send(new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'chatops-copy-grant', KmsKeyId: 'west-key' }));
      expect(await encrypted.backups.snapshotCopyGrant('us-west-2', 'chatops-copy-grant')).toEqual({
        name: 'chatops-copy-grant',
        region: 'us-west-2',
        kmsKeyId: 'west-key',
      });
      const on = await encrypted.backups.enableSnapshotCopy('us-west-2', 7, { grantName: 'chatops-copy-grant' });
      expect(on.destinations).toEqual([expect.objectContaining({ region: 'us-west-2', grantName: 'chatops-copy-grant' })]);
    });
  });

  describe('Serverless namespace', () => {
    let lake: ServerlessWarehouse;

    beforeEach(() => {
      lake = new ServerlessWarehouse('lake', lakeTarget, emulator.clients.serverless());
    });

    it('creates, updates and deletes snapshot copy configurations, shown by the status', async () => {
      await expect(lake.backups.snapshotCopy()).resolves.toEqual({ kind: 'serverless', destinations: [] });
      expect((await lake.status()).snapshotCopy).toBeUndefined();

      const on = await lake.backups.enableSnapshotCopy('us-west-2', 30);
      expect(on.destinations).toEqual([{ region: 'us-west-2', retentionDays: 30, configurationId: expect.any(String) }]);
      expect(emulator.calls).toEqual(expect.arrayContaining(['CreateSnapshotCopyConfiguration', 'ListSnapshotCopyConfigurations']));
      await expect(lake.status()).resolves.toMatchObject({
        snapshotCopy: { destinationRegion: 'us-west-2', retentionDays: 30 },
        snapshotCopies: [{ destinationRegion: 'us-west-2', retentionDays: 30 }],
      });

      // One namespace may copy to several Regions; a retention change then names the Region.
      await lake.backups.enableSnapshotCopy('eu-west-1', 7);
      await expect(lake.backups.setSnapshotCopyRetention(14)).rejects.toThrow('copies snapshots to eu-west-1, us-west-2; name the Region');
      const changed = await lake.backups.setSnapshotCopyRetention(14, 'eu-west-1');
      expect(changed.destinations).toEqual([
        expect.objectContaining({ region: 'eu-west-1', retentionDays: 14 }),
        expect.objectContaining({ region: 'us-west-2', retentionDays: 30 }),
      ]);
      expect(emulator.calls).toContain('UpdateSnapshotCopyConfiguration');

      const one = await lake.backups.disableSnapshotCopy('us-west-2');
      expect(one.destinations.map((d) => d.region)).toEqual(['eu-west-1']);
      await expect(lake.backups.disableSnapshotCopy()).resolves.toEqual({ kind: 'serverless', destinations: [] });
      expect(emulator.calls).toContain('DeleteSnapshotCopyConfiguration');
      expect((await lake.status()).snapshotCopy).toBeUndefined();
    });

    it('refuses copy already on or off, its own Region, and a grant, before changing anything', async () => {
      await lake.backups.enableSnapshotCopy('us-west-2', 30);
      const writes = () => emulator.calls.filter((call) => !call.startsWith('List') && !call.startsWith('Get')).length;
      const before = writes();
      await expect(lake.backups.enableSnapshotCopy('us-west-2', 7)).rejects.toThrow('already copies snapshots to us-west-2');
      await expect(lake.backups.enableSnapshotCopy('us-east-1', 7)).rejects.toThrow("that is the warehouse's own Region");
      await expect(lake.backups.enableSnapshotCopy('eu-west-1', 7, { grantName: 'g' })).rejects.toThrow('not a snapshot copy grant');
      await expect(lake.backups.enableSnapshotCopy('eu-west-1', 0)).rejects.toBeInstanceOf(WarehouseRequestError);
      await expect(lake.backups.disableSnapshotCopy('eu-west-1')).rejects.toThrow('does not copy snapshots to eu-west-1');
      await expect(lake.backups.setSnapshotCopyRetention(5, 'eu-west-1')).rejects.toThrow('does not copy snapshots to eu-west-1');
      expect(writes()).toBe(before);

      await lake.backups.disableSnapshotCopy();
      await expect(lake.backups.disableSnapshotCopy()).rejects.toThrow('nothing to turn off');
      await expect(lake.backups.setSnapshotCopyRetention(5)).rejects.toThrow('turn copy on first');
    });

    it('still gives the status when AWS refuses to list the copy, saying the copy is unknown', async () => {
      await lake.backups.enableSnapshotCopy('us-west-2', 30);
      emulator.context.faults.inject({
        service: 'redshift-serverless',
        operation: 'ListSnapshotCopyConfigurations',
        fault: { kind: 'named', code: 'AccessDeniedException', message: 'not allowed', status: 403 },
      });
      const status = await lake.status();
      expect(status).toMatchObject({ state: 'AVAILABLE', snapshotCopyUnknown: true });
      expect(status.snapshotCopy).toBeUndefined();
      await expect(lake.status()).resolves.not.toHaveProperty('snapshotCopyUnknown');
    });

    it('reports a Region AWS refuses', async () => {
      const refused = await awsFailure(lake.backups.enableSnapshotCopy('xx-nowhere-9', 7));
      expect(refused.operation).toBe('CreateSnapshotCopyConfiguration');
      expect(refused.context.resource).toBe('namespace lake');
    });
  });
});
