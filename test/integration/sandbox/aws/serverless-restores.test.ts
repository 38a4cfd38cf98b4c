import {
  ConflictException,
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  DeleteWorkgroupCommand,
  GetTableRestoreStatusCommand,
  InvalidPaginationException,
  ListRecoveryPointsCommand,
  ListTableRestoreStatusCommand,
  paginateListTableRestoreStatus,
  ResourceNotFoundException,
  RestoreTableFromRecoveryPointCommand,
  RestoreTableFromSnapshotCommand,
  ValidationException,
  type RestoreTableFromSnapshotCommandInput,
} from '@aws-sdk/client-redshift-serverless';
import { addNamespace, addWorkgroup } from '../../../../src/sandbox/aws/serverless';
import { failure, LAKE_KEY, ORDERS, pages, START, startWithRowsLost, type ServerlessHarness } from './serverless-harness';

const KEY = LAKE_KEY;

let h: ServerlessHarness;
beforeEach(async () => {
  h = await startWithRowsLost('before-migration');
});
afterEach(async () => {
  await h.close();
});

function fromSnapshot(overrides: Partial<RestoreTableFromSnapshotCommandInput> = {}): RestoreTableFromSnapshotCommand {
  return new RestoreTableFromSnapshotCommand({
    namespaceName: 'lake',
    workgroupName: 'lake',
    snapshotName: 'before-migration',
    sourceDatabaseName: 'dev',
    sourceSchemaName: 'analytics',
    sourceTableName: 'orders',
    newTableName: 'orders_restored',
    ...overrides,
  });
}

async function status(id: string | undefined): Promise<Record<string, unknown>> {
  const { tableRestoreStatus } = await h.client.send(new GetTableRestoreStatusCommand({ tableRestoreRequestId: id }));
  return { ...tableRestoreStatus };
}

