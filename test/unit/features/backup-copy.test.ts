import { alreadyDone, decideCopy, willRun, type CopyChange } from '../../../src/features/backup/copy-plan';
import { copyChangeLines, copyCostText, copySize, copyStatusLines } from '../../../src/features/backup/copy-text';
import type { SnapshotCopyStatus } from '../../../src/redshift/warehouse-restore';

const prices = { backupStoragePerGBMonth: 0.023, crossRegionTransferPerGB: 0.02 };
const off = (kind: SnapshotCopyStatus['kind']): SnapshotCopyStatus => ({ kind, destinations: [] });
const on = (kind: SnapshotCopyStatus['kind'], region: string, days: number): SnapshotCopyStatus => ({
  kind,
  destinations: [{ region, retentionDays: days }],
});

describe('backup copy: the change a request asks for', () => {
  const wish = (kind: 'provisioned' | 'serverless', region: string, days?: number) => ({ target: 'prod', kind, region, days });

  test('turns copy on, changes the days, or turns it off', () => {
    expect(decideCopy(wish('provisioned', 'us-west-2', 5), off('provisioned'), 'us-east-1')).toEqual({
      ok: true,
      change: { kind: 'enable', region: 'us-west-2', days: 5 },
    });
    expect(decideCopy(wish('provisioned', 'us-west-2'), off('provisioned'), 'us-east-1')).toEqual({
      ok: true,
      change: { kind: 'enable', region: 'us-west-2', days: 7 },
    });
    expect(decideCopy(wish('provisioned', 'us-west-2', 3), on('provisioned', 'us-west-2', 7), 'us-east-1')).toEqual({
      ok: true,
      change: { kind: 'set-days', region: 'us-west-2', days: 3, from: 7 },
    });
    expect(decideCopy(wish('serverless', 'off'), on('serverless', 'eu-west-1', 2), 'us-east-1')).toEqual({
      ok: true,
      change: { kind: 'disable', regions: ['eu-west-1'] },
    });
    // A namespace may copy to several Regions: another one is added.
    expect(decideCopy(wish('serverless', 'us-west-2', 40), on('serverless', 'eu-west-1', 2), 'us-east-1')).toEqual({
      ok: true,
      change: { kind: 'enable', region: 'us-west-2', days: 40 },
    });
  });

  test('refuses what would change nothing or what AWS would refuse', () => {
    const refusal = (decision: ReturnType<typeof decideCopy>) => (decision.ok ? 'not refused' : decision.text);
    expect(refusal(decideCopy(wish('provisioned', 'off'), off('provisioned'), 'us-east-1'))).toContain('nothing to turn off');
    expect(refusal(decideCopy(wish('provisioned', 'us-west-2', 7), on('provisioned', 'us-west-2', 7), 'us-east-1'))).toContain(
      'already copies snapshots to us-west-2, kept 7 days; nothing to change',
    );
    expect(refusal(decideCopy(wish('provisioned', 'us-east-1', 7), off('provisioned'), 'us-east-1'))).toContain(
      "the warehouse's own Region",
    );
    expect(refusal(decideCopy(wish('provisioned', 'us-west-2', 36), off('provisioned'), 'us-east-1'))).toContain('1 to 35 days');
    expect(refusal(decideCopy(wish('provisioned', 'eu-west-1', 7), on('provisioned', 'us-west-2', 7), 'us-east-1'))).toContain(
      'Turn it off first',
    );
    expect(refusal(decideCopy(wish('serverless', 'us-west-2'), off('serverless'), 'us-east-1'))).toContain(
      'Say how long copied snapshots are kept',
    );
  });

  describe('a cluster encrypted with a customer managed KMS key', () => {
    const key = 'arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000001';
    const refusal = (decision: ReturnType<typeof decideCopy>) => (decision.ok ? 'not refused' : decision.text);
    const grants = { 'eu-west-1': 'eu-grant', 'us-west-2': 'prod-copy-grant' };

    test('no grant named for the Region: refused, saying what to create where and what to add to chatops.yml', () => {
      const none = refusal(decideCopy(wish('provisioned', 'us-west-2', 7), off('provisioned'), 'us-east-1', key));
      expect(none).toContain('*prod* is encrypted with a KMS key');
      expect(none).toContain('snapshot copy grant created in us-west-2 (CreateSnapshotCopyGrant there, with a KMS key of us-west-2)');
      expect(none).toContain('`snapshotCopyGrants: { us-west-2: <grant-name> }`');
      expect(none).toContain('Nothing was asked or changed.');
      // A grant for another Region does not do.
      const other = refusal(
        decideCopy({ ...wish('provisioned', 'us-west-2', 7), grants: { 'eu-west-1': 'eu-grant' } }, off('provisioned'), 'us-east-1', key),
      );
      expect(other).toContain('chatops.yml names none for us-west-2');
    });

    test("the Region's grant is carried by the change, named to approvers", () => {
      const decision = decideCopy({ ...wish('provisioned', 'US-West-2', 5), grants }, off('provisioned'), 'us-east-1', key);
      expect(decision).toEqual({ ok: true, change: { kind: 'enable', region: 'us-west-2', days: 5, grantName: 'prod-copy-grant' } });
      expect(decideCopy({ ...wish('provisioned', 'us-west-2'), grants }, off('provisioned'), 'us-east-1', key)).toEqual({
        ok: true,
        change: { kind: 'enable', region: 'us-west-2', days: 7, grantName: 'prod-copy-grant' },
      });
      if (!decision.ok) throw new Error('refused');
      expect(willRun(decision.change, 'provisioned', 'analytics-kms')).toEqual([
        'EnableSnapshotCopy ClusterIdentifier=analytics-kms DestinationRegion=us-west-2 RetentionPeriod=5 SnapshotCopyGrantName=prod-copy-grant',
      ]);
      expect(copyChangeLines('secure', 'provisioned', decision.change, undefined, prices).join('\n')).toContain(
        '*Grant:* snapshot copy grant *prod-copy-grant* in us-west-2',
      );
    });

    test('no KMS key (unencrypted, or an AWS owned key) needs no grant, and a named one is not passed', () => {
      expect(decideCopy({ ...wish('provisioned', 'us-west-2', 7), grants }, off('provisioned'), 'us-east-1')).toEqual({
        ok: true,
        change: { kind: 'enable', region: 'us-west-2', days: 7 },
      });
    });

    test('changing the days or turning copy off needs no grant', () => {
      expect(decideCopy(wish('provisioned', 'us-west-2', 3), on('provisioned', 'us-west-2', 7), 'us-east-1', key)).toEqual({
        ok: true,
        change: { kind: 'set-days', region: 'us-west-2', days: 3, from: 7 },
      });
      expect(decideCopy(wish('provisioned', 'off'), on('provisioned', 'us-west-2', 7), 'us-east-1', key).ok).toBe(true);
    });
  });

  test('a re-run finds its work done', () => {
    const enable: CopyChange = { kind: 'enable', region: 'us-west-2', days: 7 };
    expect(alreadyDone(enable, on('provisioned', 'us-west-2', 7))).toBe(true);
    expect(alreadyDone(enable, off('provisioned'))).toBe(false);
    expect(alreadyDone({ kind: 'disable', regions: ['us-west-2'] }, off('provisioned'))).toBe(true);
    expect(alreadyDone({ kind: 'set-days', region: 'us-west-2', days: 3 }, on('provisioned', 'us-west-2', 7))).toBe(false);
  });

  test('names the AWS call for approvers', () => {
    expect(willRun({ kind: 'enable', region: 'us-west-2', days: 7 }, 'provisioned', 'analytics-prod')).toEqual([
      'EnableSnapshotCopy ClusterIdentifier=analytics-prod DestinationRegion=us-west-2 RetentionPeriod=7',
    ]);
    expect(willRun({ kind: 'disable', regions: ['us-west-2', 'eu-west-1'] }, 'serverless', 'lake')).toHaveLength(2);
  });
});

