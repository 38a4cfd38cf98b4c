/**
 * The Store for Lambda: one DynamoDB table. Every write is a single conditional PutItem/DeleteItem,
 * so a Slack retry or a redelivered job changes an item once. DynamoDB's TTL removes expired items
 * eventually (hours later), so every read also treats them as absent itself. The table's layout and
 * how records are written and read back are in dynamodb-table.ts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
// zod/mini, as on the ack path: the Lambda bundle shares zod's core between the two, and classic zod
// would pull ~400 KiB (its whole API and locales) into the code every `slack` cold start loads.
import * as z from 'zod/mini';
import type { Clock } from '../clock';
import { assertKey, isLive, newAuditRecord, pageLimit } from './common';
import { decodeCursor, encodeCursor } from './cursor';
import {
  auditItem,
  auditPk,
  auditSk,
  dayOf,
  dayStart,
  DUE_INDEX,
  duePk,
  itemPk,
  itemRecord,
  pad,
  readAudits,
  readItem,
} from './dynamodb-table';
import type { AuditEntry, AuditRecord, Item, Page, Store, WriteOptions } from './store';

export interface DynamoStoreOptions {
  table: string;
  clock: Clock;
  /** Supplied by the caller (and then left open on close), or built from the SDK's own settings. */
  client?: DynamoDBClient;
}

const listCursor = z.object({ after: z.string() });
const auditCursor = z.object({ d: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), k: z.optional(z.string()) });

const DAY_MS = 86_400_000;
/** Each empty day costs a query; past this many in one call the page ends early with a cursor. */
const MAX_DAYS_PER_PAGE = 92;

const LIVE = '(attribute_not_exists(#exp) OR #exp >= :now)';
const EXP = { '#exp': 'expiresAt' };

type Key = QueryCommandInput['ExclusiveStartKey'];

export class DynamoStore implements Store {
  private readonly table: string;
  private readonly clock: Clock;
  private readonly client: DynamoDBClient;
  private readonly ownsClient: boolean;
  private readonly doc: DynamoDBDocumentClient;

  constructor(options: DynamoStoreOptions) {
    this.table = options.table;
    this.clock = options.clock;
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? new DynamoDBClient({});
    this.doc = DynamoDBDocumentClient.from(this.client);
  }