describe('RestoreTableFromSnapshot', () => {
  it('goes PENDING -> IN_PROGRESS -> SUCCEEDED and restores the rows the snapshot held', async () => {
    const { tableRestoreStatus } = await h.client.send(fromSnapshot());
    const requestedAt = h.clock.now();
    expect(tableRestoreStatus).toMatchObject({
      status: 'PENDING',
      namespaceName: 'lake',
      workgroupName: 'lake',
      snapshotName: 'before-migration',
      sourceDatabaseName: 'dev',
      sourceSchemaName: 'analytics',
      sourceTableName: 'orders',
      targetDatabaseName: 'dev',
      targetSchemaName: 'analytics',
      newTableName: 'orders_restored',
      progressInMegaBytes: 0,
    });
    expect(tableRestoreStatus?.requestTime).toEqual(new Date(requestedAt));
    const id = tableRestoreStatus?.tableRestoreRequestId;

    h.clock.advance(h.context.timings.tableRestoreMs / 2);
    const halfway = await status(id);
    expect(halfway.status).toBe('IN_PROGRESS');
    // The table's size is known once it is copied: no total before, and no progress that could shrink.
    expect(halfway.progressInMegaBytes).toBe(0);
    expect(halfway.totalDataInMegaBytes).toBeUndefined();
    expect(h.databases.rows(KEY, 'dev', 'analytics', 'orders_restored')).toBeUndefined();

    h.clock.advance(h.context.timings.tableRestoreMs / 2);
    const done = await status(id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', message: 'Restored 3 rows.' });
    expect(done.progressInMegaBytes).toBe(done.totalDataInMegaBytes);
    expect(Number.isInteger(done.totalDataInMegaBytes)).toBe(true);
    expect(done.totalDataInMegaBytes).toBeGreaterThanOrEqual(1);
    expect(h.databases.rows(KEY, 'dev', 'analytics', 'orders_restored')).toEqual(ORDERS);
    expect(h.databases.rows(KEY, 'dev', 'analytics', 'orders')).toEqual(ORDERS.slice(0, 1));
  });

  it('reports whole megabytes that never go down, from request to SUCCEEDED or FAILED', async () => {
    h.databases.putTable(KEY, 'dev', 'analytics', 'events', { rows: 90_000, megabytes: 7 });
    await h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'with-events' }));
    h.clock.advance(h.context.timings.snapshotCreateMs);
    const ok = await h.client.send(fromSnapshot({ snapshotName: 'with-events', sourceTableName: 'events', newTableName: 'events_back' }));
    const bad = await h.client.send(
      fromSnapshot({ snapshotName: 'with-events', sourceTableName: 'no_such_table', newTableName: 'nothing' }),
    );
    const seen = new Map<string, Array<{ progress: number; total: number }>>();
    for (let step = 0; step <= 12; step += 1) {
      for (const id of [ok.tableRestoreStatus?.tableRestoreRequestId, bad.tableRestoreStatus?.tableRestoreRequestId]) {
        const now = await status(id);
        const progress = now.progressInMegaBytes as number;
        const total = (now.totalDataInMegaBytes as number | undefined) ?? 0;
        expect(Number.isInteger(progress) && Number.isInteger(total)).toBe(true);
        const before = seen.get(String(id))?.at(-1) ?? { progress: 0, total: 0 };
        expect(progress).toBeGreaterThanOrEqual(before.progress);
        expect(total).toBeGreaterThanOrEqual(before.total);
        seen.set(String(id), [...(seen.get(String(id)) ?? []), { progress, total }]);
      }
      h.clock.advance(h.context.timings.tableRestoreMs / 10);
    }
    expect(await status(ok.tableRestoreStatus?.tableRestoreRequestId)).toMatchObject({
      status: 'SUCCEEDED',
      progressInMegaBytes: 7,
      totalDataInMegaBytes: 7,
    });
    const failed = await status(bad.tableRestoreStatus?.tableRestoreRequestId);
    expect(failed).toMatchObject({ status: 'FAILED', progressInMegaBytes: 0 });
    expect(failed.totalDataInMegaBytes).toBeUndefined();
  });

  it('restores into another schema and folds identifiers to lower case', async () => {
    const { tableRestoreStatus } = await h.client.send(
      fromSnapshot({ sourceTableName: 'Orders', targetSchemaName: 'AdHoc', newTableName: 'Orders_Copy' }),
    );
    expect(tableRestoreStatus).toMatchObject({ sourceTableName: 'orders', targetSchemaName: 'adhoc', newTableName: 'orders_copy' });
    h.clock.advance(h.context.timings.tableRestoreMs);
    expect((await status(tableRestoreStatus?.tableRestoreRequestId)).status).toBe('SUCCEEDED');
    expect(h.databases.rows(KEY, 'dev', 'adhoc', 'orders_copy')).toHaveLength(3);
  });

  it('FAILS with the reason when the snapshot lacks the table, or when the test hook says so', async () => {
    const missing = await h.client.send(fromSnapshot({ snapshotName: 'lake-baseline' }));
    h.service.state.failNextTableRestore('Disk full on the target workgroup.');
    const forced = await h.client.send(fromSnapshot({ newTableName: 'orders_again' }));
    h.clock.advance(h.context.timings.tableRestoreMs);
    expect(await status(missing.tableRestoreStatus?.tableRestoreRequestId)).toMatchObject({
      status: 'FAILED',
      message: 'Table analytics.orders does not exist in database dev of the backup.',
    });
    expect(await status(forced.tableRestoreStatus?.tableRestoreRequestId)).toMatchObject({
      status: 'FAILED',
      message: 'Disk full on the target workgroup.',
    });
    expect(h.databases.rows(KEY, 'dev', 'analytics', 'orders_again')).toBeUndefined();
  });

  it('never overwrites a table: an existing target is a ValidationException, a restore in flight a ConflictException', async () => {
    const exists = await failure(h.client.send(fromSnapshot({ newTableName: 'orders' })));
    expect(exists).toBeInstanceOf(ValidationException);
    expect(exists.message).toBe(
      'Cannot restore table: table analytics.orders already exists in database dev. Choose a newTableName that does not exist yet.',
    );
    await h.client.send(fromSnapshot());
    const twice = await failure(h.client.send(fromSnapshot()));
    expect(twice).toBeInstanceOf(ConflictException);
    expect(twice.$metadata.httpStatusCode).toBe(409);
  });

  it('refuses unknown or mismatched resources and bad names', async () => {
    expect(await failure(h.client.send(fromSnapshot({ snapshotName: 'nope' })))).toBeInstanceOf(ResourceNotFoundException);
    expect(await failure(h.client.send(fromSnapshot({ workgroupName: 'nope' })))).toBeInstanceOf(ResourceNotFoundException);
    expect(await failure(h.client.send(fromSnapshot({ namespaceName: 'nope' })))).toBeInstanceOf(ResourceNotFoundException);

    await addNamespace(h.service.state, { name: 'other' });
    addWorkgroup(h.service.state, { name: 'other', namespaceName: 'other' });
    const foreign = await failure(h.client.send(fromSnapshot({ workgroupName: 'other' })));
    expect(foreign).toBeInstanceOf(ValidationException);
    expect(foreign.message).toBe('Workgroup other is not associated with namespace lake.');
    const otherNamespace = await failure(h.client.send(fromSnapshot({ namespaceName: 'other', workgroupName: 'other' })));
    expect(otherNamespace.message).toBe('Snapshot before-migration was taken of namespace lake, not other.');

    const badName = await failure(h.client.send(fromSnapshot({ newTableName: 'orders; drop table x' })));
    expect(badName).toBeInstanceOf(ValidationException);
    expect(badName.message).toContain("Invalid newTableName 'orders; drop table x'");
    const absent = await failure(h.client.send(fromSnapshot({ sourceTableName: undefined })));
    expect(absent.message).toContain("Value null at 'sourceTableName'");
  });

  it('refuses a snapshot that is not AVAILABLE and a workgroup that is busy', async () => {
    await h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'young' }));
    const young = await failure(h.client.send(fromSnapshot({ snapshotName: 'young' })));
    expect(young).toBeInstanceOf(ConflictException);
    expect(young.message).toBe('Snapshot young is CREATING. A table can be restored only from an AVAILABLE snapshot.');
    h.service.state.holdWorkgroup('lake', 'MODIFYING', 1_000);
    expect(await failure(h.client.send(fromSnapshot()))).toBeInstanceOf(ConflictException);
  });

  it('blocks deleting the workgroup or the snapshot while the restore runs', async () => {
    await h.client.send(fromSnapshot());
    expect(await failure(h.client.send(new DeleteWorkgroupCommand({ workgroupName: 'lake' })))).toBeInstanceOf(ConflictException);
    expect(await failure(h.client.send(new DeleteSnapshotCommand({ snapshotName: 'before-migration' })))).toBeInstanceOf(ConflictException);
    h.clock.advance(h.context.timings.tableRestoreMs);
    await h.client.send(new DeleteSnapshotCommand({ snapshotName: 'before-migration' }));
  });
});

