import {
  ConflictException,
  CreateSnapshotCommand,
  GetNamespaceCommand,
  GetSnapshotCommand,
  GetWorkgroupCommand,
  ListRecoveryPointsCommand,
  ResourceNotFoundException,
  RestoreFromRecoveryPointCommand,
  RestoreFromSnapshotCommand,
  RestoreTableFromSnapshotCommand,
  ValidationException,
  type RestoreFromSnapshotCommandInput,
} from '@aws-sdk/client-redshift-serverless';
import { addNamespace, addWorkgroup, RECOVERY_POINT_INTERVAL_MS } from '../../../../src/sandbox/aws/serverless';
import { ACCOUNT, failure, LAKE_KEY, ORDERS, startWithRowsLost, type ServerlessHarness } from './serverless-harness';

/**
 * RestoreFromSnapshot and RestoreFromRecoveryPoint over the real SDK client: the namespace's data is
 * replaced by the snapshot's, namespace and workgroup are MODIFYING for namespaceRestoreMs, then
 * AVAILABLE; and every refusal, which changes nothing.
 */
const KEY = LAKE_KEY;

let h: ServerlessHarness;
beforeEach(async () => {
  h = await startWithRowsLost('before-cleanup');
});
afterEach(async () => {
  await h.close();
});

function fromSnapshot(overrides: Partial<RestoreFromSnapshotCommandInput> = {}): RestoreFromSnapshotCommand {
  return new RestoreFromSnapshotCommand({ namespaceName: 'lake', workgroupName: 'lake', snapshotName: 'before-cleanup', ...overrides });
}

async function statuses(): Promise<[string | undefined, string | undefined]> {
  const { namespace } = await h.client.send(new GetNamespaceCommand({ namespaceName: 'lake' }));
  const { workgroup } = await h.client.send(new GetWorkgroupCommand({ workgroupName: 'lake' }));
  return [namespace?.status, workgroup?.status];
}

const orderIds = (): unknown[] | undefined => h.databases.rows(KEY, 'dev', 'analytics', 'orders')?.map((r) => r.id);

describe('RestoreFromSnapshot', () => {
  it('replaces the namespace data; namespace and workgroup are MODIFYING, then AVAILABLE', async () => {
    const response = await h.client.send(fromSnapshot());
    expect(response).toMatchObject({ snapshotName: 'before-cleanup', ownerAccount: ACCOUNT });
    expect(response.namespace).toMatchObject({ namespaceName: 'lake', status: 'MODIFYING', adminUsername: 'chatops_admin', dbName: 'dev' });
    expect(await statuses()).toEqual(['MODIFYING', 'MODIFYING']);
    expect(orderIds()).toEqual([1, 2, 3]);

    h.clock.advance(h.context.timings.namespaceRestoreMs - 1);
    expect(await statuses()).toEqual(['MODIFYING', 'MODIFYING']);
    h.clock.advance(1);
    expect(await statuses()).toEqual(['AVAILABLE', 'AVAILABLE']);
    expect(orderIds()).toEqual([1, 2, 3]);
  });

  it('finds the snapshot by its ARN, and by ownerAccount when that is this account', async () => {
    const { snapshot } = await h.client.send(new GetSnapshotCommand({ snapshotName: 'before-cleanup' }));
    const response = await h.client.send(
      fromSnapshot({ snapshotName: undefined, snapshotArn: snapshot?.snapshotArn, ownerAccount: ACCOUNT }),
    );
    expect(response.snapshotName).toBe('before-cleanup');
    expect(orderIds()).toEqual([1, 2, 3]);
  });

  it("restores another namespace's snapshot, which then holds that namespace's data", async () => {
    await addNamespace(h.service.state, { name: 'other', adminUsername: 'other_admin' });
    addWorkgroup(h.service.state, { name: 'other-wg', namespaceName: 'other' });
    h.databases.putTable('namespace/other', 'dev', 'public', 'notes', [{ n: 1 }]);
    await h.client.send(new CreateSnapshotCommand({ namespaceName: 'other', snapshotName: 'other-snap' }));
    h.clock.advance(h.context.timings.snapshotCreateMs);

    const { namespace } = await h.client.send(fromSnapshot({ snapshotName: 'other-snap' }));
    expect(namespace?.adminUsername).toBe('other_admin');
    expect(h.databases.rows(KEY, 'dev', 'public', 'notes')).toEqual([{ n: 1 }]);
    expect(h.databases.table(KEY, 'dev', 'analytics', 'orders')).toBeUndefined();
  });

  it('refuses a snapshot that does not exist, or of another account: ResourceNotFoundException', async () => {
    const missing = await failure(h.client.send(fromSnapshot({ snapshotName: 'no-such-snapshot' })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe('Snapshot no-such-snapshot not found.');
    const byArn = await failure(
      h.client.send(
        fromSnapshot({ snapshotName: undefined, snapshotArn: `arn:aws:redshift-serverless:us-east-1:${ACCOUNT}:snapshot/nope` }),
      ),
    );
    expect(byArn).toBeInstanceOf(ResourceNotFoundException);
    expect(await failure(h.client.send(fromSnapshot({ ownerAccount: '210987654321' })))).toBeInstanceOf(ResourceNotFoundException);
    expect(orderIds()).toEqual([1]);
  });

  it('wants exactly one of snapshotName and snapshotArn', async () => {
    const both = await failure(
      h.client.send(fromSnapshot({ snapshotArn: 'arn:aws:redshift-serverless:us-east-1:123456789012:snapshot/x' })),
    );
    expect(both).toBeInstanceOf(ValidationException);
    expect(both.message).toMatch(/either snapshotName or snapshotArn, not both/);
    const neither = await failure(h.client.send(fromSnapshot({ snapshotName: undefined })));
    expect(neither).toBeInstanceOf(ValidationException);
    expect(orderIds()).toEqual([1]);
  });

  it('refuses a snapshot still CREATING: ConflictException', async () => {
    await h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'in-progress' }));
    const error = await failure(h.client.send(fromSnapshot({ snapshotName: 'in-progress' })));
    expect(error).toBeInstanceOf(ConflictException);
    expect(error.message).toMatch(/is CREATING/);
  });

  it('refuses a namespace that is MODIFYING (a restore under way): ConflictException', async () => {
    await h.client.send(fromSnapshot());
    h.databases.putTable(KEY, 'dev', 'analytics', 'orders', []);
    const error = await failure(h.client.send(fromSnapshot({ snapshotName: 'lake-baseline' })));
    expect(error).toBeInstanceOf(ConflictException);
    expect(error.message).toMatch(/Namespace lake is currently MODIFYING/);
    expect(orderIds()).toEqual([]);
  });

  it('refuses while a table restore into the namespace is running: ConflictException', async () => {
    await h.client.send(
      new RestoreTableFromSnapshotCommand({
        namespaceName: 'lake',
        workgroupName: 'lake',
        snapshotName: 'before-cleanup',
        sourceDatabaseName: 'dev',
        sourceSchemaName: 'analytics',
        sourceTableName: 'orders',
        newTableName: 'orders_back',
      }),
    );
    const error = await failure(h.client.send(fromSnapshot()));
    expect(error).toBeInstanceOf(ConflictException);
    expect(error.message).toMatch(/table restore .* in progress/);
  });

  it('refuses a namespace or workgroup that does not exist, and a workgroup of another namespace', async () => {
    expect(await failure(h.client.send(fromSnapshot({ namespaceName: 'ghost' })))).toBeInstanceOf(ResourceNotFoundException);
    expect(await failure(h.client.send(fromSnapshot({ workgroupName: 'ghost' })))).toBeInstanceOf(ResourceNotFoundException);
    await addNamespace(h.service.state, { name: 'other' });
    addWorkgroup(h.service.state, { name: 'other-wg', namespaceName: 'other' });
    const mismatch = await failure(h.client.send(fromSnapshot({ workgroupName: 'other-wg' })));
    expect(mismatch).toBeInstanceOf(ValidationException);
    expect(mismatch.message).toBe('Workgroup other-wg is not associated with namespace lake.');
    const badName = await failure(h.client.send(fromSnapshot({ namespaceName: 'Not_Valid' })));
    expect(badName).toBeInstanceOf(ValidationException);
    expect(badName.message).toMatch(/namespaceName.*\[a-z0-9-\]/);
    expect(orderIds()).toEqual([1]);
    expect(await statuses()).toEqual(['AVAILABLE', 'AVAILABLE']);
  });
});

