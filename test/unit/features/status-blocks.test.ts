import { statusBlocks } from '../../../src/features/status/status-blocks';

describe('status report blocks', () => {
  test('a provisioned cluster shows state, nodes, maintenance, retention and latest snapshots', () => {
    const { text, blocks } = statusBlocks([
      {
        target: 'prod',
        ok: true,
        status: {
          target: 'prod',
          kind: 'provisioned',
          identifier: 'analytics-prod',
          state: 'available',
          available: true,
          nodeType: 'ra3.xlplus',
          nodes: 2,
          maintenanceWindow: 'sun:18:00-sun:18:30',
          nextMaintenance: new Date('2026-11-29T18:00:00Z'),
          automatedSnapshotRetentionDays: 1,
        },
        snapshots: [{ id: 'chatops-prod-1', kind: 'manual', status: 'available', createdAt: new Date('2026-11-25T09:00:00Z'), sizeMb: 1234.4, source: 'analytics-prod' }],
      },
    ]);
    const rendered = JSON.stringify(blocks);
    expect(text).toBe('Status: prod: available');
    for (const part of ['analytics-prod', '2 × ra3.xlplus', 'sun:18:00-sun:18:30', '2026-11-29 18:00 UTC', '1 day', 'chatops-prod-1', ', 1.2 GB']) {
      expect(rendered).toContain(part);
    }
  });

  test('a serverless workgroup shows RPUs; a failed target says why without hiding the others', () => {
    const { text, blocks } = statusBlocks([
      { target: 'lake', ok: true, status: { target: 'lake', kind: 'serverless', identifier: 'lake/lake', state: 'AVAILABLE', available: true, baseRpu: 32, maxRpu: 512 }, snapshots: [] },
      { target: 'prod', ok: false, error: 'DescribeClusters failed: ClusterNotFound: Cluster analytics-prod not found.' },
    ]);
    const rendered = JSON.stringify(blocks);
    expect(text).toBe('Status: lake: AVAILABLE; prod: unknown');
    expect(rendered).toContain('32 RPU base, 512 max');
    expect(rendered).toContain('No snapshots yet.');
    expect(rendered).toContain('ClusterNotFound');
  });
});
