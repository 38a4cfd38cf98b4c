import {
  ConflictException,
  ConvertRecoveryPointToSnapshotCommand,
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  GetRecoveryPointCommand,
  GetSnapshotCommand,
  ListRecoveryPointsCommand,
  ListSnapshotsCommand,
  paginateListRecoveryPoints,
  paginateListSnapshots,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  TooManyTagsException,
  ValidationException,
} from '@aws-sdk/client-redshift-serverless';
import { RECOVERY_POINT_INTERVAL_MS } from '../../../../src/sandbox/aws/serverless';
import { ACCOUNT, DAY_MS, failure, pages, START, startServerless, type ServerlessHarness } from './serverless-harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOUR_MS = 3_600_000;

let h: ServerlessHarness;
beforeEach(async () => {
  h = await startServerless();
});
afterEach(async () => {
  await h.close();
});

describe('seeded snapshots', () => {
  it('lists the two seeded snapshots, newest first, with dates and retention', async () => {
    const { snapshots, nextToken } = await h.client.send(new ListSnapshotsCommand({ namespaceName: 'lake' }));
    expect(nextToken).toBeUndefined();
    expect(snapshots?.map((s) => [s.snapshotName, s.status, s.snapshotRetentionPeriod, s.snapshotRemainingDays])).toEqual([
      ['lake-pre-release', 'AVAILABLE', 7, 7],
      ['lake-baseline', 'AVAILABLE', -1, -1],
    ]);
    expect(snapshots?.[0].snapshotCreateTime).toEqual(new Date(START - DAY_MS));
    expect(snapshots?.[0].snapshotRetentionStartTime).toBeInstanceOf(Date);
    expect(snapshots?.[0]).toMatchObject({ namespaceName: 'lake', adminUsername: 'chatops_admin', ownerAccount: ACCOUNT });
    expect(snapshots?.[0].snapshotArn).toMatch(/^arn:aws:redshift-serverless:us-east-1:123456789012:snapshot\//);
  });

  it('lets a snapshot expire when its retention runs out', async () => {
    h.clock.advance(7 * DAY_MS);
    const { snapshots } = await h.client.send(new ListSnapshotsCommand({}));
    expect(snapshots?.map((s) => s.snapshotName)).toEqual(['lake-baseline']);
  });
});

describe('CreateSnapshot and GetSnapshot', () => {
  it('is CREATING, then AVAILABLE after snapshotCreateMs', async () => {
    const { snapshot } = await h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'before-migration', retentionPeriod: 7 }));
    expect(snapshot).toMatchObject({ snapshotName: 'before-migration', namespaceName: 'lake', status: 'CREATING', snapshotRetentionPeriod: 7 });
    expect(snapshot?.snapshotCreateTime).toEqual(new Date(START));
    expect(snapshot?.estimatedSecondsToCompletion).toBe(h.context.timings.snapshotCreateMs / 1000);

    h.clock.advance(h.context.timings.snapshotCreateMs - 1);
    expect((await h.client.send(new GetSnapshotCommand({ snapshotName: 'before-migration' }))).snapshot?.status).toBe('CREATING');
    h.clock.advance(1);
    const ready = await h.client.send(new GetSnapshotCommand({ snapshotName: 'before-migration' }));
    expect(ready.snapshot).toMatchObject({ status: 'AVAILABLE', snapshotRemainingDays: 7 });
    const byArn = await h.client.send(new GetSnapshotCommand({ snapshotArn: ready.snapshot?.snapshotArn }));
    expect(byArn.snapshot?.snapshotName).toBe('before-migration');
  });

  it('keeps a snapshot without retention indefinitely (-1)', async () => {
    const { snapshot } = await h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'forever' }));
    expect(snapshot?.snapshotRetentionPeriod).toBe(-1);
  });

  it('ends FAILED when the test hook says so', async () => {
    h.service.state.failNextSnapshot();
    await h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'doomed' }));
    await h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'fine' }));
    h.clock.advance(h.context.timings.snapshotCreateMs);
    expect((await h.client.send(new GetSnapshotCommand({ snapshotName: 'doomed' }))).snapshot?.status).toBe('FAILED');
    expect((await h.client.send(new GetSnapshotCommand({ snapshotName: 'fine' }))).snapshot?.status).toBe('AVAILABLE');
  });

  it('refuses a name that exists, an unknown namespace, bad names and retention', async () => {
    const taken = await failure(h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'lake-baseline' })));
    expect(taken).toBeInstanceOf(ConflictException);
    expect(taken.message).toBe('A snapshot with the name lake-baseline already exists.');
    expect(taken.$metadata.httpStatusCode).toBe(409);

    const nowhere = await failure(h.client.send(new CreateSnapshotCommand({ namespaceName: 'nope', snapshotName: 'x1' })));
    expect(nowhere).toBeInstanceOf(ResourceNotFoundException);

    for (const name of ['bad--name', '1starts-with-digit', 'ends-', 'under_score']) {
      const bad = await failure(h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: name })));
      expect(bad).toBeInstanceOf(ValidationException);
      expect(bad.message).toContain(`Invalid snapshotName '${name}'`);
    }
    for (const retentionPeriod of [0, -2, 3654]) {
      const bad = await failure(h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'ok-name', retentionPeriod })));
      expect(bad).toBeInstanceOf(ValidationException);
      expect(bad.message).toContain('-1 (retain indefinitely) or between 1 and 3653 days');
    }
  });

  it('refuses a namespace that is not AVAILABLE', async () => {
    h.service.state.holdNamespace('lake', 10_000);
    const busy = await failure(h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'busy' })));
    expect(busy).toBeInstanceOf(ConflictException);
    expect(busy.message).toBe('Namespace lake is currently MODIFYING. Retry the operation when it is AVAILABLE.');
  });

  it('enforces the snapshot quota and the tag limit', async () => {
    const small = await startServerless({ limits: { snapshots: 3 } });
    try {
      await small.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'third' }));
      const full = await failure(small.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'fourth' })));
      expect(full).toBeInstanceOf(ServiceQuotaExceededException);
      expect(full.$metadata.httpStatusCode).toBe(402);
    } finally {
      await small.close();
    }
    const tags = Array.from({ length: 201 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    const tagged = await failure(h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'tagged', tags })));
    expect(tagged).toBeInstanceOf(TooManyTagsException);
    expect((tagged as TooManyTagsException).resourceName).toBe('tagged');
  });

  it('raises for an unknown snapshot and for a request that names none', async () => {
    const missing = await failure(h.client.send(new GetSnapshotCommand({ snapshotName: 'nope' })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe('Snapshot nope not found.');
    expect(await failure(h.client.send(new GetSnapshotCommand({})))).toBeInstanceOf(ValidationException);
  });
});

