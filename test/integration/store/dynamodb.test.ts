import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ManualClock } from '../../../src/clock';
import { DynamoStore } from '../../../src/store/dynamodb';
import { dynamoTableDefinition } from '../../../src/store/dynamodb-table';
import { type Dynalite, startDynalite } from '../../support/dynalite';
import { storeContract } from './contract';

let server: Dynalite;
let tables = 0;

beforeAll(async () => {
  server = await startDynalite();
});

afterAll(async () => {
  await server.stop();
});

async function freshTable(): Promise<string> {
  tables += 1;
  const table = `chatops-test-${tables}`;
  await server.createTable(table);
  return table;
}

storeContract('dynamodb', async (clock) => {
  const store = new DynamoStore({ table: await freshTable(), clock, client: server.client() });
  return { store, cleanup: async () => undefined };
});

describe('DynamoStore layout', () => {
  it('builds the table from dynamoTableDefinition: pk/sk keys, sparse due GSI, on demand', async () => {
    const table = await freshTable();
    const { Table } = await server.client().send(new DescribeTableCommand({ TableName: table }));
    expect(Table?.KeySchema).toEqual(dynamoTableDefinition(table).createTable.KeySchema);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.KeySchema])).toEqual([
      [
        'due',
        [
          { AttributeName: 'duePk', KeyType: 'HASH' },
          { AttributeName: 'dueAt', KeyType: 'RANGE' },
        ],
      ],
    ]);
    expect(dynamoTableDefinition(table).ttlAttribute).toBe('ttl');
  });

  it('writes items under item#<kind>, with ttl in epoch seconds and duePk only while due', async () => {
    const table = await freshTable();
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const client = server.client();
    const store = new DynamoStore({ table, clock, client });
    const doc = DynamoDBDocumentClient.from(client);
    const read = async (): Promise<Record<string, unknown> | undefined> =>
      (await doc.send(new GetCommand({ TableName: table, Key: { pk: 'item#grant', sk: 'g1' } }))).Item;

    const expiresAt = clock.now() + 1_500;
    await store.create('grant', 'g1', { role: 'pii_users' }, { dueAt: clock.now() + 10, expiresAt });
    expect(await read()).toMatchObject({
      pk: 'item#grant',
      sk: 'g1',
      version: 1,
      duePk: 'due#grant',
      dueAt: clock.now() + 10,
      expiresAt,
      ttl: Math.ceil(expiresAt / 1000),
    });

    await store.update('grant', 'g1', 1, { role: 'pii_users' });
    const after = await read();
    expect(after).toMatchObject({ version: 2 });
    expect(after).not.toHaveProperty('duePk');
    expect(after).not.toHaveProperty('dueAt');
    expect(after).not.toHaveProperty('ttl');
    await store.close();
  });

  it('keys audit records by UTC day and zero-padded time', async () => {
    const table = await freshTable();
    const at = Date.UTC(2025, 5, 30, 23, 59, 59, 999);
    const client = server.client();
    const store = new DynamoStore({ table, clock: new ManualClock(at), client });
    const record = await store.appendAudit({ actor: 'U1', action: 'pause', target: 'dev' });
    const doc = DynamoDBDocumentClient.from(client);
    const sk = `${String(at).padStart(16, '0')}#${record.id}`;
    const stored = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'audit#2025-06-30', sk } }));
    expect(stored.Item).toMatchObject({ id: record.id, at, actor: 'U1', action: 'pause', target: 'dev' });
  });

  it('ends a page early with a cursor instead of querying years of empty days in one call', async () => {
    const table = await freshTable();
    const to = Date.UTC(2025, 0, 1);
    const store = new DynamoStore({ table, clock: new ManualClock(to - 1), client: server.client() });
    const last = await store.appendAudit({ actor: 'system', action: 'tick', target: 'all' });
    const from = Date.UTC(2024, 0, 1);
    const first = await store.listAudit({ from, to });
    expect(first.items).toEqual([]);
    expect(first.cursor).toBeDefined();
    let cursor = first.cursor;
    const seen: unknown[] = [];
    for (let calls = 0; cursor !== undefined && calls < 10; calls += 1) {
      const page = await store.listAudit({ from, to, cursor });
      seen.push(...page.items);
      cursor = page.cursor;
    }
    expect(cursor).toBeUndefined();
    expect(seen).toEqual([last]);
  });

  it('lets errors other than a failed condition through', async () => {
    const store = new DynamoStore({ table: 'no-such-table', clock: new ManualClock(), client: server.client() });
    await expect(store.create('job', 'a', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