  async get<T>(kind: string, id: string): Promise<Item<T> | undefined> {
    assertKey(kind, id);
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: itemPk(kind), sk: id }, ConsistentRead: true }),
    );
    if (out.Item === undefined) return undefined;
    const item = readItem<T>(this.table, kind, out.Item);
    return isLive(item.expiresAt, this.clock.now()) ? item : undefined;
  }

  async create<T>(kind: string, id: string, data: T, options?: WriteOptions): Promise<boolean> {
    assertKey(kind, id);
    const command = new PutCommand({
      TableName: this.table,
      Item: itemRecord(kind, id, 1, data, options),
      // Absent, or present but expired and not yet removed by TTL.
      ConditionExpression: 'attribute_not_exists(pk) OR #exp < :now',
      ExpressionAttributeNames: EXP,
      ExpressionAttributeValues: { ':now': this.clock.now() },
    });
    return this.conditional(() => this.doc.send(command));
  }

  async update<T>(
    kind: string,
    id: string,
    expectedVersion: number,
    data: T,
    options?: WriteOptions,
  ): Promise<boolean> {
    assertKey(kind, id);
    const command = new PutCommand({
      TableName: this.table,
      Item: itemRecord(kind, id, expectedVersion + 1, data, options),
      ConditionExpression: `#ver = :v AND ${LIVE}`,
      ExpressionAttributeNames: { ...EXP, '#ver': 'version' },
      ExpressionAttributeValues: { ':v': expectedVersion, ':now': this.clock.now() },
    });
    return this.conditional(() => this.doc.send(command));
  }

  async delete(kind: string, id: string, expectedVersion?: number): Promise<boolean> {
    assertKey(kind, id);
    const versioned = expectedVersion !== undefined;
    const command = new DeleteCommand({
      TableName: this.table,
      Key: { pk: itemPk(kind), sk: id },
      ConditionExpression: `attribute_exists(pk) AND ${LIVE}${versioned ? ' AND #ver = :v' : ''}`,
      ExpressionAttributeNames: versioned ? { ...EXP, '#ver': 'version' } : EXP,
      ExpressionAttributeValues: versioned
        ? { ':now': this.clock.now(), ':v': expectedVersion }
        : { ':now': this.clock.now() },
    });
    return this.conditional(() => this.doc.send(command));
  }

  async list<T>(kind: string, options: { limit?: number; cursor?: string } = {}): Promise<Page<Item<T>>> {
    const limit = pageLimit(options.limit);
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, listCursor).after;
    // DynamoDB rejects an empty key value, so the first page has no lower bound at all.
    const input: QueryCommandInput = {
      TableName: this.table,
      KeyConditionExpression: after === undefined ? 'pk = :pk' : 'pk = :pk AND sk > :after',
      FilterExpression: LIVE,
      ExpressionAttributeNames: EXP,
      ExpressionAttributeValues: {
        ':pk': itemPk(kind),
        ':now': this.clock.now(),
        ...(after === undefined ? {} : { ':after': after }),
      },
      ConsistentRead: true,
    };
    // One extra item tells whether another page exists, so the last page carries no cursor.
    const found = await this.collect(input, limit + 1);
    const items = found.slice(0, limit).map((raw) => readItem<T>(this.table, kind, raw));
    const last = items[items.length - 1];
    return found.length > limit && last !== undefined
      ? { items, cursor: encodeCursor({ after: last.id }) }
      : { items };
  }

  async due<T>(kind: string, at: number, limit?: number): Promise<Item<T>[]> {
    const found = await this.collect(
      {
        TableName: this.table,
        IndexName: DUE_INDEX,
        KeyConditionExpression: 'duePk = :dpk AND dueAt <= :at',
        FilterExpression: LIVE,
        ExpressionAttributeNames: EXP,
        ExpressionAttributeValues: { ':dpk': duePk(kind), ':at': at, ':now': this.clock.now() },
      },
      pageLimit(limit),
    );
    return found.map((raw) => readItem<T>(this.table, kind, raw));
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return this.create('idem', key, null, { expiresAt: this.clock.now() + ttlMs });
  }

  async appendAudit(entry: AuditEntry): Promise<AuditRecord> {
    const record = newAuditRecord(entry, this.clock.now());
    const stored = auditItem(record);
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: stored, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return record;
  }

  async listAudit(options: {
    from: number;
    to: number;
    limit?: number;
    cursor?: string;
  }): Promise<Page<AuditRecord>> {
    const { from, to } = options;
    const limit = pageLimit(options.limit);
    if (from >= to) return { items: [] };
    const cursor = options.cursor === undefined ? undefined : decodeCursor(options.cursor, auditCursor);
    // Bounds on the sort key: pad(at) sorts like at, and '#' < '$' keeps at = to - 1 inside.
    const low = pad(from);
    const high = `${pad(to - 1)}$`;
    const found: { day: string; raw: Record<string, unknown> }[] = [];
    let day = cursor?.d ?? dayOf(from);
    let startKey: Key = cursor?.k === undefined ? undefined : { pk: auditPk(day), sk: cursor.k };
    for (let scanned = 0; dayStart(day) < to; scanned += 1) {
      if (scanned === MAX_DAYS_PER_PAGE) return { items: readAudits(this.table, found), cursor: encodeCursor({ d: day }) };
      const rows = await this.collect(
        {
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          ExpressionAttributeValues: { ':pk': auditPk(day), ':low': low, ':high': high },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        },
        limit + 1 - found.length,
      );
      for (const raw of rows) found.push({ day, raw });
      if (found.length > limit) {
        const page = found.slice(0, limit);
        const last = page[page.length - 1];
        const items = readAudits(this.table, page);
        const lastItem = items[items.length - 1];
        return last === undefined || lastItem === undefined
          ? { items }
          : { items, cursor: encodeCursor({ d: last.day, k: auditSk(lastItem.at, lastItem.id) }) };
      }
      day = dayOf(dayStart(day) + DAY_MS);
      startKey = undefined;
    }
    return { items: readAudits(this.table, found) };
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  /** Runs a conditional write: true if it applied, false if its condition did not hold. */
  private async conditional(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Follows LastEvaluatedKey until `wanted` matching items are in hand or the range is exhausted. */
  private async collect(input: QueryCommandInput, wanted: number): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let startKey = input.ExclusiveStartKey;
    do {
      const out = await this.doc.send(
        new QueryCommand({ ...input, ExclusiveStartKey: startKey, Limit: wanted - found.length }),
      );
      found.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey !== undefined && found.length < wanted);
    return found.slice(0, wanted);
  }
}
