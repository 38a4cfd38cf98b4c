import {
  ClusterAlreadyExistsFault,
  ClusterSnapshotNotFoundFault,
  InvalidRetentionPeriodFault,
  SnapshotCopyAlreadyDisabledFault,
  SnapshotCopyAlreadyEnabledFault,
  SnapshotCopyDisabledFault,
  SnapshotCopyGrantNotFoundFault,
  UnknownSnapshotCopyRegionFault,
} from '@aws-sdk/client-redshift';
import { toAwsOperationError, WarehouseRequestError } from '../../../src/redshift/errors';
import { deferredBackups, type Backups } from '../../../src/redshift/restore';
import { clusterCopyStatus, clusterRestoreInfo, namespaceCopyStatus, namespaceRestoreInfo } from '../../../src/redshift/restore-mapping';
import {
  checkClusterCopyRetention,
  checkClusterName,
  checkCopyRegion,
  checkNamespaceCopyRetention,
  checkNodeCount,
} from '../../../src/redshift/warehouse-restore';

const metadata = { httpStatusCode: 400, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 };

describe('restore and copy input checks', () => {
  it('takes a Region code other than the warehouse own, lower-cased', () => {
    expect(checkCopyRegion('US-West-2', 'us-east-1')).toBe('us-west-2');
    expect(checkCopyRegion('us-gov-west-1', undefined)).toBe('us-gov-west-1');
    expect(() => checkCopyRegion('us-east-1', 'us-east-1')).toThrow("that is the warehouse's own Region");
    expect(() => checkCopyRegion('oregon', 'us-east-1')).toThrow(WarehouseRequestError);
    expect(() => checkCopyRegion('us-west', 'us-east-1')).toThrow('is not an AWS Region code');
  });

  it('keeps copied automated snapshots 1 to 35 days on a cluster, and any whole positive number on Serverless', () => {
    expect(checkClusterCopyRetention(1)).toBe(1);
    expect(checkClusterCopyRetention(35)).toBe(35);
    for (const bad of [0, 36, 1.5, -1]) expect(() => checkClusterCopyRetention(bad)).toThrow('1 to 35 days');
    expect(checkNamespaceCopyRetention(400)).toBe(400);
    for (const bad of [0, -1, 2.5]) expect(() => checkNamespaceCopyRetention(bad)).toThrow(WarehouseRequestError);
  });

  it('checks a new cluster name as the reference constrains ClusterIdentifier, and the node count', () => {
    expect(checkClusterName('analytics-restored-2')).toBe('analytics-restored-2');
    expect(checkClusterName('a'.repeat(63))).toHaveLength(63);
    for (const bad of ['Upper', '1abc', 'a--b', 'ends-', 'a'.repeat(64), 'has_underscore', '']) {
      expect(() => checkClusterName(bad)).toThrow(WarehouseRequestError);
    }
    expect(checkNodeCount(undefined)).toBeUndefined();
    expect(checkNodeCount(4)).toBe(4);
    expect(() => checkNodeCount(0)).toThrow('whole number of nodes');
  });
});

describe('restore progress mapping', () => {
  it('reads a restoring cluster and then an available one with its endpoint', () => {
    const creating = clusterRestoreInfo(
      {
        ClusterIdentifier: 'analytics-restored',
        ClusterStatus: 'creating',
        NodeType: 'ra3.xlplus',
        NumberOfNodes: 2,
        RestoreStatus: {
          Status: 'Restoring',
          ProgressInMegaBytes: 10,
          SnapshotSizeInMegaBytes: 40,
          EstimatedTimeToCompletionInSeconds: 30,
        },
      },
      'analytics-restored',
    );
    expect(creating).toEqual({
      kind: 'new-cluster',
      cluster: 'analytics-restored',
      state: 'creating',
      available: false,
      endpoint: undefined,
      nodeType: 'ra3.xlplus',
      nodes: 2,
      progress: {
        status: 'restoring',
        progressMb: 10,
        snapshotSizeMb: 40,
        mbPerSecond: undefined,
        elapsedSeconds: undefined,
        estimatedSecondsLeft: 30,
      },
    });
    const done = clusterRestoreInfo({ ClusterStatus: 'available', Endpoint: { Address: 'x.example', Port: 5439 } }, 'x');
    expect(done).toMatchObject({ cluster: 'x', available: true, endpoint: { address: 'x.example', port: 5439 }, progress: undefined });
    expect(clusterRestoreInfo(undefined, 'gone')).toMatchObject({ cluster: 'gone', state: 'unknown', available: false });
  });

  it('says a namespace is available only when its workgroup is too, and shows the first thing in the way', () => {
    const names = { namespace: 'lake', workgroup: 'lake' };
    expect(namespaceRestoreInfo({ namespaceName: 'lake', status: 'MODIFYING' }, names, undefined, 'lake-baseline')).toEqual({
      kind: 'namespace',
      namespace: 'lake',
      workgroup: 'lake',
      state: 'MODIFYING',
      available: false,
      endpoint: undefined,
      snapshot: 'lake-baseline',
    });
    const workgroupBusy = namespaceRestoreInfo({ status: 'AVAILABLE' }, names, { status: 'MODIFYING' });
    expect(workgroupBusy).toMatchObject({ state: 'MODIFYING', available: false });
    const ready = namespaceRestoreInfo({ status: 'AVAILABLE' }, names, {
      status: 'AVAILABLE',
      endpoint: { address: 'lake.example', port: 5439 },
    });
    expect(ready).toMatchObject({ state: 'AVAILABLE', available: true, endpoint: { address: 'lake.example', port: 5439 } });
    expect(ready).not.toHaveProperty('snapshot');
  });
});

