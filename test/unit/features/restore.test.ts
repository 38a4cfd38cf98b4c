import { changeSummary, retentionLine } from '../../../src/features/backup/retention';
import { restoreCall, type RestoreDetails } from '../../../src/features/backup/restore-details';
import { checkForm, defaultNewTable, parseSourceValue, readMetadata, restorableSources, sourceValue } from '../../../src/features/backup/restore-form';
import { asideName, canSwap, countRows, swapStatements, undoStatements } from '../../../src/features/backup/restore-sql';
import { deleteRefusal } from '../../../src/features/backup/snapshot-delete';
import type { SnapshotInfo } from '../../../src/redshift/warehouse';
import { checkingView, problemBlockId, restoreFormView } from '../../../src/features/backup/restore-views';

const today = new Date('2026-11-25T10:15:00Z');
const HOUR = 3_600_000;

describe('the restore form', () => {
  test('the default new name is <table>_restored_<yyyymmdd>, cut to 127 bytes', () => {
    expect(defaultNewTable('orders', today)).toBe('orders_restored_20261125');
    const long = defaultNewTable('t'.repeat(127), today);
    expect(Buffer.byteLength(long)).toBe(127);
    expect(long.endsWith('_restored_20261125')).toBe(true);
  });

  test('source values round-trip, and anything else is refused', () => {
    expect(parseSourceValue(sourceValue({ kind: 'snapshot', id: 'before-x' }))).toEqual({ kind: 'snapshot', id: 'before-x' });
    const point = '8f14e45f-ceea-467f-a0e6-2ad9b1f0a0c3';
    expect(parseSourceValue(`recovery-point:${point}`)).toEqual({ kind: 'recovery-point', id: point });
    expect(parseSourceValue('recovery-point:not-a-uuid')).toBeUndefined();
    expect(parseSourceValue('volume:x')).toBeUndefined();
    expect(parseSourceValue(undefined)).toBeUndefined();
  });

  test('checks names with the one validator, folds them, and defaults the new name and target schema', () => {
    const ok = checkForm({ source: 'snapshot:s1', database: 'dev', schema: 'Analytics', table: 'Orders' }, today);
    expect(ok).toEqual({
      ok: true,
      ask: { source: { kind: 'snapshot', id: 's1' }, sourceDatabase: 'dev', sourceSchema: 'analytics', sourceTable: 'orders', newTable: 'orders_restored_20261125', targetSchema: 'analytics' },
    });
    const bad = checkForm({ source: 'x', database: 'dev', schema: 'a\u0000b', table: undefined, newTable: 'n'.repeat(200), targetSchema: 'ok' }, today);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(Object.keys(bad.errors).sort()).toEqual(['new_table', 'schema', 'source', 'table']);
    expect(bad.errors.schema).toContain('control character');
    expect(bad.errors.new_table).toContain('longer than 127 bytes');
  });

  test('refuses restoring a table onto itself', () => {
    const same = checkForm({ source: 'snapshot:s1', database: 'dev', schema: 'a', table: 't', newTable: 'T' }, today);
    expect(same.ok).toBe(false);
    if (!same.ok) expect(same.errors.new_table).toContain('is the source table itself');
    expect(checkForm({ source: 'snapshot:s1', database: 'dev', schema: 'a', table: 't', newTable: 't', targetSchema: 'b' }, today).ok).toBe(true);
  });

  test('offers available snapshots and recovery points of the last 24 hours only', () => {
    const at = (hoursAgo: number) => new Date(today.getTime() - hoursAgo * HOUR);
    const list: SnapshotInfo[] = [
      { id: 'ok', kind: 'manual', status: 'available', source: 'c', createdAt: at(1) },
      { id: 'busy', kind: 'manual', status: 'creating', source: 'c', createdAt: at(0) },
      { id: 'rp-new', kind: 'recovery-point', status: 'available', source: 'n', createdAt: at(23) },
      { id: 'rp-old', kind: 'recovery-point', status: 'available', source: 'n', createdAt: at(25) },
      { id: 'auto', kind: 'automated', status: 'available', source: 'c', createdAt: at(40) },
    ];
    expect(restorableSources(list, today.getTime()).map((s) => s.id)).toEqual(['ok', 'rp-new', 'auto']);
  });

  test('reads only well-formed metadata: the origin token and the target, never a channel', () => {
    const origin = 'a'.repeat(32);
    expect(readMetadata(JSON.stringify({ origin, target: 'prod' }))).toEqual({ origin, target: 'prod' });
    expect(readMetadata(JSON.stringify({ origin, channelId: 'C0AUDIT' }))).toEqual({ origin });
    expect(readMetadata('{"channelId":"C0GENERAL","target":"prod"}')).toBeUndefined();
    expect(readMetadata(JSON.stringify({ origin: 7 }))).toBeUndefined();
    expect(readMetadata('not json')).toBeUndefined();
  });
});

