import {
  CreateSnapshotCopyGrantCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
  RestoreFromClusterSnapshotCommand,
} from '@aws-sdk/client-redshift';
import { ListSnapshotCopyConfigurationsCommand } from '@aws-sdk/client-redshift-serverless';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { operationLog, waitFor } from '../../support/restore-form';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const APPROVALS = 'C0APPROVALS';
const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';
const CAROL = 'U0ADMIN';
const MALLORY = 'U0STRANGER';

// prod's Region is written down, so its own Region is refused with no AWS call at all; lake's comes
// from the SDK. `secure` and `vault` are one cluster encrypted with a customer managed KMS key (made in
// its test): `secure` names no snapshot copy grant, `vault` one for us-west-2 and one for eu-west-1.
const yaml = `${twoTargetsYaml.replace('    dbUser: chatops_admin\n', '    dbUser: chatops_admin\n    region: us-east-1\n').replace(
  'channels:',
  `  secure:
    kind: provisioned
    cluster: analytics-kms
    database: dev
    dbUser: chatops_admin
  vault:
    kind: provisioned
    cluster: analytics-kms
    database: dev
    dbUser: chatops_admin
    snapshotCopyGrants: { us-west-2: prod-copy-grant, eu-west-1: absent-grant }
channels:`,
)}
policies:
  retention:
    allowed: { users: [U0ANALYST] }
    approvers: { users: [U0APPROVER, U0ADMIN] }
    approvalsRequired: 1
`;

