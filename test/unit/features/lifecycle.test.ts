import { parseChatopsConfig } from '../../../src/config/chatops';
import { confirmationName, finalSnapshotName, readDeleteForm } from '../../../src/features/lifecycle/delete-modal';
import { estimateText, storageEstimate } from '../../../src/features/shared/estimate';
import { FINAL_BLOCK, NAME_BLOCK, RETENTION_BLOCK, SKIP_FINAL, SNAPSHOT_NAME_BLOCK, TAKE_FINAL } from '../../../src/features/lifecycle/ids';
import { maintenanceDue } from '../../../src/features/lifecycle/maintenance';
import { pauseEffects, previewMessage } from '../../../src/features/lifecycle/preview';
import { pauseReadiness, resumeReadiness } from '../../../src/features/lifecycle/readiness';
import { approvalsFor, callsFor } from '../../../src/features/lifecycle/requests';
import type { LifecycleOperation } from '../../../src/features/lifecycle/types';
import type { WarehouseStatus } from '../../../src/redshift/warehouse';
import { twoTargetsYaml } from '../../support/warehouse-bot';

const config = parseChatopsConfig(twoTargetsYaml);
const noExtra = parseChatopsConfig(`${twoTargetsYaml}\npolicies:\n  delete: { skipFinalSnapshotExtraApproval: false }\n`);
const status = (over: Partial<WarehouseStatus> = {}): WarehouseStatus => ({
  target: 'prod',
  kind: 'provisioned',
  identifier: 'analytics-prod',
  state: 'available',
  available: true,
  nodeType: 'ra3.xlplus',
  nodes: 2,
  automatedSnapshotRetentionDays: 1,
  storageCapacityMb: 65_536,
  ...over,
});
const operation = (over: Partial<LifecycleOperation>): LifecycleOperation => ({
  action: 'delete',
  target: 'prod',
  requester: 'U1',
  key: 'k',
  channelId: 'C1',
  ...over,
});
const form = (
  typed: string,
  final = TAKE_FINAL,
  name: string | null = 'chatops-prod-final-20261125-100000-abcd',
  retention: string | null = 'forever',
) => ({
  [NAME_BLOCK]: { value: { value: typed } },
  [FINAL_BLOCK]: { value: { selected_option: { value: final } } },
  [SNAPSHOT_NAME_BLOCK]: { value: { value: name } },
  [RETENTION_BLOCK]: { value: { value: retention } },
});

describe('storage estimate of a paused cluster', () => {
  test('from the latest snapshot size, else the capacity as an upper bound, else unknown', () => {
    // The cost report's rule: decimal GB (1,000 MB) over a whole 730-hour month.
    expect(storageEstimate({ snapshotMb: 10_000, capacityMb: 65_536 }, 0.024)).toEqual({
      mb: 10_000,
      usdPerMonth: 0.24,
      basis: 'snapshot',
    });
    expect(storageEstimate({ capacityMb: 2_000 }, 0.5)).toEqual({ mb: 2_000, usdPerMonth: 1, basis: 'capacity' });
    expect(storageEstimate({}, 0.024)).toBeUndefined();
    expect(estimateText(storageEstimate({ snapshotMb: 10_240 }, 0.024), 0.024)).toBe(
      "about $0.25 a month for storage (10.2 GB at $0.024 per GB-month, from the latest snapshot's size)",
    );
    expect(estimateText(undefined, 0.024)).toContain('size unknown');
  });

  test('a small cluster: its size in MB and a cost under a cent, never "$0.00" or "0.0 GB"', () => {
    const text = estimateText(storageEstimate({ snapshotMb: 39 }, 0.024), 0.024);
    expect(text).toBe("under $0.01 a month for storage (39 MB at $0.024 per GB-month, from the latest snapshot's size)");
    expect(estimateText(storageEstimate({ snapshotMb: 500 }, 0.024), 0.024)).toBe(
      "about $0.01 a month for storage (500 MB at $0.024 per GB-month, from the latest snapshot's size)",
    );
  });

  test('the pause effects name the snapshot, the queries, the cancel rule and what still bills', () => {
    const lines = pauseEffects(status(), config.cost.prices, 1_024).join('\n');
    expect(lines).toContain('takes a snapshot');
    expect(lines).toContain('cannot be cancelled');
    expect(lines).toContain('2 × ra3.xlplus at $1.086/h ≈ $52.13 a day');
    expect(lines).toContain('about $0.02 a month for storage (1 GB at $0.024 per GB-month');
  });
});

