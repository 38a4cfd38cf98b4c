import { stringify } from 'yaml';
import { parseCommand } from '../../../src/commands/parse';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { minimalConfigYaml } from '../../support/config';
import type { ParseContext } from '../../../src/commands/types';
import type { ActionPolicy } from '../../../src/config/policies';
import type { WarehouseRestorePlan } from '../../../src/redshift/warehouse-restore';
import {
  approvalsFor,
  callsFor,
  commandRefusal,
  hourlyCost,
  planRefusal,
  previewLines,
  reminderText,
} from '../../../src/features/backup/warehouse-restore-preview';
import type { WarehouseRestoreOperation } from '../../../src/features/backup/warehouse-restore-types';

const two: ParseContext = { targets: ['prod', 'lake'], roles: [] };
const RP = '8f14e45f-ceea-467f-a0e6-2ad9b1f0a0c3';
const prices = { 'ra3.xlplus': 1.086, 'dc2.large': 0.25 };
const prod = { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' } as const;
const lake = { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' } as const;
const everyone = { users: [], usergroups: [], everyone: true };
const policy = (over: Partial<ActionPolicy> = {}): ActionPolicy => ({
  enabled: true,
  allowed: everyone,
  approvers: everyone,
  approvalsRequired: 1,
  skipFinalSnapshotExtraApproval: false,
  ...over,
});
const source = {
  kind: 'snapshot' as const,
  id: 'before-cleanup',
  status: 'available',
  createdAt: new Date('2026-11-24T09:00:00Z'),
  sizeMb: 2_400,
  takenOf: 'analytics-prod',
};
const plan = (over: Partial<Extract<WarehouseRestorePlan, { kind: 'new-cluster' }>> = {}): WarehouseRestorePlan => ({
  kind: 'new-cluster',
  source,
  newCluster: 'analytics-restored',
  nodeType: 'ra3.xlplus',
  nodes: 2,
  nameTaken: false,
  ...over,
});
const operation: WarehouseRestoreOperation = {
  target: 'prod',
  kind: 'new-cluster',
  source: { kind: 'snapshot', id: 'before-cleanup' },
  name: 'analytics-restored',
  requester: 'U1',
  key: '0123456789abcdef',
  channelId: 'C1',
};

describe('restore cluster: parsing', () => {
  it('parses the new verb with a snapshot, a name and a target', () => {
    expect(parseCommand('restore cluster before-cleanup analytics-restored prod', two)).toEqual({
      ok: true,
      command: { verb: 'restore.cluster', source: 'before-cleanup', newName: 'analytics-restored', target: 'prod' },
      missing: [],
    });
    expect(parseCommand(`restore cluster ${RP.toUpperCase()} lake lake`, two)).toMatchObject({
      ok: true,
      command: { source: RP, newName: 'lake', target: 'lake' },
    });
  });

  it('keeps `restore <target>` the table restore, even for a target named `cluster`', () => {
    expect(parseCommand('restore prod', two)).toMatchObject({ ok: true, command: { verb: 'restore', target: 'prod' } });
    const withCluster: ParseContext = { targets: ['prod', 'cluster'], roles: [] };
    expect(parseCommand('restore cluster', withCluster)).toMatchObject({ ok: true, command: { verb: 'restore', target: 'cluster' } });
    expect(parseCommand('restore cluster snap-1 new-one prod', withCluster)).toMatchObject({
      ok: true,
      command: { verb: 'restore.cluster', source: 'snap-1', newName: 'new-one' },
    });
    expect(parseCommand('restore cluster', two)).toMatchObject({
      ok: true,
      command: { verb: 'restore.cluster' },
      missing: ['restoreSource', 'clusterName', 'target'],
    });
  });

  it('refuses a name no cluster can have', () => {
    for (const bad of ['-lead', 'under_score', 'a'.repeat(65)]) {
      const result = parseCommand(`restore cluster before-cleanup ${bad} prod`, two);
      expect(result).toMatchObject({ ok: false, error: expect.stringContaining('cannot name a cluster') });
    }
    for (const bad of ['9lives', 'two--hyphens', 'ends-'])
      expect(commandRefusal('prod', prod, 'before-cleanup', bad, false)).toContain('cannot name a cluster');
  });
});

describe('restore cluster: checks before any call', () => {
  it('a Serverless restore must name the namespace, which confirms its data is replaced', () => {
    expect(commandRefusal('lake', lake, 'lake-baseline', 'lake-copy', false)).toContain('*replaces its data*');
    expect(commandRefusal('lake', lake, 'lake-baseline', 'lake', false)).toBeUndefined();
  });

  it('a cluster restore refuses recovery points, bad names and the source cluster itself', () => {
    expect(commandRefusal('prod', prod, RP, 'x1', true)).toContain('recovery points exist only on Redshift Serverless');
    expect(commandRefusal('prod', prod, 's', 'a'.repeat(64), false)).toContain('cannot name a cluster');
    expect(commandRefusal('prod', prod, 's', 'analytics-prod', false)).toContain('NEW cluster');
    expect(commandRefusal('prod', prod, 's', 'analytics-restored', false)).toBeUndefined();
  });

  it('a taken name or a source not available is refused', () => {
    expect(planRefusal(plan({ nameTaken: true }))).toContain('exists already');
    expect(planRefusal(plan({ source: { ...source, status: 'creating' } }))).toContain('*creating*, not available');
    expect(planRefusal(plan())).toBeUndefined();
  });
});

describe('restore cluster: the preview', () => {
  it('costs the new cluster from the node prices, per hour', () => {
    expect(hourlyCost('ra3.xlplus', 2, prices)).toEqual({ perHour: 2.172, words: '2 × ra3.xlplus at $1.086/h ≈ $52.13 a day' });
    expect(hourlyCost('ra3.4xlarge', 2, prices)).toBeUndefined();
    const text = previewLines('prod', plan(), prices, approvalsFor('new-cluster', policy())).join('\n');
    expect(text).toContain('about *$2.17 an hour* (2 × ra3.xlplus at $1.086/h ≈ $52.13 a day), from cost.prices.nodeHour');
    expect(text).toContain('*Cost, an estimate:*');
    expect(text).toContain('snapshot `before-cleanup` of `analytics-prod`, taken 2026-11-24 09:00 UTC, 2.4 GB');
    expect(text).toContain('*2 × ra3.xlplus*');
    expect(text).toContain('It is a *new* cluster: *prod* and its data are not touched. It bills per hour until it is paused or deleted.');
    expect(text).toContain('Then 1 approval in the approvals channel');
    expect(previewLines('prod', plan({ nodeType: 'ra3.4xlarge' }), prices, approvalsFor('new-cluster', policy())).join('\n')).toContain(
      'has no price for ra3.4xlarge',
    );
  });

  it('warns that a namespace restore replaces its data, and suggests a snapshot of now', () => {
    const serverless: WarehouseRestorePlan = {
      kind: 'namespace',
      source: { ...source, id: 'lake-baseline', takenOf: 'lake' },
      namespace: 'lake',
      workgroup: 'lake',
    };
    const text = previewLines('lake', serverless, prices, approvalsFor('namespace', policy())).join('\n');
    expect(text).toContain('its current data is REPLACED');
    expect(text).toContain('`/redshift snapshot create lake`');
    expect(text).toContain('Then 2 approvals');
  });
});

describe('restore cluster: approvals', () => {
  it('chatops.yml tells a written approvalsRequired from the default', () => {
    const restore = (policy?: object) =>
      parseChatopsConfig(`${minimalConfigYaml}${policy ? stringify({ policies: { restore: policy } }) : ''}`).policies.restore;
    expect(restore()).toMatchObject({ approvalsRequired: 1 });
    expect(restore().approvalsExplicit).toBeUndefined();
    expect(restore({ approvalsRequired: 1 })).toMatchObject({ approvalsRequired: 1, approvalsExplicit: true });
    expect(approvalsFor('namespace', restore()).count).toBe(2);
    expect(approvalsFor('namespace', restore({ approvalsRequired: 1 })).count).toBe(1);
  });

  it('a new cluster takes the policy; a namespace 2 by default, and an explicit setting wins', () => {
    expect(approvalsFor('new-cluster', policy()).count).toBe(1);
    expect(approvalsFor('namespace', policy()).count).toBe(2);
    expect(approvalsFor('namespace', policy({ approvalsRequired: 1, approvalsExplicit: true })).count).toBe(1);
    expect(approvalsFor('namespace', policy({ approvalsRequired: 0, approvalsExplicit: true })).count).toBe(0);
    expect(approvalsFor('namespace', policy({ approvers: { users: ['U9'], usergroups: [], everyone: false } })).count).toBe(1);
  });

  it('shows approvers the exact call, and reminds how to stop a cluster outside chatops.yml', () => {
    expect(callsFor(operation, prod)).toEqual([
      'RestoreFromClusterSnapshot ClusterIdentifier=analytics-restored SnapshotIdentifier=before-cleanup SnapshotClusterIdentifier=analytics-prod',
    ]);
    expect(
      callsFor({ ...operation, kind: 'namespace', source: { kind: 'recovery-point', id: RP }, name: 'lake', target: 'lake' }, lake),
    ).toEqual([`RestoreFromRecoveryPoint namespaceName=lake workgroupName=lake recoveryPointId=${RP}`]);
    const reminder = reminderText(operation, hourlyCost('ra3.xlplus', 2, prices), false);
    expect(reminder).toContain('bills about $2.17 an hour');
    expect(reminder).toContain('AWS console');
    expect(reminder).toContain('add it to chatops.yml');
  });
});