describe('ListSnapshots', () => {
  beforeEach(async () => {
    for (let i = 1; i <= 5; i += 1) {
      h.clock.advance(60_000);
      await h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: `nightly-${i}` }));
    }
  });

  it('pages with the SDK paginator', async () => {
    const all = await pages(paginateListSnapshots({ client: h.client, pageSize: 2 }, { namespaceName: 'lake' }));
    expect(all.map((p) => p.snapshots?.length)).toEqual([2, 2, 2, 1]);
    expect(all.flatMap((p) => p.snapshots ?? []).map((s) => s.snapshotName)).toEqual([
      'nightly-5',
      'nightly-4',
      'nightly-3',
      'nightly-2',
      'nightly-1',
      'lake-pre-release',
      'lake-baseline',
    ]);
  });

  it('filters by creation time', async () => {
    const { snapshots } = await h.client.send(
      new ListSnapshotsCommand({ startTime: new Date(START - 2 * DAY_MS), endTime: new Date(START + 3 * 60_000) }),
    );
    expect(snapshots?.map((s) => s.snapshotName)).toEqual(['nightly-3', 'nightly-2', 'nightly-1', 'lake-pre-release']);
    expect((await h.client.send(new ListSnapshotsCommand({ namespaceName: 'other' }))).snapshots).toEqual([]);
  });

  it('refuses an inverted time range, a bad page size and a bad token', async () => {
    const inverted = await failure(h.client.send(new ListSnapshotsCommand({ startTime: new Date(START), endTime: new Date(START - 1000) })));
    expect(inverted).toBeInstanceOf(ValidationException);
    expect(await failure(h.client.send(new ListSnapshotsCommand({ maxResults: 101 })))).toBeInstanceOf(ValidationException);
    const token = await failure(h.client.send(new ListSnapshotsCommand({ nextToken: 'bm90LWEtdG9rZW4' })));
    expect(token).toBeInstanceOf(ValidationException);
    expect(token.message).toBe("The nextToken 'bm90LWEtdG9rZW4' is not valid.");
  });
});

