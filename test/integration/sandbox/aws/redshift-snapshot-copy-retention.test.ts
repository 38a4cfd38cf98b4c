import {
  ClusterNotFoundFault,
  CreateSnapshotCopyGrantCommand,
  DescribeClustersCommand,
  EnableSnapshotCopyCommand,
  InvalidClusterStateFault,
  InvalidRetentionPeriodFault,
  ModifySnapshotCopyRetentionPeriodCommand,
  PauseClusterCommand,
  RedshiftClient,
  SnapshotCopyDisabledFault,
} from '@aws-sdk/client-redshift';
import { emulatorClientConfig } from '../../../support/aws-services';
import { describeCluster, failure, startRedshift, type RedshiftHarness } from './redshift-harness';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7';

/** ModifySnapshotCopyRetentionPeriod, and EnableSnapshotCopy on a cluster encrypted with a KMS key. */
describe('Redshift emulator: snapshot copy retention and encrypted clusters', () => {
  let h: RedshiftHarness;

  beforeEach(async () => {
    h = await startRedshift();
  });

  afterEach(() => h.close());

  const grantIn = async (region: string, name: string) => {
    const client = new RedshiftClient({ ...emulatorClientConfig(h.endpoint), region });
    try {
      await client.send(new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: name }));
    } finally {
      client.destroy();
    }
  };

  const modify = (RetentionPeriod: number, Manual?: boolean, ClusterIdentifier = 'analytics-prod') =>
    h.client.send(new ModifySnapshotCopyRetentionPeriodCommand({ ClusterIdentifier, RetentionPeriod, Manual }));

  it('changes the copied automated, then manual, retention, as ClusterSnapshotCopyStatus shows', async () => {
    await h.client.send(
      new EnableSnapshotCopyCommand({ ClusterIdentifier: 'analytics-prod', DestinationRegion: 'us-west-2', RetentionPeriod: 7 }),
    );
    const automated = await modify(14);
    expect(automated.Cluster?.ClusterSnapshotCopyStatus).toEqual({
      DestinationRegion: 'us-west-2',
      RetentionPeriod: 14,
      ManualSnapshotRetentionPeriod: -1,
    });
    await modify(30, true);
    expect((await describeCluster(h)).ClusterSnapshotCopyStatus).toEqual({
      DestinationRegion: 'us-west-2',
      RetentionPeriod: 14,
      ManualSnapshotRetentionPeriod: 30,
    });
    await modify(-1, true);
    expect((await describeCluster(h)).ClusterSnapshotCopyStatus?.ManualSnapshotRetentionPeriod).toBe(-1);
  });

  it('refuses a cluster whose copy is off: SnapshotCopyDisabledFault', async () => {
    const fault = await failure(modify(10));
    expect(fault).toBeInstanceOf(SnapshotCopyDisabledFault);
    expect(fault.message).toMatch(/snapshot copy is disabled on Cluster analytics-prod/);
    expect((await describeCluster(h)).ClusterSnapshotCopyStatus).toBeUndefined();
  });

  it('refuses periods out of range, a missing cluster and one not available, changing nothing', async () => {
    await h.client.send(new EnableSnapshotCopyCommand({ ClusterIdentifier: 'analytics-prod', DestinationRegion: 'eu-west-1' }));
    for (const [days, manual] of [
      [0, false],
      [36, false],
      [-1, false],
      [0, true],
      [3654, true],
    ] as const) {
      expect(await failure(modify(days, manual))).toBeInstanceOf(InvalidRetentionPeriodFault);
    }
    expect(await failure(modify(10, false, 'ghost'))).toBeInstanceOf(ClusterNotFoundFault);
    await h.client.send(new PauseClusterCommand({ ClusterIdentifier: 'analytics-prod' }));
    expect(await failure(modify(10))).toBeInstanceOf(InvalidClusterStateFault);
    expect((await describeCluster(h)).ClusterSnapshotCopyStatus).toMatchObject({ RetentionPeriod: 7, ManualSnapshotRetentionPeriod: -1 });
  });

  it('needs a snapshot copy grant to copy a cluster encrypted with a KMS key', async () => {
    await h.service.state.addCluster({ identifier: 'secure', nodeType: 'ra3.xlplus', numberOfNodes: 2, kmsKeyId: KEY_ARN });
    const listed = await h.client.send(new DescribeClustersCommand({ ClusterIdentifier: 'secure' }));
    expect(listed.Clusters?.[0]).toMatchObject({ Encrypted: true, KmsKeyId: KEY_ARN });
    // The seeded cluster is encrypted with an AWS owned key: no KmsKeyId, and no grant needed.
    expect((await describeCluster(h)).KmsKeyId).toBeUndefined();

    const fault = await failure(
      h.client.send(new EnableSnapshotCopyCommand({ ClusterIdentifier: 'secure', DestinationRegion: 'us-west-2' })),
    );
    expect(fault.name).toBe('InvalidParameterValue');
    expect(fault.message).toMatch(/SnapshotCopyGrantName is required/);
    expect((await describeCluster(h, 'secure')).ClusterSnapshotCopyStatus).toBeUndefined();

    // The grant must exist in the destination Region (redshift-snapshot-copy-grants.test.ts covers it).
    await grantIn('us-west-2', 'west-grant');
    const enabled = await h.client.send(
      new EnableSnapshotCopyCommand({ ClusterIdentifier: 'secure', DestinationRegion: 'us-west-2', SnapshotCopyGrantName: 'west-grant' }),
    );
    expect(enabled.Cluster?.ClusterSnapshotCopyStatus).toMatchObject({
      DestinationRegion: 'us-west-2',
      SnapshotCopyGrantName: 'west-grant',
    });
  });
});