describe('RestoreTableFromRecoveryPoint', () => {
  it('restores from the recovery point taken after the table changed; older points predate it', async () => {
    h.clock.advance(30 * 60_000);
    const { recoveryPoints } = await h.client.send(new ListRecoveryPointsCommand({ namespaceName: 'lake', maxResults: 2 }));
    const [fresh, seeded] = recoveryPoints ?? [];
    expect(fresh.recoveryPointCreateTime?.toISOString()).toBe('2024-06-03T12:30:00.000Z');

    const restore = (recoveryPointId: string | undefined, newTableName: string): RestoreTableFromRecoveryPointCommand =>
      new RestoreTableFromRecoveryPointCommand({
        namespaceName: 'lake',
        workgroupName: 'lake',
        recoveryPointId,
        sourceDatabaseName: 'dev',
        sourceSchemaName: 'analytics',
        sourceTableName: 'orders',
        newTableName,
      });
    const good = await h.client.send(restore(fresh.recoveryPointId, 'orders_from_point'));
    expect(good.tableRestoreStatus).toMatchObject({ status: 'PENDING', recoveryPointId: fresh.recoveryPointId });
    expect(good.tableRestoreStatus?.snapshotName).toBeUndefined();
    const old = await h.client.send(restore(seeded.recoveryPointId, 'orders_from_seed'));
    h.clock.advance(h.context.timings.tableRestoreMs);

    expect((await status(good.tableRestoreStatus?.tableRestoreRequestId)).status).toBe('SUCCEEDED');
    expect(h.databases.rows(KEY, 'dev', 'analytics', 'orders_from_point')).toEqual(ORDERS.slice(0, 1));
    expect((await status(old.tableRestoreStatus?.tableRestoreRequestId)).status).toBe('FAILED');

    const unknown = await failure(h.client.send(restore('00000000-0000-4000-8000-000000000000', 'orders_x')));
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
    expect(unknown.message).toBe('Recovery point 00000000-0000-4000-8000-000000000000 not found.');
  });
});

describe('GetTableRestoreStatus and ListTableRestoreStatus', () => {
  it('raises ResourceNotFoundException for an unknown request', async () => {
    const error = await failure(h.client.send(new GetTableRestoreStatusCommand({ tableRestoreRequestId: 'nope' })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe('Table restore request nope not found.');
  });

  it('lists restores newest first and pages with the SDK paginator', async () => {
    const ids: string[] = [];
    for (const table of ['t_one', 't_two', 't_three']) {
      const { tableRestoreStatus } = await h.client.send(fromSnapshot({ newTableName: table }));
      ids.unshift(tableRestoreStatus?.tableRestoreRequestId ?? '');
      h.clock.advance(1_000);
    }
    const all = await pages(paginateListTableRestoreStatus({ client: h.client, pageSize: 2 }, { namespaceName: 'lake' }));
    expect(all.map((p) => p.tableRestoreStatuses?.length)).toEqual([2, 1]);
    expect(all.flatMap((p) => p.tableRestoreStatuses ?? []).map((s) => s.tableRestoreRequestId)).toEqual(ids);
    expect((await h.client.send(new ListTableRestoreStatusCommand({ workgroupName: 'lake' }))).tableRestoreStatuses).toHaveLength(3);

    const token = await failure(h.client.send(new ListTableRestoreStatusCommand({ nextToken: 'garbage' })));
    expect(token).toBeInstanceOf(InvalidPaginationException);
    expect(token.$metadata.httpStatusCode).toBe(400);
    expect(await failure(h.client.send(new ListTableRestoreStatusCommand({ namespaceName: 'nope' })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('reports the request time the SDK parses as a date', async () => {
    const { tableRestoreStatus } = await h.client.send(fromSnapshot());
    expect(tableRestoreStatus?.requestTime?.getTime()).toBe(START + h.context.timings.snapshotCreateMs);
  });
});
