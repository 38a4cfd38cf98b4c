import {
  CreateSnapshotCopyGrantCommand,
  DeleteSnapshotCopyGrantCommand,
  DescribeSnapshotCopyGrantsCommand,
  DisableSnapshotCopyCommand,
  EnableSnapshotCopyCommand,
  InvalidSnapshotCopyGrantStateFault,
  RedshiftClient,
  SnapshotCopyGrantAlreadyExistsFault,
  SnapshotCopyGrantNotFoundFault,
} from '@aws-sdk/client-redshift';
import { ImageReader, ImageWriter } from '../../../../src/sandbox/aws/persist/images';
import { RedshiftService } from '../../../../src/sandbox/aws/redshift';
import { restoreRedshift, saveRedshift } from '../../../../src/sandbox/aws/redshift/saved';
import { emulatorClientConfig } from '../../../support/aws-services';
import { describeCluster, failure, startRedshift, type RedshiftHarness } from './redshift-harness';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7';
const WEST_KEY = 'arn:aws:kms:us-west-2:123456789012:key/1a2b3c4d-0000-4000-8000-000000000002';

/** CreateSnapshotCopyGrant, DescribeSnapshotCopyGrants, DeleteSnapshotCopyGrant per Region, and EnableSnapshotCopy's check. */
describe('Redshift emulator: snapshot copy grants', () => {
  let h: RedshiftHarness;
  const clients: RedshiftClient[] = [];
  /** A client signing for `region`: the emulator serves every Region at one endpoint. */
  const inRegion = (region: string) => {
    const client = new RedshiftClient({ ...emulatorClientConfig(h.endpoint), region });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    h = await startRedshift();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await h.close();
  });

  const create = (region: string, name: string, KmsKeyId?: string) =>
    inRegion(region).send(
      new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: name, KmsKeyId, Tags: [{ Key: 'team', Value: 'data' }] }),
    );
  const names = async (region: string) =>
    ((await inRegion(region).send(new DescribeSnapshotCopyGrantsCommand({}))).SnapshotCopyGrants ?? []).map((g) => g.SnapshotCopyGrantName);

  it('creates a grant in the Region the request is for; the name is unique per Region, not across them', async () => {
    const made = await create('us-west-2', 'prod-copy-grant', WEST_KEY);
    expect(made.SnapshotCopyGrant).toEqual({
      SnapshotCopyGrantName: 'prod-copy-grant',
      KmsKeyId: WEST_KEY,
      Tags: [{ Key: 'team', Value: 'data' }],
    });
    expect(await names('us-west-2')).toEqual(['prod-copy-grant']);
    expect(await names('us-east-1')).toEqual([]);

    const again = await failure(create('us-west-2', 'prod-copy-grant'));
    expect(again).toBeInstanceOf(SnapshotCopyGrantAlreadyExistsFault);
    expect(again.message).toContain('a grant with the same name already exists');
    // The same name in another Region is another grant.
    await create('eu-west-1', 'prod-copy-grant');
    expect(await names('eu-west-1')).toEqual(['prod-copy-grant']);
  });

  it('describes one grant by name, or SnapshotCopyGrantNotFoundFault; refuses a name with a marker; refuses a bad name', async () => {
    await create('us-west-2', 'prod-copy-grant', WEST_KEY);
    const one = await inRegion('us-west-2').send(new DescribeSnapshotCopyGrantsCommand({ SnapshotCopyGrantName: 'prod-copy-grant' }));
    expect(one.SnapshotCopyGrants).toEqual([expect.objectContaining({ SnapshotCopyGrantName: 'prod-copy-grant', KmsKeyId: WEST_KEY })]);

    const elsewhere = await failure(
      inRegion('us-east-1').send(new DescribeSnapshotCopyGrantsCommand({ SnapshotCopyGrantName: 'prod-copy-grant' })),
    );
    expect(elsewhere).toBeInstanceOf(SnapshotCopyGrantNotFoundFault);
    expect(elsewhere.message).toContain('exists in the destination region');

    const both = await failure(
      inRegion('us-west-2').send(new DescribeSnapshotCopyGrantsCommand({ SnapshotCopyGrantName: 'prod-copy-grant', Marker: 'x' })),
    );
    expect(both.name).toBe('InvalidParameterCombination');

    for (const bad of ['Prod', '1grant', 'grant-', 'a--b', 'g'.repeat(64)]) {
      expect((await failure(create('us-west-2', bad))).name).toBe('InvalidParameterValue');
    }
    expect(await names('us-west-2')).toEqual(['prod-copy-grant']);
  });

  it('EnableSnapshotCopy takes a grant only from the destination Region; a grant in use is not deleted', async () => {
    await h.service.state.addCluster({ identifier: 'secure', nodeType: 'ra3.xlplus', numberOfNodes: 2, kmsKeyId: KEY_ARN });
    const enable = () =>
      h.client.send(
        new EnableSnapshotCopyCommand({
          ClusterIdentifier: 'secure',
          DestinationRegion: 'us-west-2',
          SnapshotCopyGrantName: 'prod-copy-grant',
        }),
      );
    // Made in the cluster's own Region, not the destination: not found.
    await create('us-east-1', 'prod-copy-grant');
    const notThere = await failure(enable());
    expect(notThere).toBeInstanceOf(SnapshotCopyGrantNotFoundFault);
    expect((await describeCluster(h, 'secure')).ClusterSnapshotCopyStatus).toBeUndefined();

    await create('us-west-2', 'prod-copy-grant', WEST_KEY);
    expect((await enable()).Cluster?.ClusterSnapshotCopyStatus).toMatchObject({
      DestinationRegion: 'us-west-2',
      SnapshotCopyGrantName: 'prod-copy-grant',
    });

    const inUse = await failure(
      inRegion('us-west-2').send(new DeleteSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'prod-copy-grant' })),
    );
    expect(inUse).toBeInstanceOf(InvalidSnapshotCopyGrantStateFault);
    // The us-east-1 grant of the same name is used by no cluster.
    await inRegion('us-east-1').send(new DeleteSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'prod-copy-grant' }));
    expect(await names('us-east-1')).toEqual([]);

    await h.client.send(new DisableSnapshotCopyCommand({ ClusterIdentifier: 'secure' }));
    await inRegion('us-west-2').send(new DeleteSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'prod-copy-grant' }));
    expect(await names('us-west-2')).toEqual([]);
    const gone = await failure(
      inRegion('us-west-2').send(new DeleteSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'prod-copy-grant' })),
    );
    expect(gone).toBeInstanceOf(SnapshotCopyGrantNotFoundFault);
  });

  it('a saved sandbox keeps its grants, each in its Region', async () => {
    await create('us-west-2', 'prod-copy-grant', WEST_KEY);
    await create('eu-west-1', 'dr-grant');
    const saved = await saveRedshift(h.service.state, new ImageWriter());
    const fresh = new RedshiftService(h.context, h.databases, { seed: false });
    await restoreRedshift(
      fresh.state,
      { clusters: [], snapshots: [], restores: [], copyGrants: saved.copyGrants },
      new ImageReader('/nonexistent'),
    );
    expect(fresh.state.copyGrants.find('us-west-2', 'prod-copy-grant')).toMatchObject({ kmsKeyId: WEST_KEY });
    expect(fresh.state.copyGrants.list('eu-west-1').map((g) => g.name)).toEqual(['dr-grant']);
    expect(fresh.state.copyGrants.find('us-east-1', 'prod-copy-grant')).toBeUndefined();
  });
});