describe('the restore modal views', () => {
  const metadata = { origin: 'a'.repeat(32), target: 'prod' };
  const sources: SnapshotInfo[] = [
    { id: 'first', kind: 'manual', status: 'available', source: 'c', createdAt: today },
    { id: 'second', kind: 'manual', status: 'available', source: 'c', createdAt: today },
  ];
  type Block = {
    block_id?: string;
    text?: { text: string };
    elements?: Array<{ type: string; text: string }>;
    element?: { initial_value?: string; initial_option?: { value: string } };
  };
  const blocks = (view: { blocks: unknown[] }) => view.blocks as Block[];
  const byId = (view: { blocks: unknown[] }, id: string) => blocks(view).find((b) => b.block_id === id);

  test('"checking" keeps the modal (callback id, metadata), has no submit button, and escapes typed names', () => {
    const view = checkingView(metadata, {
      source: { kind: 'snapshot', id: 's<1>' },
      sourceDatabase: 'dev',
      sourceSchema: 'a',
      sourceTable: '<!channel>',
      newTable: 'n',
      targetSchema: 'a',
    });
    expect(view).toMatchObject({ callback_id: 'restore_table', private_metadata: JSON.stringify(metadata) });
    expect(view.submit).toBeUndefined();
    expect(blocks(view)[0].text?.text).toBe(':hourglass_flowing_sand: Checking snapshot `s&lt;1&gt;` and `a.&lt;!channel&gt;` in `dev`…');
  });

  test('the form filled again: what was typed, the chosen source while listed, and each problem under its field', () => {
    const draft = { source: 'snapshot:second', database: 'dev', schema: 'a', table: 't', newTable: '<!channel>' };
    const view = restoreFormView(metadata, sources, 'dev', today, { draft, problems: { new_table: 'a.<!channel> already exists.' } });
    expect(view.submit).toBeDefined();
    expect(byId(view, 'source')?.element?.initial_option?.value).toBe('snapshot:second');
    expect(byId(view, 'schema')?.element?.initial_value).toBe('a');
    expect(byId(view, 'new_table')?.element?.initial_value).toBe('<!channel>');
    expect(byId(view, 'target_schema')?.element?.initial_value).toBeUndefined();
    // Plain text (never read as mrkdwn), right under the field it is about.
    const ids = blocks(view).map((b) => b.block_id);
    expect(ids.indexOf(problemBlockId('new_table'))).toBe(ids.indexOf('new_table') + 1);
    expect(byId(view, problemBlockId('new_table'))?.elements).toEqual([
      { type: 'plain_text', text: '⚠ a.<!channel> already exists.', emoji: true },
    ]);
    expect(ids.filter((id) => id?.endsWith('_problem'))).toEqual([problemBlockId('new_table')]);

    const gone = restoreFormView(metadata, sources, 'dev', today, {
      draft: { ...draft, source: 'snapshot:deleted' },
      problems: { source: 'gone' },
    });
    expect(byId(gone, 'source')?.element?.initial_option).toBeUndefined();
    // A fresh form selects the newest source and shows no problem.
    const fresh = restoreFormView(metadata, sources, 'dev', today);
    expect(byId(fresh, 'source')?.element?.initial_option?.value).toBe('snapshot:first');
    expect(blocks(fresh).some((b) => b.block_id?.endsWith('_problem'))).toBe(false);
  });
});

const details: RestoreDetails = {
  source: { kind: 'snapshot', id: 'snap-1' },
  sourceDatabase: 'dev',
  sourceSchema: 'analytics',
  sourceTable: 'orders',
  newTable: 'orders_restored_20261125',
  targetSchema: 'analytics',
  targetDatabase: 'dev',
  target: 'prod',
  channelId: 'C0GENERAL',
};

