import { DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startLocalDynamo, TtlSweeper, type LocalDynamo } from '../../../scripts/lambda-local/dynalite';
import { readService } from '../../../scripts/lambda-local/service';
import { dynamoTableDefinition } from '../../../src/store/dynamodb-table';

describe("the local stack's state table", () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startLocalDynamo();
  });
  afterAll(async () => dynamo.stop());

  test("serverless.yml's stage local, as osls resolves it, declares exactly the table the store adapter expects", async () => {
    const service = await readService('local', { ...process.env, SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-token' });
    const expected = dynamoTableDefinition('redshift-chatops-local');
    expect(service.table.createTable).toEqual(expected.createTable);
    expect(service.table.ttlAttribute).toBe(expected.ttlAttribute);
    expect(service.functionNames.worker).toBe('redshift-chatops-local-worker');
    await dynamo.createTable(service.table.createTable);
    const { Table } = await dynamo.client().send(new DescribeTableCommand({ TableName: 'redshift-chatops-local' }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['due']);
  }, 30_000);

  test('the TTL sweep deletes what DynamoDB would: a number of epoch seconds before now, and nothing else', async () => {
    const table = 'ttl-sweep';
    await dynamo.createTable(dynamoTableDefinition(table).createTable);
    const client = dynamo.client();
    const now = 1_800_000_000;
    const put = (sk: string, ttl?: { N: string } | { S: string }) =>
      client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'item#x' }, sk: { S: sk }, ...(ttl ? { ttl } : {}) } }));
    await put('expired', { N: String(now - 1) });
    await put('at-now', { N: String(now) });
    await put('later', { N: String(now + 60) });
    await put('text', { S: String(now - 60) });
    await put('none');
    const sweeper = new TtlSweeper(client, table, ['pk', 'sk'], 'ttl', () => now);
    expect(await sweeper.sweep()).toBe(1);
    const kept = async (sk: string) =>
      (await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'item#x' }, sk: { S: sk } } }))).Item !== undefined;
    expect(await kept('expired')).toBe(false);
    for (const sk of ['at-now', 'later', 'text', 'none']) expect(await kept(sk)).toBe(true);
    expect(await sweeper.sweep()).toBe(0);
  });
});
