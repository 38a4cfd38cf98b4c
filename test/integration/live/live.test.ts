import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeClusterSnapshotsCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { startAwsEmulator, type AwsEmulator } from '../../../src/sandbox/aws/server';
import { startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack';
import { emulatorClientConfig } from '../../support/aws-services';
import { runRuntimeProcess } from '../../support/doctor-process';
import { accessYaml } from '../../support/config';
import { twoTargetsYaml } from '../../support/warehouse-bot';

/**
 * `npm run test:live` against the emulator, as CI runs it so it cannot rot: the doctor's checks, the
 * read-only reports on both targets, and the opt-in snapshot and grant tours, each checked with AWS.
 */
describe('npm run test:live', () => {
  let aws: AwsEmulator;
  let slack: SlackStandIn;
  let dir: string;
  beforeAll(async () => {
    aws = await startAwsEmulator();
    await aws.ready;
    slack = await startSlackStandIn();
    dir = mkdtempSync(join(tmpdir(), 'chatops-live-test-'));
    writeFileSync(join(dir, 'chatops.yml'), `${twoTargetsYaml}${accessYaml({ pii_users: 'prod' })}`);
  }, 60_000);
  afterAll(async () => {
    await slack?.close();
    await aws?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `npm run test:live -- <args>` as its own process (asynchronously: the stand-ins answer from this one). */
  const live = (...args: string[]) =>
    runRuntimeProcess('live.ts', { dir, slackApiUrl: slack.apiUrl, awsEndpoint: aws.endpoint, timeoutMs: 150_000 }, args);

  test('the whole tour on a working setup: every step ok, the snapshot gone and the role revoked at the end', async () => {
    const run = await live('--snapshot', 'prod', '--grant', 'pii_users', '--user', 'alice', '--target', 'prod', '--wait', '2');
    expect(run.stdout).toContain('== tour');
    expect(run.stdout).not.toContain('MISSING');
    expect(run.status).toBe(0);
    for (const target of ['prod', 'lake']) {
      for (const command of ['status', 'snapshot list', 'cost', 'vacuum check'])
        expect(run.stdout).toMatch(new RegExp(`ok +\\[${target}\\] /redshift ${command} ${target}`));
    }
    expect(run.stdout).toMatch(/ok +\[prod\] \/redshift snapshot create prod 1, until available: chatops-prod-[0-9a-z-]+ is available/);
    expect(run.stdout).toMatch(/ok +\[prod\] \/redshift snapshot delete chatops-prod-[0-9a-z-]+, confirmed/);
    expect(run.stdout).toMatch(/ok +\[prod\] \/redshift access request pii_users prod 10m, approved: granted/);
    expect(run.stdout).toMatch(/ok +\[prod\] \/redshift access revoke g-[0-9a-f]{12}: revoked/);
    const grants = aws.data.statements
      .filter((s) => /^(GRANT|REVOKE) ROLE "?pii_users"? (TO|FROM) "?alice"?/i.test(s.sql))
      .map((s) => s.sql.split(' ')[0]);
    expect(grants).toEqual(['GRANT', 'REVOKE']);
    const redshift = new RedshiftClient(emulatorClientConfig(aws.endpoint));
    const manual = await redshift.send(
      new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-prod', SnapshotType: 'manual' }),
    );
    redshift.destroy();
    expect((manual.Snapshots ?? []).map((s) => s.SnapshotIdentifier).filter((id) => id?.startsWith('chatops-prod-'))).toEqual([]);
  }, 160_000);

  test('a grant that fails is reported with the error, nothing is left granted, and the run fails', async () => {
    const run = await live('--targets', 'lake', '--grant', 'no_such_role', '--user', 'alice', '--target', 'prod', '--wait', '1');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/MISSING +\[prod\] \/redshift access request no_such_role prod 10m, approved: .*no_such_role/);
    expect(run.stdout).toMatch(/fix: the bot's own calls failed: sql\.\w+ \(GRANT ROLE "?no_such_role"? TO "?alice"?\)/);
    expect(run.stdout).not.toContain('/redshift access revoke');
    expect(run.stdout).not.toContain('[prod] /redshift status prod');
  }, 160_000);

  test('a half-given grant is refused before anything runs', async () => {
    const before = aws.data.statements.length;
    const run = await live('--grant', 'pii_users', '--target', 'prod');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--grant needs all three of --grant <role>, --user <db user> and --target <target>');
    expect(run.stdout).toBe('');
    expect(aws.data.statements.length).toBe(before);
  }, 60_000);
});