describe('pause and resume preconditions', () => {
  test('pause: ready when available with automated snapshots; already when paused or pausing; blocked otherwise, with every reason', () => {
    expect(pauseReadiness(status()).kind).toBe('ready');
    expect(pauseReadiness(status({ state: 'paused' }))).toMatchObject({
      kind: 'already',
      text: expect.stringContaining('already paused. Nothing was called'),
    });
    expect(pauseReadiness(status({ state: 'pausing' })).kind).toBe('already');
    const blocked = pauseReadiness(status({ state: 'modifying', automatedSnapshotRetentionDays: 0 }));
    expect(blocked).toMatchObject({ kind: 'blocked' });
    expect(blocked.kind === 'blocked' && blocked.problems).toEqual([
      'status is *modifying*; only an available cluster can be paused',
      expect.stringContaining('automated snapshots are off'),
    ]);
  });

  test('resume: ready only when paused', () => {
    expect(resumeReadiness(status({ state: 'paused' })).kind).toBe('ready');
    expect(resumeReadiness(status()).kind).toBe('already');
    expect(resumeReadiness(status({ state: 'resuming' })).kind).toBe('already');
    expect(resumeReadiness(status({ state: 'deleting' })).kind).toBe('blocked');
  });

  test('a blocked preview has no Confirm button; a ready one has a confirm dialog', () => {
    const token = { a: 'pause' as const, t: 'prod', k: '0123456789abcdef' };
    const blocked = pauseReadiness(status({ automatedSnapshotRetentionDays: 0 }));
    if (blocked.kind === 'already') throw new Error('unexpected');
    expect(JSON.stringify(previewMessage('pause', status(), [], blocked, 1, token).blocks)).not.toContain('lifecycle_confirm');
    const ready = pauseReadiness(status());
    if (ready.kind === 'already') throw new Error('unexpected');
    const message = previewMessage('pause', status(), [], ready, 1, token);
    const button = JSON.stringify(message.blocks);
    expect(button).toContain('"action_id":"lifecycle_confirm"');
    expect(button).toContain('"title":{"type":"plain_text","text":"Pause this cluster?"}');
    expect(message.text).toContain('Then 1 approval in the approvals channel');
  });
});