describe('DeleteSnapshot', () => {
  it('answers DELETED, then the snapshot is gone after snapshotDeleteMs', async () => {
    const { snapshot } = await h.client.send(new DeleteSnapshotCommand({ snapshotName: 'lake-baseline' }));
    expect(snapshot).toMatchObject({ snapshotName: 'lake-baseline', status: 'DELETED' });
    expect(await failure(h.client.send(new DeleteSnapshotCommand({ snapshotName: 'lake-baseline' })))).toBeInstanceOf(ConflictException);
    h.clock.advance(h.context.timings.snapshotDeleteMs);
    expect(await failure(h.client.send(new GetSnapshotCommand({ snapshotName: 'lake-baseline' })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses a snapshot still being created and an unknown one', async () => {
    await h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'young' }));
    const creating = await failure(h.client.send(new DeleteSnapshotCommand({ snapshotName: 'young' })));
    expect(creating).toBeInstanceOf(ConflictException);
    expect(creating.message).toBe('Snapshot young is being created. You can delete it once it is AVAILABLE.');
    expect(await failure(h.client.send(new DeleteSnapshotCommand({ snapshotName: 'nope' })))).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('recovery points', () => {
  it('covers the last 24 hours every 30 minutes of clock time, newest first', async () => {
    const { recoveryPoints } = await h.client.send(new ListRecoveryPointsCommand({ namespaceName: 'lake' }));
    expect(recoveryPoints).toHaveLength(48);
    const times = (recoveryPoints ?? []).map((p) => p.recoveryPointCreateTime?.getTime());
    expect(times[0]).toBe(Date.parse('2024-06-03T12:00:00.000Z'));
    expect(times[47]).toBe(Date.parse('2024-06-02T12:30:00.000Z'));
    expect(times.every((t, i) => i === 0 || (times[i - 1] ?? 0) - (t ?? 0) === RECOVERY_POINT_INTERVAL_MS)).toBe(true);
    expect(recoveryPoints?.[0]).toMatchObject({ namespaceName: 'lake', workgroupName: 'lake' });
    expect(recoveryPoints?.[0].recoveryPointId).toMatch(UUID);
    expect(recoveryPoints?.[0].totalSizeInMegaBytes).toBeGreaterThan(0);
  });

  it('pages with the SDK paginator and filters by time', async () => {
    const all = await pages(paginateListRecoveryPoints({ client: h.client, pageSize: 10 }, { namespaceName: 'lake' }));
    expect(all.map((p) => p.recoveryPoints?.length)).toEqual([10, 10, 10, 10, 8]);
    expect(new Set(all.flatMap((p) => p.recoveryPoints ?? []).map((p) => p.recoveryPointId)).size).toBe(48);

    const lastHour = await h.client.send(
      new ListRecoveryPointsCommand({ namespaceName: 'lake', startTime: new Date(START - HOUR_MS), endTime: new Date(START) }),
    );
    expect(lastHour.recoveryPoints?.map((p) => p.recoveryPointCreateTime?.toISOString())).toEqual([
      '2024-06-03T12:00:00.000Z',
      '2024-06-03T11:30:00.000Z',
    ]);
  });

  it('takes a fresh image lazily, at most once per 30 minutes, and forgets points older than 24 hours', async () => {
    const image = jest.spyOn(h.databases, 'image');
    const before = (await h.client.send(new ListRecoveryPointsCommand({ namespaceName: 'lake' }))).recoveryPoints ?? [];
    h.clock.advance(15 * 60_000);
    await h.client.send(new ListRecoveryPointsCommand({ namespaceName: 'lake' }));
    expect(image).not.toHaveBeenCalled();

    h.clock.advance(HOUR_MS);
    const after = (await h.client.send(new ListRecoveryPointsCommand({ namespaceName: 'lake' }))).recoveryPoints ?? [];
    expect(image).toHaveBeenCalledTimes(1);
    expect(after).toHaveLength(48);
    expect(after[0].recoveryPointCreateTime?.toISOString()).toBe('2024-06-03T13:00:00.000Z');
    expect(after.slice(2).map((p) => p.recoveryPointId)).toEqual(before.slice(0, 46).map((p) => p.recoveryPointId));

    h.clock.advance(25 * HOUR_MS);
    const later = (await h.client.send(new ListRecoveryPointsCommand({ namespaceName: 'lake' }))).recoveryPoints ?? [];
    expect(later).toHaveLength(48);
    const old = new Set(after.map((p) => p.recoveryPointId));
    expect(later.some((p) => old.has(p.recoveryPointId ?? ''))).toBe(false);
    expect(await failure(h.client.send(new GetRecoveryPointCommand({ recoveryPointId: after[0].recoveryPointId })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('gets one recovery point and raises for unknown ones and bad input', async () => {
    const [first] = (await h.client.send(new ListRecoveryPointsCommand({ namespaceName: 'lake', maxResults: 1 }))).recoveryPoints ?? [];
    const { recoveryPoint } = await h.client.send(new GetRecoveryPointCommand({ recoveryPointId: first.recoveryPointId }));
    expect(recoveryPoint).toEqual(first);
    const missing = await failure(h.client.send(new GetRecoveryPointCommand({ recoveryPointId: '00000000-0000-4000-8000-000000000000' })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(await failure(h.client.send(new ListRecoveryPointsCommand({ namespaceName: 'nope' })))).toBeInstanceOf(ResourceNotFoundException);
    expect(await failure(h.client.send(new ListRecoveryPointsCommand({ namespaceName: 'No_Such' })))).toBeInstanceOf(ValidationException);
  });
});

describe('ConvertRecoveryPointToSnapshot', () => {
  it('makes a snapshot that is CREATING, then AVAILABLE', async () => {
    const [point] = (await h.client.send(new ListRecoveryPointsCommand({ namespaceName: 'lake', maxResults: 1 }))).recoveryPoints ?? [];
    const { snapshot } = await h.client.send(
      new ConvertRecoveryPointToSnapshotCommand({ recoveryPointId: point.recoveryPointId, snapshotName: 'kept-point', retentionPeriod: 14 }),
    );
    expect(snapshot).toMatchObject({ snapshotName: 'kept-point', namespaceName: 'lake', status: 'CREATING', snapshotRetentionPeriod: 14 });
    h.clock.advance(h.context.timings.snapshotCreateMs);
    expect((await h.client.send(new GetSnapshotCommand({ snapshotName: 'kept-point' }))).snapshot?.status).toBe('AVAILABLE');
  });

  it('refuses an unknown point, a taken name and bad retention', async () => {
    const [point] = (await h.client.send(new ListRecoveryPointsCommand({ namespaceName: 'lake', maxResults: 1 }))).recoveryPoints ?? [];
    const unknown = await failure(
      h.client.send(new ConvertRecoveryPointToSnapshotCommand({ recoveryPointId: '00000000-0000-4000-8000-000000000000', snapshotName: 'x-1' })),
    );
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
    const taken = await failure(
      h.client.send(new ConvertRecoveryPointToSnapshotCommand({ recoveryPointId: point.recoveryPointId, snapshotName: 'lake-baseline' })),
    );
    expect(taken).toBeInstanceOf(ConflictException);
    const retention = await failure(
      h.client.send(new ConvertRecoveryPointToSnapshotCommand({ recoveryPointId: point.recoveryPointId, snapshotName: 'x-2', retentionPeriod: 0 })),
    );
    expect(retention).toBeInstanceOf(ValidationException);
  });
});