describe('backup copy: cross-region snapshot copy through the bot, against the emulator', () => {
  let bot: WarehouseBot;
  const { calls, onRequest } = operationLog();
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml, { onRequest });
  });
  afterAll(async () => bot.stopAll());

  const run = async (text: string, user = ALICE) => {
    const { answer, replies } = await bot.run(text, user);
    return { answer, text: replies.map((r) => String(r.text)).join('\n') };
  };
  const copyRequests = async () =>
    (await bot.server.chatops.ports.store.list<ApprovalRequest>(REQUEST_KIND, { limit: 100 })).items
      .map((i) => i.data)
      .filter((r) => r.executor === 'backup.copy.set');
  // The emulator's clock stands still, so requests are told apart by being new, not by their time.
  const seen = new Set<string>();
  const newest = async () => {
    const fresh = (await copyRequests()).filter((r) => !seen.has(r.id));
    if (fresh.length !== 1) throw new Error(`expected one new copy request, found ${fresh.length}`);
    seen.add(fresh[0].id);
    return fresh[0];
  };
  const approve = (request: ApprovalRequest, user: string) => bot.approve(request, user);
  const note = (request: ApprovalRequest, words: string) => () =>
    bot.slack.messages.thread(APPROVALS, request.approvalMessage!.ts).some((m) => (m.text ?? '').includes(words));
  const count = (operation: string) => calls.filter((c) => c === operation).length;

  test('a cluster: turned on after approval (both approvers at once: one call), shown, days changed, turned off', async () => {
    expect((await run('backup copy prod')).text).toContain('*prod*: cross-region copy *off*.');

    const asked = await run('backup copy prod us-west-2 7');
    expect(asked.text).toContain('*What:* copy snapshots of *prod* to us-west-2, copied automated snapshots kept 7 days');
    expect(asked.text).toContain('a month to keep a copy in us-west-2');
    expect(asked.text).toContain('Asked approvers');
    const enable = (await newest())!;
    expect(enable.willRun).toEqual(['EnableSnapshotCopy ClusterIdentifier=analytics-prod DestinationRegion=us-west-2 RetentionPeriod=7']);
    expect(count('EnableSnapshotCopy')).toBe(0);

    await Promise.all([approve(enable, BOB), approve(enable, CAROL)]);
    await waitFor(note(enable, 'copies snapshots to us-west-2, kept 7 days'), 'the outcome');
    await bot.settle();
    expect(count('EnableSnapshotCopy')).toBe(1);
    const cluster = (await bot.clients.redshift().send(new DescribeClustersCommand({ ClusterIdentifier: 'analytics-prod' }))).Clusters![0];
    expect(cluster.ClusterSnapshotCopyStatus).toEqual(expect.objectContaining({ DestinationRegion: 'us-west-2', RetentionPeriod: 7 }));

    expect((await run('backup retention prod')).text).toContain('cross-region copy to us-west-2, kept 7 days');
    const shown = (await run('backup copy prod')).text;
    expect(shown).toContain('*prod*: cross-region copy *on* to us-west-2 (copied automated snapshots kept 7 days');
    expect(shown).toContain('Estimate: one full copy');

    // Asked again exactly as it is: nothing to do, no request.
    const before = (await copyRequests()).length;
    expect((await run('backup copy prod us-west-2 7')).text).toContain(
      'already copies snapshots to us-west-2, kept 7 days; nothing to change',
    );
    expect(await copyRequests()).toHaveLength(before);

    await run('backup copy prod us-west-2 3');
    const lower = (await newest())!;
    expect(lower.summary.join('\n')).toContain('delete copied automated snapshots in us-west-2 older than 3 days');
    await approve(lower, BOB);
    await waitFor(note(lower, 'copies snapshots to us-west-2, kept 3 days'), 'the new days');
    expect(count('ModifySnapshotCopyRetentionPeriod')).toBe(1);

    const offAsk = await run('backup copy prod off');
    expect(offAsk.text).toContain('No new snapshots are copied');
    expect(offAsk.text).toContain('does not say that copies already in us-west-2 are deleted');
    const disable = (await newest())!;
    await approve(disable, BOB);
    await waitFor(note(disable, 'no longer copies snapshots to another Region'), 'turned off');
    expect(count('DisableSnapshotCopy')).toBe(1);
    expect((await run('backup copy prod')).text).toContain('*prod*: cross-region copy *off*.');
    expect((await run('backup retention prod')).text).toContain('cross-region copy off');

    expect((await run('backup copy prod off')).text).toContain('nothing to turn off');
    expect(count('DisableSnapshotCopy')).toBe(1);
  });

  test('a Serverless namespace: a copy configuration added, its days changed, deleted; backup retention shows it', async () => {
    await run('backup copy lake us-west-2 3');
    const create = (await newest())!;
    expect(create.target).toBe('lake');
    await approve(create, BOB);
    await waitFor(note(create, 'copies snapshots to us-west-2, kept 3 days'), 'the configuration');
    expect(count('CreateSnapshotCopyConfiguration')).toBe(1);
    expect((await run('backup retention lake')).text).toContain('snapshots copied to us-west-2 (kept 3 days)');
    expect((await run('backup copy lake')).text).toContain(
      '*lake* (Serverless): cross-region copy *on* to us-west-2 (copied snapshots kept 3 days)',
    );

    await run('backup copy lake us-west-2 10');
    const update = (await newest())!;
    await approve(update, CAROL);
    await waitFor(note(update, 'kept 10 days'), 'the update');
    expect(count('UpdateSnapshotCopyConfiguration')).toBe(1);

    await run('backup copy lake off');
    const remove = (await newest())!;
    await approve(remove, BOB);
    await waitFor(note(remove, 'no longer copies snapshots'), 'the deletion');
    expect(count('DeleteSnapshotCopyConfiguration')).toBe(1);
    const left = await bot.clients.serverless().send(new ListSnapshotCopyConfigurationsCommand({ namespaceName: 'lake' }));
    expect(left.snapshotCopyConfigurations ?? []).toEqual([]);
    expect((await run('backup retention lake')).text).toContain('cross-region copy off');
  });

  test('refused before any request: a user the policy does not allow, the own Region, days out of range, no days for Serverless', async () => {
    const requestsBefore = (await copyRequests()).length;
    const callsBefore = calls.length;
    expect((await run('backup copy prod us-west-2 7', MALLORY)).answer).toContain(
      'You are not allowed to change backup retention or snapshot copy',
    );
    expect((await run('backup copy prod us-east-1 7')).answer).toContain("that is the warehouse's own Region");
    expect((await run('backup copy prod us-west-2 36')).answer).toContain('1 to 35 days');
    // Not a Region code: the parser refuses it.
    expect((await run('backup copy prod mars 7')).answer).toContain('not an AWS Region code');
    expect(calls.length).toBe(callsBefore);

    // lake's Region comes from the SDK: read, then refused with no change call.
    expect((await run('backup copy lake us-east-1 7')).text).toContain("that is the warehouse's own Region");
    expect((await run('backup copy lake eu-west-1')).text).toContain('Say how long copied snapshots are kept');
    expect(count('CreateSnapshotCopyConfiguration')).toBe(1);
    expect(await copyRequests()).toHaveLength(requestsBefore);
  });

  test('a cluster encrypted with a customer managed KMS key: refused without a grant, or one missing in the Region; copied with one', async () => {
    const snapshots = await bot.clients.redshift().send(new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-prod' }));
    await bot.clients.redshift().send(
      new RestoreFromClusterSnapshotCommand({
        ClusterIdentifier: 'analytics-kms',
        SnapshotIdentifier: snapshots.Snapshots![0].SnapshotIdentifier!,
        KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000001',
      }),
    );
    const requestsBefore = (await copyRequests()).length;
    const enablesBefore = count('EnableSnapshotCopy');

    // No grant in chatops.yml: what to create where, and what to write; no AWS grant lookup.
    const none = (await run('backup copy secure us-west-2 7')).text;
    expect(none).toContain('*secure* is encrypted with a KMS key');
    expect(none).toContain('created in us-west-2 (CreateSnapshotCopyGrant there, with a KMS key of us-west-2)');
    expect(none).toContain('`snapshotCopyGrants: { us-west-2: <grant-name> }`');
    expect(none).toContain('Nothing was asked or changed.');
    expect(count('DescribeSnapshotCopyGrants')).toBe(0);

    // A grant named, but it exists only in the cluster's own Region, not in eu-west-1.
    await bot.clients.redshift('us-east-1').send(new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: 'absent-grant' }));
    const absent = (await run('backup copy vault eu-west-1 7')).text;
    expect(absent).toContain(
      'The snapshot copy grant *absent-grant* that chatops.yml names for copies of *vault* to eu-west-1 does not exist in eu-west-1',
    );
    expect(count('DescribeSnapshotCopyGrants')).toBe(1);
    expect(await copyRequests()).toHaveLength(requestsBefore);
    expect(count('EnableSnapshotCopy')).toBe(enablesBefore);

    // With the grant in us-west-2: the preview and approvers name it, execution passes it.
    await bot.clients.redshift('us-west-2').send(
      new CreateSnapshotCopyGrantCommand({
        SnapshotCopyGrantName: 'prod-copy-grant',
        KmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/1a2b3c4d-0000-4000-8000-000000000002',
      }),
    );
    const asked = (await run('backup copy vault us-west-2 5')).text;
    expect(asked).toContain('*Grant:* snapshot copy grant *prod-copy-grant* in us-west-2');
    expect(asked).toContain('Asked approvers');
    const enable = await newest();
    expect(enable.willRun).toEqual([
      'EnableSnapshotCopy ClusterIdentifier=analytics-kms DestinationRegion=us-west-2 RetentionPeriod=5 SnapshotCopyGrantName=prod-copy-grant',
    ]);
    expect(enable.summary.join('\n')).toContain('*Grant:* snapshot copy grant *prod-copy-grant* in us-west-2');

    await bot.tick(10_000); // the restored cluster becomes available
    await approve(enable, BOB);
    await waitFor(note(enable, 'copies snapshots to us-west-2, kept 5 days'), 'the outcome');
    expect(count('EnableSnapshotCopy')).toBe(enablesBefore + 1);
    const cluster = (await bot.clients.redshift().send(new DescribeClustersCommand({ ClusterIdentifier: 'analytics-kms' }))).Clusters![0];
    expect(cluster.ClusterSnapshotCopyStatus).toEqual(
      expect.objectContaining({ DestinationRegion: 'us-west-2', RetentionPeriod: 5, SnapshotCopyGrantName: 'prod-copy-grant' }),
    );
    expect((await run('backup copy vault')).text).toContain(
      '*vault*: cross-region copy *on* to us-west-2 (copied automated snapshots kept 5 days; copied manual snapshots kept until deleted; grant prod-copy-grant)',
    );
  });
});
