import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../src/clock';
import { storeChecks } from '../../../src/doctor/store-checks';
import { SqliteStore } from '../../../src/store/sqlite';
import { startDynalite, type Dynalite } from '../../support/dynalite';

/** The store checks on a real SQLite file in a temp folder and on dynalite; none of them writes. */
describe('storeChecks, SQLite', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chatops-doctor-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes an existing store file and leaves it byte for byte as it was', async () => {
    const path = join(dir, 'state.db');
    const store = new SqliteStore({ path, clock: new ManualClock(Date.UTC(2026, 11, 3)) });
    await store.create('job', 'a', { kept: true });
    await store.close();
    const before = readFileSync(path);
    expect(await storeChecks({ kind: 'sqlite', path })).toEqual([
      { area: 'store', name: `SQLite store ${path} is writable`, status: 'ok' },
    ]);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('passes a file or folders the store will create, without creating them', async () => {
    const [file] = await storeChecks({ kind: 'sqlite', path: join(dir, 'state.db') });
    expect(file).toMatchObject({ status: 'ok', detail: 'the file will be created at first start' });
    const nested = join(dir, 'a', 'b', 'state.db');
    const [folders] = await storeChecks({ kind: 'sqlite', path: nested });
    expect(folders).toMatchObject({ status: 'ok', detail: `${join(dir, 'a', 'b')} will be created at first start` });
    expect(() => readFileSync(join(dir, 'state.db'))).toThrow();
  });

  it('fails a folder that cannot hold the file, naming it', async () => {
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const [result] = await storeChecks({ kind: 'sqlite', path: join(dir, 'not-a-folder', 'state.db') });
    expect(result).toMatchObject({ status: 'missing', detail: `${join(dir, 'not-a-folder')} is not a directory` });
    expect(result.fix).toContain('CHATOPS_STORE');
  });

  it('fails a file that is not a SQLite database, and a path that is a folder', async () => {
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'not a database, just text that is long enough to have a header of sorts');
    const [notDb] = await storeChecks({ kind: 'sqlite', path: text });
    expect(notDb.status).toBe('missing');
    expect(notDb.detail).toContain('cannot be read as a SQLite database');
    mkdirSync(join(dir, 'folder.db'));
    const [folder] = await storeChecks({ kind: 'sqlite', path: join(dir, 'folder.db') });
    expect(folder).toMatchObject({ status: 'missing', detail: `${join(dir, 'folder.db')} is not a file` });
  });
});

describe('storeChecks, DynamoDB on dynalite', () => {
  let dynamo: Dynalite;
  let client: DynamoDBClient;
  beforeAll(async () => {
    dynamo = await startDynalite({ table: 'chatops-state' });
    client = dynamo.client();
  });
  afterAll(() => dynamo.stop());

  it("passes the table built from the adapter's definition; TTL as dynalite reports it (always DISABLED)", async () => {
    const [table, ttl] = await storeChecks({ kind: 'dynamodb', table: 'chatops-state' }, { dynamodb: client });
    expect(table).toMatchObject({ name: "DynamoDB table chatops-state exists with the bot's keys", status: 'ok' });
    // dynalite answers DescribeTimeToLive with DISABLED and has no UpdateTimeToLive: this is its real answer.
    expect(ttl).toMatchObject({
      status: 'missing',
      optional: true,
      detail: 'TTL is DISABLED: expired items are never removed from the table',
    });
    expect(ttl.fix).toContain('aws dynamodb update-time-to-live --table-name chatops-state');
    expect(ttl.fix).toContain('AttributeName=ttl');
  });

  it('names serverless.yml and the CLI command for a missing table', async () => {
    const results = await storeChecks({ kind: 'dynamodb', table: 'no-such-table' }, { dynamodb: client });
    expect(results).toHaveLength(1);
    expect(results[0].status).toBe('missing');
    expect(results[0].fix).toContain('ChatopsTable');
    expect(results[0].fix).toContain('aws dynamodb create-table --cli-input-json');
    expect(results[0].fix).toContain('"TableName":"no-such-table"');
  });

  it('fails a table with other keys than the adapter writes', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: 'wrong-keys',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    const [table] = await storeChecks({ kind: 'dynamodb', table: 'wrong-keys' }, { dynamodb: client });
    expect(table.status).toBe('missing');
    expect(table.detail).toContain('key schema is id HASH; the bot needs pk HASH, sk RANGE');
    expect(table.detail).toContain('index due is missing');
  });
});
