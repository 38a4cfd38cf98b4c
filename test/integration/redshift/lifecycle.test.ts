import { ManualClock } from '../../../src/clock';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { AwsOperationError, WarehouseRequestError } from '../../../src/redshift/errors';
import { ProvisionedLifecycle } from '../../../src/redshift/provisioned-lifecycle';
import { ServerlessLifecycleAdapter } from '../../../src/redshift/serverless-lifecycle';
import { lazyLifecycles } from '../../../src/runtime/lifecycle-aws';
import { twoTargetsYaml } from '../../support/warehouse-bot';
import { failure } from '../../support/aws-services';
import { startTestEmulator, type TestEmulator } from './emulator';

/** The lifecycle adapters, unchanged, against the emulator's clusters, workgroups and namespaces. */
describe('lifecycle adapters against the emulator', () => {
  let emulator: TestEmulator;
  let clock: ManualClock;

  // One emulator (starting one is slow): the tests use different resources, deletion last.
  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2026, 10, 25, 10, 0, 0));
    emulator = await startTestEmulator({ clock });
  }, 180_000);
  afterAll(() => emulator.close());

  test('a cluster pauses and resumes; a second pause is refused with the state in words', async () => {
    const cluster = new ProvisionedLifecycle('prod', 'analytics-prod', emulator.clients.redshift());
    expect(await cluster.pause()).toBe('pausing');
    const error = await failure(cluster.pause(), AwsOperationError);
    expect(error.fault).toBe('InvalidClusterState');
    expect(error.context).toEqual({ resource: 'cluster analytics-prod', state: 'pausing' });
    expect(error.userMessage()).toContain('Cluster analytics-prod is pausing; try again after it is available');
    clock.advance(emulator.context.timings.clusterPauseMs);
    expect(await cluster.state()).toBe('paused');
    expect(await cluster.resume()).toBe('resuming');
    clock.advance(emulator.context.timings.clusterResumeMs);
    expect(await cluster.state()).toBe('available');
  });

  test('maintenance is deferred 1–60 days; anything else is refused before the call', async () => {
    const cluster = new ProvisionedLifecycle('prod', 'analytics-prod', emulator.clients.redshift());
    const { until } = await cluster.deferMaintenance(30);
    expect(until?.getTime()).toBe(clock.now() + 30 * 24 * 3_600_000);
    await expect(cluster.deferMaintenance(61)).rejects.toThrow('1 to 60 days');
    expect(emulator.calls.filter((name) => name === 'ModifyClusterMaintenance')).toHaveLength(1);
  });

  test('Serverless: the namespace refuses while its workgroup exists; workgroup, then namespace with its final snapshot', async () => {
    const serverless = new ServerlessLifecycleAdapter('lake', 'lake', 'lake', emulator.clients.serverless());
    const early = await failure(serverless.deleteNamespace({ skip: true }), AwsOperationError);
    expect(early.fault).toBe('ConflictException');
    expect(early.userMessage()).toContain('Delete the workgroup before deleting the namespace');
    expect(await serverless.deleteWorkgroup()).toBe('DELETING');
    clock.advance(emulator.context.timings.workgroupDeleteMs);
    expect(await serverless.workgroupState()).toBeUndefined();
    expect(await serverless.deleteNamespace({ skip: false, name: 'lake-final', retentionDays: 'forever' })).toBe('DELETING');
    clock.advance(emulator.context.timings.snapshotCreateMs + emulator.context.timings.namespaceDeleteMs);
    expect(await serverless.namespaceState()).toBeUndefined();
    expect(emulator.serverless.state.snapshots.get('lake-final')?.retentionDays).toBe(-1);
  });

  test('the lazy directory knows each kind from chatops.yml and loads the SDK only on the first call', async () => {
    const callsBefore = emulator.calls.length;
    const config = parseChatopsConfig(twoTargetsYaml);
    const directory = lazyLifecycles(config, async () => emulator.clients);
    const prod = directory.get('prod');
    const lake = directory.get('lake');
    expect([prod.kind, lake.kind]).toEqual(['provisioned', 'serverless']);
    expect(directory.get('prod')).toBe(prod);
    expect(() => directory.get('nope')).toThrow('"nope" is not a target in chatops.yml; use one of prod, lake');
    expect(emulator.calls).toHaveLength(callsBefore);
    expect(prod.kind === 'provisioned' && (await prod.state())).toBe('available');
  });

  test('deletion takes the final snapshot with its retention, then the cluster is gone (state undefined)', async () => {
    const cluster = new ProvisionedLifecycle('prod', 'analytics-prod', emulator.clients.redshift());
    await expect(cluster.delete({ skip: false, name: 'prod-final', retentionDays: 4000 })).rejects.toBeInstanceOf(WarehouseRequestError);
    expect(emulator.calls).not.toContain('DeleteCluster');
    expect(await cluster.delete({ skip: false, name: 'prod-final', retentionDays: 30 })).toBe('final-snapshot');
    const snapshot = emulator.redshift.state.snapshots.get('prod-final');
    expect(snapshot?.manualRetentionDays).toBe(30);
    clock.advance(emulator.context.timings.snapshotCreateMs + emulator.context.timings.clusterDeleteMs);
    expect(await cluster.state()).toBeUndefined();
    expect(emulator.redshift.state.snapshotStatus(snapshot!)).toBe('available');
  });
});