describe('snapshot copy mapping', () => {
  it('reads ClusterSnapshotCopyStatus, absent when copy is off', () => {
    expect(clusterCopyStatus({ ClusterIdentifier: 'c' })).toEqual({ kind: 'provisioned', destinations: [] });
    expect(
      clusterCopyStatus({
        ClusterSnapshotCopyStatus: {
          DestinationRegion: 'us-west-2',
          RetentionPeriod: 7,
          ManualSnapshotRetentionPeriod: -1,
          SnapshotCopyGrantName: 'g',
        },
      }),
    ).toEqual({
      kind: 'provisioned',
      destinations: [{ region: 'us-west-2', retentionDays: 7, manualRetentionDays: -1, grantName: 'g' }],
    });
  });

  it("keeps only the namespace's own configurations, by Region", () => {
    const status = namespaceCopyStatus(
      [
        { namespaceName: 'lake', destinationRegion: 'us-west-2', snapshotRetentionPeriod: 30, snapshotCopyConfigurationId: 'b' },
        { namespaceName: 'other', destinationRegion: 'eu-west-1', snapshotCopyConfigurationId: 'x' },
        { namespaceName: 'lake', destinationRegion: 'eu-central-1', snapshotCopyConfigurationId: 'a' },
        { namespaceName: 'lake', snapshotCopyConfigurationId: 'no-region' },
      ],
      'lake',
    );
    expect(status).toEqual({
      kind: 'serverless',
      destinations: [
        { region: 'eu-central-1', retentionDays: undefined, configurationId: 'a' },
        { region: 'us-west-2', retentionDays: 30, configurationId: 'b' },
      ],
    });
  });
});

describe('restore and copy faults in words', () => {
  const hint = (error: Error, operation: string) => toAwsOperationError(error, operation).userMessage();

  it.each([
    [
      new SnapshotCopyAlreadyEnabledFault({ message: 'on', $metadata: metadata }),
      'EnableSnapshotCopy',
      'already on; change how long copies are kept',
    ],
    [
      new SnapshotCopyAlreadyDisabledFault({ message: 'off', $metadata: metadata }),
      'DisableSnapshotCopy',
      'already off; nothing was changed',
    ],
    [
      new SnapshotCopyDisabledFault({ message: 'off', $metadata: metadata }),
      'ModifySnapshotCopyRetentionPeriod',
      'not on for this cluster',
    ],
    [new UnknownSnapshotCopyRegionFault({ message: 'where', $metadata: metadata }), 'EnableSnapshotCopy', "other than the warehouse's own"],
    [
      new SnapshotCopyGrantNotFoundFault({ message: 'no grant', $metadata: metadata }),
      'EnableSnapshotCopy',
      "create it there with CreateSnapshotCopyGrant, and name it under the target's snapshotCopyGrants in chatops.yml",
    ],
    [
      new ClusterSnapshotNotFoundFault({ message: 'gone', $metadata: metadata }),
      'RestoreFromClusterSnapshot',
      'see /redshift snapshot list',
    ],
  ])('says what to do about %s', (error, operation, advice) => {
    expect(hint(error, operation)).toContain(advice);
  });

  it('ends the fault with its advice', () => {
    expect(hint(new ClusterAlreadyExistsFault({ message: 'exists', $metadata: metadata }), 'RestoreFromClusterSnapshot')).toBe(
      'RestoreFromClusterSnapshot failed: ClusterAlreadyExists: exists. A cluster with that name already exists; pick another name for the restored cluster.',
    );
  });

  it('gives the 1-35 days advice only for copy retention, and the grant advice on EnableSnapshotCopy', () => {
    const retention = new InvalidRetentionPeriodFault({ message: 'bad', $metadata: metadata });
    expect(hint(retention, 'ModifySnapshotCopyRetentionPeriod')).toContain('1 to 35 days');
    expect(hint(retention, 'CreateClusterSnapshot')).not.toContain('1 to 35 days');
    const invalid = Object.assign(new Error('SnapshotCopyGrantName is required'), { name: 'InvalidParameterValue' });
    expect(hint(invalid, 'EnableSnapshotCopy')).toContain('snapshot copy grant');
    expect(hint(invalid, 'ModifyCluster')).not.toContain('snapshot copy grant');
  });
});

