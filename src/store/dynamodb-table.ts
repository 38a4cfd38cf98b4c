/**
 * The DynamoDB Store's one table: its definition, its keys, and its records as written and read back
 * (pure; the reads and writes are in dynamodb.ts).
 *
 * Layout (dynamoTableDefinition is the one source of truth for the table):
 *   item   pk = item#<kind>        sk = <id>                 version, data (JSON text), dueAt, expiresAt, ttl
 *          duePk = due#<kind> only while dueAt is set: the sparse GSI `due` (duePk, dueAt)
 *   audit  pk = audit#<YYYY-MM-DD> sk = <at, zero-padded>#<id>  id, at, actor, action, target, input, result
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
// zod/mini, as on the ack path: the Lambda bundle shares zod's core between the two, and classic zod
// would pull ~400 KiB (its whole API and locales) into the code every `slack` cold start loads.
import * as z from 'zod/mini';
import { fromJson, optional, toJson } from './common';
import type { AuditRecord, Item, WriteOptions } from './store';

export const DUE_INDEX = 'due';
export const TTL_ATTRIBUTE = 'ttl';

export interface DynamoTableDefinition {
  createTable: CreateTableCommandInput;
  /** The attribute to enable DynamoDB TTL on (UpdateTimeToLive / TimeToLiveSpecification). */
  ttlAttribute: string;
}

/** The table this adapter expects; tests and serverless.yml build theirs from it. */
export function dynamoTableDefinition(tableName: string): DynamoTableDefinition {
  return {
    createTable: {
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'duePk', AttributeType: 'S' },
        { AttributeName: 'dueAt', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: DUE_INDEX,
          KeySchema: [
            { AttributeName: 'duePk', KeyType: 'HASH' },
            { AttributeName: 'dueAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    ttlAttribute: TTL_ATTRIBUTE,
  };
}

/** A record in the table that does not have the shape this adapter writes. */
export class StoreRecordError extends Error {
  override readonly name = 'StoreRecordError';
  constructor(table: string, key: string) {
    super(`The state table ${table} holds a record this version cannot read (${key}).`);
  }
}

const storedItem = z.object({
  sk: z.string(),
  version: z.number(),
  data: z.string(),
  dueAt: z.optional(z.number()),
  expiresAt: z.optional(z.number()),
});

const storedAudit = z.object({
  id: z.string(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  input: z.optional(z.string()),
  result: z.optional(z.string()),
});

/** An item as it is read back; a record of another shape is refused rather than guessed at. */
export function readItem<T>(table: string, kind: string, raw: Record<string, unknown>): Item<T> {
  const parsed = storedItem.safeParse(raw);
  if (!parsed.success) throw new StoreRecordError(table, `${itemPk(kind)} ${String(raw.sk)}`);
  const { sk, version, data, dueAt, expiresAt } = parsed.data;
  const item: Item<T> = { kind, id: sk, version, data: fromJson<T>(data) };
  if (dueAt !== undefined) item.dueAt = dueAt;
  if (expiresAt !== undefined) item.expiresAt = expiresAt;
  return item;
}

export function readAudits(table: string, rows: { raw: Record<string, unknown> }[]): AuditRecord[] {
  return rows.map(({ raw }) => {
    const parsed = storedAudit.safeParse(raw);
    if (!parsed.success) throw new StoreRecordError(table, `${String(raw.pk)} ${String(raw.sk)}`);
    const { input, result, ...rest } = parsed.data;
    const record: AuditRecord = rest;
    if (input !== undefined) record.input = fromJson<unknown>(input);
    if (result !== undefined) record.result = fromJson<unknown>(result);
    return record;
  });
}

/** An audit record as it is written: keyed by its UTC day, sorted by time. */
export function auditItem(record: AuditRecord): Record<string, string | number> {
  const stored: Record<string, string | number> = {
    pk: auditPk(dayOf(record.at)),
    sk: auditSk(record.at, record.id),
    id: record.id,
    at: record.at,
    actor: record.actor,
    action: record.action,
    target: record.target,
  };
  if (record.input !== undefined) stored.input = toJson(record.input);
  if (record.result !== undefined) stored.result = toJson(record.result);
  return stored;
}

export function itemPk(kind: string): string {
  return `item#${kind}`;
}

export function duePk(kind: string): string {
  return `due#${kind}`;
}

export function auditPk(day: string): string {
  return `audit#${day}`;
}

export function auditSk(at: number, id: string): string {
  return `${pad(at)}#${id}`;
}

/** Fixed width so the sort key's string order is the numeric order of `at`. */
export function pad(at: number): string {
  return String(Math.max(0, Math.trunc(at))).padStart(16, '0');
}

/** The UTC day of an epoch-ms instant, as YYYY-MM-DD. */
export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

export function itemRecord<T>(
  kind: string,
  id: string,
  version: number,
  data: T,
  options: WriteOptions | undefined,
): Record<string, string | number> {
  const record: Record<string, string | number> = { pk: itemPk(kind), sk: id, version, data: toJson(data) };
  const dueAt = optional(options?.dueAt);
  const expiresAt = optional(options?.expiresAt);
  if (dueAt !== undefined) {
    record.duePk = duePk(kind);
    record.dueAt = dueAt;
  }
  if (expiresAt !== undefined) {
    record.expiresAt = expiresAt;
    // TTL wants epoch seconds; rounding up never removes an item before it expires.
    record[TTL_ATTRIBUTE] = Math.ceil(expiresAt / 1000);
  }
  return record;
}
