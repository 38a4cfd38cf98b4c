/**
 * The state table as serverless.yml declares it (its CloudFormation properties, variables resolved by
 * `osls print`), turned into the DynamoDB API calls that make it: CreateTable, then TTL. Pure.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';

const keySchema = z.array(z.object({ AttributeName: z.string(), KeyType: z.enum(['HASH', 'RANGE']) }));
const projection = z.object({
  ProjectionType: z.enum(['ALL', 'KEYS_ONLY', 'INCLUDE']),
  NonKeyAttributes: z.array(z.string()).optional(),
});

/** AWS::DynamoDB::Table properties this runner can make locally; anything else is reported, not silently dropped. */
const tableProperties = z.looseObject({
  TableName: z.string().min(3),
  BillingMode: z.enum(['PAY_PER_REQUEST', 'PROVISIONED']).optional(),
  AttributeDefinitions: z.array(z.object({ AttributeName: z.string(), AttributeType: z.enum(['S', 'N', 'B']) })),
  KeySchema: keySchema,
  GlobalSecondaryIndexes: z.array(z.object({ IndexName: z.string(), KeySchema: keySchema, Projection: projection })).optional(),
  TimeToLiveSpecification: z.object({ AttributeName: z.string().optional(), Enabled: z.boolean() }).optional(),
});

/** What the API calls cannot express locally and the runner leaves out (PITR is a backup setting; nothing reads it). */
const NOT_MADE_LOCALLY = new Set([
  'PointInTimeRecoverySpecification',
  'SSESpecification',
  'Tags',
  'DeletionProtectionEnabled',
  'ContributorInsightsSpecification',
]);
const MADE = new Set([
  'TableName',
  'BillingMode',
  'AttributeDefinitions',
  'KeySchema',
  'GlobalSecondaryIndexes',
  'TimeToLiveSpecification',
]);

export interface LocalTable {
  createTable: CreateTableCommandInput;
  /** The TTL attribute when the template enables TTL (UpdateTimeToLive after CreateTable on AWS). */
  ttlAttribute?: string;
  /** Declared properties not made locally, named for the runner's banner. */
  leftOut: string[];
}

/** The template's resources could not give the table the functions use; the message says what is wrong. */
export class TableTemplateError extends Error {
  override readonly name = 'TableTemplateError';
}

const resources = z.record(z.string(), z.looseObject({ Type: z.string(), Properties: z.unknown() }));

/** The AWS::DynamoDB::Table resource whose TableName is `tableName` (the one CHATOPS_STORE names). */
export function localTable(template: unknown, tableName: string): LocalTable {
  const parsed = resources.safeParse(template);
  if (!parsed.success) throw new TableTemplateError('serverless.yml has no resources.Resources map to find the state table in');
  const tables = Object.entries(parsed.data).filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table');
  const named = tables.map(([logicalId, resource]) => ({ logicalId, properties: tableProperties.safeParse(resource.Properties) }));
  const match = named.find((table) => table.properties.success && table.properties.data.TableName === tableName);
  if (match === undefined || !match.properties.success) {
    const known = named.map((table) => (table.properties.success ? table.properties.data.TableName : `${table.logicalId} (unreadable)`));
    throw new TableTemplateError(
      `serverless.yml declares no AWS::DynamoDB::Table named ${tableName} (CHATOPS_STORE); it declares ${known.join(', ') || 'none'}`,
    );
  }
  const declared = match.properties.data;
  const unknown = Object.keys(declared).filter((name) => !MADE.has(name) && !NOT_MADE_LOCALLY.has(name));
  if (unknown.length > 0)
    throw new TableTemplateError(`the state table ${tableName} declares ${unknown.join(', ')}, which this runner cannot make`);
  const ttl = declared.TimeToLiveSpecification;
  if (ttl?.Enabled === true && ttl.AttributeName === undefined)
    throw new TableTemplateError(`the state table ${tableName} enables TTL without an AttributeName`);
  return {
    createTable: {
      TableName: declared.TableName,
      BillingMode: declared.BillingMode,
      AttributeDefinitions: declared.AttributeDefinitions,
      KeySchema: declared.KeySchema,
      GlobalSecondaryIndexes: declared.GlobalSecondaryIndexes,
    },
    ttlAttribute: ttl?.Enabled === true ? ttl.AttributeName : undefined,
    leftOut: Object.keys(declared).filter((name) => NOT_MADE_LOCALLY.has(name)),
  };
}