describe('deferredBackups', () => {
  it('loads the adapter on the first call and passes every new call through', async () => {
    const seen: string[] = [];
    const record = (name: string, ...args: unknown[]) => seen.push(`${name}(${JSON.stringify(args)})`);
    const copy = { kind: 'provisioned' as const, destinations: [] };
    const fake: Backups = {
      restoreTable: async () => ({ id: 't', status: 'PENDING' }),
      tableRestoreStatus: async () => ({ id: 't', status: 'PENDING' }),
      deleteSnapshot: async () => undefined,
      convertRecoveryPoint: async () => ({ name: 'n', status: 'creating' }),
      setAutomatedRetention: async (days) => days,
      planRestore: async (request) => {
        record('planRestore', request);
        return { kind: 'namespace', namespace: 'n', workgroup: 'w', source: { kind: 'snapshot', id: 's', status: 'available' } };
      },
      restoreWarehouse: async (request) => {
        record('restoreWarehouse', request);
        return { kind: 'namespace', namespace: 'n', workgroup: 'w', state: 'MODIFYING', available: false };
      },
      restoreStatus: async (name) => {
        record('restoreStatus', name);
        return { kind: 'new-cluster', cluster: name, state: 'creating', available: false };
      },
      snapshotCopy: async () => {
        record('snapshotCopy');
        return copy;
      },
      enableSnapshotCopy: async (region, days, options) => {
        record('enableSnapshotCopy', region, days, options);
        return copy;
      },
      setSnapshotCopyRetention: async (days, region) => {
        record('setSnapshotCopyRetention', days, region);
        return copy;
      },
      disableSnapshotCopy: async (region) => {
        record('disableSnapshotCopy', region);
        return copy;
      },
      snapshotCopyGrant: async (region, name) => {
        record('snapshotCopyGrant', region, name);
        return { name, region };
      },
    };
    let loads = 0;
    const backups = deferredBackups(async () => {
      loads += 1;
      return fake;
    });
    expect(loads).toBe(0);
    await backups.planRestore({ kind: 'new-cluster', snapshot: 's', newCluster: 'n' });
    await backups.restoreWarehouse({ kind: 'namespace', source: { kind: 'snapshot', id: 's' } });
    await backups.restoreStatus('n');
    await backups.snapshotCopy();
    await backups.enableSnapshotCopy('us-west-2', 7, { grantName: 'g' });
    await backups.setSnapshotCopyRetention(14, 'us-west-2');
    await backups.disableSnapshotCopy('us-west-2');
    expect(await backups.snapshotCopyGrant('us-west-2', 'g')).toEqual({ name: 'g', region: 'us-west-2' });
    expect(seen).toEqual([
      'planRestore([{"kind":"new-cluster","snapshot":"s","newCluster":"n"}])',
      'restoreWarehouse([{"kind":"namespace","source":{"kind":"snapshot","id":"s"}}])',
      'restoreStatus(["n"])',
      'snapshotCopy([])',
      'enableSnapshotCopy(["us-west-2",7,{"grantName":"g"}])',
      'setSnapshotCopyRetention([14,"us-west-2"])',
      'disableSnapshotCopy(["us-west-2"])',
      'snapshotCopyGrant(["us-west-2","g"])',
    ]);
  });
});