describe('restore SQL and calls', () => {
  test('the AWS call shown to approvers names every parameter', () => {
    expect(restoreCall(details, { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' } as never)).toBe(
      'RestoreTableFromClusterSnapshot ClusterIdentifier=analytics-prod SnapshotIdentifier=snap-1 SourceDatabaseName=dev SourceSchemaName=analytics SourceTableName=orders TargetDatabaseName=dev TargetSchemaName=analytics NewTableName=orders_restored_20261125',
    );
    const serverless = { kind: 'serverless', workgroup: 'wg', namespace: 'ns', database: 'dev' } as never;
    expect(restoreCall({ ...details, source: { kind: 'recovery-point', id: 'rp' } }, serverless)).toMatch(/^RestoreTableFromRecoveryPoint namespaceName=ns workgroupName=wg recoveryPointId=rp /);
  });

  test('swap and undo are each other’s reverse, quoted through redshift/sql', () => {
    const aside = asideName('orders', today);
    expect(aside).toBe('orders_before_restore_20261125_101500');
    expect(swapStatements(details, aside).map((s) => s.sql)).toEqual([
      'ALTER TABLE "analytics"."orders" RENAME TO "orders_before_restore_20261125_101500"',
      'ALTER TABLE "analytics"."orders_restored_20261125" RENAME TO "orders"',
    ]);
    expect(undoStatements(details, aside).map((s) => s.sql)).toEqual([
      'ALTER TABLE "analytics"."orders" RENAME TO "orders_restored_20261125"',
      'ALTER TABLE "analytics"."orders_before_restore_20261125_101500" RENAME TO "orders"',
    ]);
    expect(countRows({ targetSchema: 'a"b', newTable: 't' }).sql).toBe('SELECT count(*) AS n FROM "a""b"."t"');
    expect(canSwap(details)).toBe(true);
    expect(canSwap({ ...details, targetSchema: 'adhoc' })).toBe(false);
    expect(Buffer.byteLength(asideName('x'.repeat(127), today))).toBe(127);
  });
});

describe('retention and delete rules', () => {
  test('warns when lowering, not when raising', () => {
    expect(changeSummary({ target: 'prod', days: 1, from: 7 }).join('\n')).toContain('deletes automated snapshots older than 1 day *at once*');
    expect(changeSummary({ target: 'prod', days: 14, from: 7 }).join('\n')).not.toContain('at once');
  });

  test('shows retention and cross-region copy in words', () => {
    const base = { target: 'prod', kind: 'provisioned' as const, identifier: 'c', state: 'available', available: true };
    expect(retentionLine({ ...base, automatedSnapshotRetentionDays: 7, snapshotCopy: { destinationRegion: 'eu-west-1', retentionDays: 3 } })).toBe(
      '*prod*: automated snapshots kept *7 days*; cross-region copy to eu-west-1, kept 3 days.',
    );
    expect(retentionLine({ ...base, automatedSnapshotRetentionDays: 0 })).toBe('*prod*: automated snapshots *off*; cross-region copy off.');
    expect(retentionLine({ ...base, kind: 'serverless' })).toContain('kept 24 hours (fixed by AWS); cross-region copy off.');
    const copies = [{ destinationRegion: 'us-west-2', retentionDays: 7 }, { destinationRegion: 'eu-west-1', retentionDays: 1 }];
    expect(retentionLine({ ...base, kind: 'serverless', snapshotCopies: copies })).toContain('snapshots copied to us-west-2 (kept 7 days), eu-west-1 (kept 1 day).');
    expect(retentionLine({ ...base, kind: 'serverless', snapshotCopyUnknown: true })).toContain('cross-region copy could not be read');
  });

  test('only manual snapshots may be deleted', () => {
    const snap = (kind: SnapshotInfo['kind']): SnapshotInfo => ({ id: 's', kind, status: 'available', source: 'c' });
    expect(deleteRefusal(snap('manual'), 'prod')).toBeUndefined();
    expect(deleteRefusal(snap('automated'), 'prod')).toContain('AWS deletes those itself when their retention ends');
    expect(deleteRefusal(snap('recovery-point'), 'lake')).toContain('expire by themselves after 24 hours');
  });
});
