/**
 * A throwaway DynamoDB for tests: dynalite in memory on 127.0.0.1 at a free port, with tables built
 * from the adapter's own dynamoTableDefinition so the tests exercise the real key schema and GSI.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { AddressInfo } from 'node:net';
import { dynamoTableDefinition } from '../../src/store/dynamodb-table';

export interface Dynalite {
  endpoint: string;
  /** A client pointed at this server (us-east-1, dummy credentials); stop() destroys them all. */
  client(): DynamoDBClient;
  /**
   * Creates a table exactly as dynamoTableDefinition describes and waits until it is active.
   * dynalite has no UpdateTimeToLive (nor TTL deletion), so TTL is not switched on here; the
   * adapter never relies on TTL having removed anything.
   */
  createTable(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startDynalite(options: { table?: string } = {}): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: DynamoDBClient[] = [];

  const client = (): DynamoDBClient => {
    const made = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    clients.push(made);
    return made;
  };
  const admin = client();

  const createTable = async (name: string): Promise<void> => {
    await admin.send(new CreateTableCommand(dynamoTableDefinition(name).createTable));
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const { Table } = await admin.send(new DescribeTableCommand({ TableName: name }));
      const indexes = Table?.GlobalSecondaryIndexes ?? [];
      if (Table?.TableStatus === 'ACTIVE' && indexes.every((index) => index.IndexStatus === 'ACTIVE')) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`dynalite table ${name} did not become ACTIVE`);
  };

  if (options.table !== undefined) await createTable(options.table);

  const stop = async (): Promise<void> => {
    for (const made of clients) made.destroy();
    // The SDK keeps sockets alive; close them or server.close waits for their idle timeout.
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  };

  return { endpoint, client, createTable, stop };
}