describe('RestoreFromRecoveryPoint', () => {
  /** A recovery point holding all three orders: the next 30-minute slot, looked at before the rows go. */
  async function pointWithAllOrders(): Promise<string> {
    h.databases.putTable(KEY, 'dev', 'analytics', 'orders', ORDERS);
    h.clock.advance(RECOVERY_POINT_INTERVAL_MS);
    const { recoveryPoints } = await h.client.send(new ListRecoveryPointsCommand({ namespaceName: 'lake' }));
    h.databases.putTable(KEY, 'dev', 'analytics', 'orders', ORDERS.slice(0, 1));
    const id = recoveryPoints?.[0].recoveryPointId;
    if (!id) throw new Error('no recovery point');
    return id;
  }

  it('puts the recovery point data back; MODIFYING, then AVAILABLE', async () => {
    const id = await pointWithAllOrders();
    const response = await h.client.send(
      new RestoreFromRecoveryPointCommand({ recoveryPointId: id, namespaceName: 'lake', workgroupName: 'lake' }),
    );
    expect(response.recoveryPointId).toBe(id);
    expect(response.namespace).toMatchObject({ namespaceName: 'lake', status: 'MODIFYING' });
    expect(await statuses()).toEqual(['MODIFYING', 'MODIFYING']);
    expect(orderIds()).toEqual([1, 2, 3]);
    h.clock.advance(h.context.timings.namespaceRestoreMs);
    expect(await statuses()).toEqual(['AVAILABLE', 'AVAILABLE']);
  });

  it('refuses a recovery point that does not exist: ResourceNotFoundException', async () => {
    const error = await failure(
      h.client.send(new RestoreFromRecoveryPointCommand({ recoveryPointId: 'nope', namespaceName: 'lake', workgroupName: 'lake' })),
    );
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe('Recovery point nope not found.');
  });

  it("refuses another namespace's recovery point: ValidationException", async () => {
    const id = await pointWithAllOrders();
    await addNamespace(h.service.state, { name: 'other' });
    addWorkgroup(h.service.state, { name: 'other-wg', namespaceName: 'other' });
    const error = await failure(
      h.client.send(new RestoreFromRecoveryPointCommand({ recoveryPointId: id, namespaceName: 'other', workgroupName: 'other-wg' })),
    );
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toMatch(/belongs to namespace lake, not other/);
  });

  it('refuses a namespace that is MODIFYING: ConflictException', async () => {
    const id = await pointWithAllOrders();
    h.service.state.holdNamespace('lake', 60_000);
    const error = await failure(
      h.client.send(new RestoreFromRecoveryPointCommand({ recoveryPointId: id, namespaceName: 'lake', workgroupName: 'lake' })),
    );
    expect(error).toBeInstanceOf(ConflictException);
    expect(orderIds()).toEqual([1]);
  });
});
