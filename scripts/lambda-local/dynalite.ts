/**
 * DynamoDB on this machine: dynalite (in memory) on 127.0.0.1, a table made as declared, and what
 * dynalite lacks of TTL done beside it (see TtlSweeper).
 */
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  paginateScan,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

export interface LocalDynamo {
  endpoint: string;
  /** A client pointed at this server (us-east-1, dummy credentials); stop() destroys them all. */
  client(): DynamoDBClient;
  /** Creates a table and waits until it and its indexes are ACTIVE. */
  createTable(input: CreateTableCommand['input']): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalDynamo(options: { port?: number } = {}): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('dynalite is not listening on a TCP port');
  const endpoint = `http://127.0.0.1:${address.port}`;
  const clients: DynamoDBClient[] = [];

  const client = (): DynamoDBClient => {
    const made = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    clients.push(made);
    return made;
  };
  const admin = client();

  const createTable = async (input: CreateTableCommand['input']): Promise<void> => {
    await admin.send(new CreateTableCommand(input));
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const { Table } = await admin.send(new DescribeTableCommand({ TableName: input.TableName }));
      const indexes = Table?.GlobalSecondaryIndexes ?? [];
      if (Table?.TableStatus === 'ACTIVE' && indexes.every((index) => index.IndexStatus === 'ACTIVE')) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`dynalite table ${input.TableName} did not become ACTIVE`);
  };

  const stop = async (): Promise<void> => {
    for (const made of clients) made.destroy();
    // The SDK keeps sockets alive; close them or server.close waits for their idle timeout.
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  };

  return { endpoint, client, createTable, stop };
}

/**
 * dynalite has no UpdateTimeToLive and deletes nothing by TTL. DynamoDB deletes an item once the
 * number in its TTL attribute (epoch seconds) is less than the current time, typically within two
 * days (UpdateTimeToLive, DynamoDB API Reference); this sweep does the same on every `sweep()`,
 * sooner, so code that meets a vanished record runs locally too. A number only: DynamoDB ignores
 * other types.
 */
export class TtlSweeper {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    /** The table's key attributes (KeySchema), which DeleteItem is given. */
    private readonly keyNames: readonly string[],
    private readonly attribute: string,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {}

  /** Deletes every expired item; returns how many. Each delete re-checks the expiry, so a renewed item stays. */
  async sweep(): Promise<number> {
    const now: AttributeValue = { N: String(this.nowSeconds()) };
    const names = { '#ttl': this.attribute };
    let deleted = 0;
    const pages = paginateScan(
      { client: this.client },
      {
        TableName: this.table,
        FilterExpression: '#ttl < :now',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':now': now },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const key = Object.fromEntries(this.keyNames.map((name) => [name, item[name]]));
        try {
          await this.client.send(
            new DeleteItemCommand({
              TableName: this.table,
              Key: key,
              ConditionExpression: '#ttl < :now',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: { ':now': now },
            }),
          );
          deleted += 1;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    }
    return deleted;
  }
}
