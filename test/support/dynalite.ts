/**
 * A throwaway DynamoDB for tests: the local stack's dynalite (scripts/lambda-local/dynalite.ts), with
 * tables built from the adapter's own dynamoTableDefinition so the tests exercise the real key schema and GSI.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startLocalDynamo } from '../../scripts/lambda-local/dynalite';
import { dynamoTableDefinition } from '../../src/store/dynamodb-table';

export interface Dynalite {
  endpoint: string;
  /** A client pointed at this server (us-east-1, dummy credentials); stop() destroys them all. */
  client(): DynamoDBClient;
  /**
   * Creates a table exactly as dynamoTableDefinition describes and waits until it is active. TTL is
   * not switched on (dynalite has no UpdateTimeToLive); the adapter never relies on TTL having removed anything.
   */
  createTable(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startDynalite(options: { table?: string } = {}): Promise<Dynalite> {
  const local = await startLocalDynamo();
  const createTable = (name: string): Promise<void> => local.createTable(dynamoTableDefinition(name).createTable);
  if (options.table !== undefined) await createTable(options.table);
  return { endpoint: local.endpoint, client: local.client, createTable, stop: local.stop };
}