describe('the delete form', () => {
  const prod = config.targets.prod;
  const lake = config.targets.lake;

  test('the name to type is the cluster, or the workgroup', () => {
    expect(confirmationName(prod)).toBe('analytics-prod');
    expect(confirmationName(lake)).toBe('lake');
  });

  test('a mistyped or empty name is an error on its field', () => {
    expect(readDeleteForm(form('analytics-prd'), prod)).toEqual({
      ok: false,
      errors: { [NAME_BLOCK]: '"analytics-prd" is not the name. Type analytics-prod exactly to confirm.' },
    });
    expect(readDeleteForm(form(''), prod)).toEqual({ ok: false, errors: { [NAME_BLOCK]: 'Type analytics-prod to confirm.' } });
  });

  test('the final snapshot by default, skipping only when chosen; its name and retention are checked', () => {
    expect(readDeleteForm(form('analytics-prod'), prod)).toEqual({
      ok: true,
      finalSnapshot: { skip: false, name: 'chatops-prod-final-20261125-100000-abcd', retentionDays: 'forever' },
    });
    expect(readDeleteForm(form('analytics-prod', 'bogus', 'keep-me', '30'), prod)).toEqual({
      ok: true,
      finalSnapshot: { skip: false, name: 'keep-me', retentionDays: 30 },
    });
    expect(readDeleteForm(form(' analytics-prod ', SKIP_FINAL, null, null), prod)).toEqual({ ok: true, finalSnapshot: { skip: true } });
    const bad = readDeleteForm(form('analytics-prod', TAKE_FINAL, 'final--x', '4000'), prod);
    expect(bad).toEqual({
      ok: false,
      errors: {
        [SNAPSHOT_NAME_BLOCK]: expect.stringContaining('two hyphens in a row'),
        [RETENTION_BLOCK]: expect.stringContaining('1–3653'),
      },
    });
    expect(readDeleteForm(form('lake', TAKE_FINAL, 'Lake-Final', '7'), lake)).toEqual({
      ok: false,
      errors: { [SNAPSHOT_NAME_BLOCK]: expect.stringContaining('lower-case') },
    });
    expect(readDeleteForm(form('analytics-prod', TAKE_FINAL, ''), prod)).toEqual({
      ok: false,
      errors: { [SNAPSHOT_NAME_BLOCK]: 'Name the final snapshot, or choose to skip it.' },
    });
  });

  test('generated final snapshot names follow the snapshot rule and depend on the request', () => {
    const at = new Date('2026-11-25T10:15:00Z');
    expect(finalSnapshotName('prod', at, 'k1')).toMatch(/^chatops-prod-final-20261125-101500-[0-9a-f]{4}$/);
    expect(finalSnapshotName('prod', at, 'k1')).toBe(finalSnapshotName('prod', at, 'k1'));
  });
});

describe('approvals and calls of a lifecycle request', () => {
  test('delete needs two approvals, three when skipping the final snapshot (unless the policy says otherwise)', () => {
    expect(approvalsFor(config, operation({ finalSnapshot: { skip: false, name: 'n', retentionDays: 7 } }))).toBe(2);
    expect(approvalsFor(config, operation({ finalSnapshot: { skip: true } }))).toBe(3);
    expect(approvalsFor(noExtra, operation({ finalSnapshot: { skip: true } }))).toBe(2);
    expect(approvalsFor(config, operation({ action: 'pause' }))).toBe(1);
  });

  test('the calls shown to approvers carry the final snapshot settings', () => {
    expect(callsFor(config, operation({ finalSnapshot: { skip: true } }))).toEqual([
      'DeleteCluster ClusterIdentifier=analytics-prod SkipFinalClusterSnapshot=true',
    ]);
    expect(callsFor(config, operation({ finalSnapshot: { skip: false, name: 'f', retentionDays: 'forever' } }))).toEqual([
      'DeleteCluster ClusterIdentifier=analytics-prod FinalClusterSnapshotIdentifier=f FinalClusterSnapshotRetentionPeriod=-1',
    ]);
    expect(callsFor(config, operation({ target: 'lake', finalSnapshot: { skip: true } }))).toEqual([
      'DeleteWorkgroup workgroupName=lake',
      '(wait until the workgroup is gone)',
      'DeleteNamespace namespaceName=lake (no final snapshot)',
    ]);
    expect(callsFor(config, operation({ action: 'maintenance', deferDays: 14 }))).toEqual([
      'ModifyClusterMaintenance ClusterIdentifier=analytics-prod DeferMaintenance=true DeferMaintenanceDuration=14',
    ]);
  });
});

describe('maintenance notice', () => {
  test('due when the next window opens within 24 hours, not when past or further', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(maintenanceDue(new Date(now + 22 * 3_600_000), now)).toBe(true);
    expect(maintenanceDue(new Date(now + 24 * 3_600_000), now)).toBe(true);
    expect(maintenanceDue(new Date(now + 24 * 3_600_000 + 1), now)).toBe(false);
    expect(maintenanceDue(new Date(now - 1), now)).toBe(false);
    expect(maintenanceDue(undefined, now)).toBe(false);
  });
});