describe('backup copy: the cost estimate and the words', () => {
  test('storage a month in each destination plus one transfer, from the latest snapshot, else the capacity', () => {
    expect(copyCostText(copySize(10_000, 160_000), ['us-west-2'], prices)).toBe(
      "about $0.23 a month to keep a copy in us-west-2 (10 GB at $0.023 per GB-month, from the latest snapshot's size), plus about $0.20 once to send it ($0.02 per GB)",
    );
    expect(copyCostText(copySize(undefined, 1_000_000), ['us-west-2', 'eu-west-1'], prices)).toContain(
      'about $46.00 a month to keep a copy in each of us-west-2, eu-west-1',
    );
    expect(copyCostText(copySize(undefined, undefined), ['us-west-2'], prices)).toContain('size unknown');
    expect(copyCostText(copySize(10_000, undefined), ['us-west-2'], prices, true)).toContain('after about $0.20 once to send it');
    expect(copyCostText(copySize(10, undefined), ['us-west-2'], prices)).toContain('under $0.01 a month');
  });

  test('shows the copy per target, and what turning it off does to copies already made', () => {
    expect(copyStatusLines('prod', off('provisioned'), undefined, prices)).toEqual(['*prod*: cross-region copy *off*.']);
    const lines = copyStatusLines(
      'lake',
      { kind: 'serverless', destinations: [{ region: 'us-west-2', retentionDays: 3 }] },
      copySize(2000, undefined),
      prices,
    );
    expect(lines[0]).toBe('*lake* (Serverless): cross-region copy *on* to us-west-2 (copied snapshots kept 3 days).');
    expect(lines[1]).toContain('about $0.05 a month');
    const disable = copyChangeLines('prod', 'provisioned', { kind: 'disable', regions: ['us-west-2'] }, undefined, prices).join('\n');
    expect(disable).toContain('No new snapshots are copied');
    expect(disable).toContain('does not say that copies already in us-west-2 are deleted');
    const lower = copyChangeLines(
      'prod',
      'provisioned',
      { kind: 'set-days', region: 'us-west-2', days: 2, from: 7 },
      undefined,
      prices,
    ).join('\n');
    expect(lower).toContain('delete copied automated snapshots in us-west-2 older than 2 days');
  });
});
