import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { StoreSpec } from '../config/env';
import { failureText } from '../features/shared/failure';
import { awsCall, AwsOperationError, isFault } from '../redshift/errors';
import { dynamoTableDefinition } from '../store/dynamodb-table';
import type { CheckResult } from './types';

/**
 * The bot's state store, read-only: the SQLite file can be written where it is (or created), or the
 * DynamoDB table exists with the adapter's keys and TTL on its expiry attribute. Nothing is written.
 */
export interface StoreCheckOptions {
  /** The DynamoDB client to ask; default one from the environment's credentials and region. */
  dynamodb?: DynamoDBClient;
}

export async function storeChecks(spec: StoreSpec, options: StoreCheckOptions = {}): Promise<CheckResult[]> {
  if (spec.kind === 'sqlite') return [await sqliteCheck(spec.path)];
  const client = options.dynamodb ?? new DynamoDBClient({});
  try {
    return await dynamoChecks(client, spec.table);
  } finally {
    if (!options.dynamodb) client.destroy();
  }
}

const base = { area: 'store' as const };

function errnoOf(error: unknown): string | undefined {
  // Not instanceof Error: fs errors may come from another realm (a test runner's sandbox).
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** The nearest directory on the way up that exists, or the first path part that is not a directory. */
async function nearestExisting(path: string): Promise<{ path: string; directory: boolean }> {
  let at = path;
  for (;;) {
    try {
      const found = await stat(at);
      return { path: at, directory: found.isDirectory() };
    } catch (error) {
      const parent = dirname(at);
      if (errnoOf(error) !== 'ENOENT' || parent === at) return { path: at, directory: false };
      at = parent;
    }
  }
}

/** A directory needs W and X to create files in it; a file only W. */
async function writable(path: string, mode: number): Promise<boolean> {
  try {
    await access(path, mode);
    return true;
  } catch {
    return false;
  }
}

/**
 * SQLite: the store writes the file and, in WAL mode, its -wal and -shm files beside it, so the
 * directory must be writable; it creates missing directories itself (mkdir -p). An existing file is
 * opened read-only to see that it is a SQLite database.
 */
async function sqliteCheck(path: string): Promise<CheckResult> {
  const name = `SQLite store ${path} is writable`;
  if (path === ':memory:') return { ...base, name, status: 'ok', detail: 'in memory: state is lost when the process ends' };
  const file = resolve(path);
  const directory = dirname(file);
  const existing = await nearestExisting(directory);
  if (!existing.directory) {
    return {
      ...base,
      name,
      status: 'missing',
      detail: `${existing.path} is not a directory`,
      fix: `point CHATOPS_STORE at sqlite:<a path in a writable directory>, or move ${existing.path} aside`,
    };
  }
  if (!(await writable(existing.path, constants.W_OK | constants.X_OK))) {
    return {
      ...base,
      name,
      status: 'missing',
      detail: `${existing.path} is not writable by this user`,
      fix: `make ${existing.path} writable by the user the bot runs as (chmod u+wx ${existing.path}, or chown it)`,
    };
  }
  if (existing.path !== directory) return { ...base, name, status: 'ok', detail: `${directory} will be created at first start` };
  let found;
  try {
    found = await stat(file);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return { ...base, name, status: 'ok', detail: 'the file will be created at first start' };
    return { ...base, name, status: 'not-verified', detail: failureText(error) };
  }
  if (!found.isFile())
    return {
      ...base,
      name,
      status: 'missing',
      detail: `${file} is not a file`,
      fix: `move ${file} aside, or point CHATOPS_STORE at another path`,
    };
  if (!(await writable(file, constants.W_OK))) {
    return {
      ...base,
      name,
      status: 'missing',
      detail: `${file} is not writable by this user`,
      fix: `chmod u+w ${file} (or chown it to the user the bot runs as)`,
    };
  }
  // Loaded here: the native addon is not in the Lambda zip, where `/redshift doctor` runs this module.
  // Outside the try: an addon that cannot load says nothing about the file (the area is not verified).
  const { default: Database } = await import('better-sqlite3');
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } finally {
      db.close();
    }
  } catch (error) {
    return {
      ...base,
      name,
      status: 'missing',
      detail: `${file} cannot be read as a SQLite database: ${failureText(error)}`,
      fix: `move ${file} aside; the bot creates a new one`,
    };
  }
  return { ...base, name, status: 'ok' };
}

/** The table's keys as dynamoTableDefinition makes them: `pk HASH, sk RANGE`. */
function keysText(keys: readonly { AttributeName?: string; KeyType?: string }[] | undefined): string {
  return (keys ?? []).map((key) => `${key.AttributeName ?? '?'} ${key.KeyType ?? '?'}`).join(', ');
}

/** What differs from dynamoTableDefinition: the table's keys and the `due` index's. */
function schemaProblems(table: TableDescription, tableName: string): string[] {
  const wanted = dynamoTableDefinition(tableName).createTable;
  const problems: string[] = [];
  if (keysText(table.KeySchema) !== keysText(wanted.KeySchema))
    problems.push(`key schema is ${keysText(table.KeySchema) || 'none'}; the bot needs ${keysText(wanted.KeySchema)}`);
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    const found = (table.GlobalSecondaryIndexes ?? []).find((gsi) => gsi.IndexName === index.IndexName);
    if (!found) problems.push(`index ${index.IndexName ?? ''} is missing`);
    else if (keysText(found.KeySchema) !== keysText(index.KeySchema))
      problems.push(`index ${index.IndexName ?? ''} has keys ${keysText(found.KeySchema)}; the bot needs ${keysText(index.KeySchema)}`);
  }
  return problems;
}

function denied(error: unknown): boolean {
  return (
    isFault(error, 'AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation') ||
    (error instanceof AwsOperationError && error.status === 403)
  );
}

const CREATE_HINT =
  "deploy serverless.yml (its ChatopsTable resource), or create it with: aws dynamodb create-table --cli-input-json '<json>'";

async function dynamoChecks(client: DynamoDBClient, tableName: string): Promise<CheckResult[]> {
  const name = `DynamoDB table ${tableName} exists with the bot's keys`;
  const definition = dynamoTableDefinition(tableName);
  let table: TableDescription | undefined;
  try {
    table = (await awsCall('DescribeTable', () => client.send(new DescribeTableCommand({ TableName: tableName })))).Table;
  } catch (error) {
    if (isFault(error, 'ResourceNotFoundException')) {
      return [
        {
          ...base,
          name,
          status: 'missing',
          detail: failureText(error),
          fix: CREATE_HINT.replace('<json>', JSON.stringify(definition.createTable)) + `, then turn on TTL on ${definition.ttlAttribute}`,
        },
      ];
    }
    // The bot's own role has no dynamodb:DescribeTable (serverless.yml); the one running the doctor may lack it too.
    const detail = denied(error)
      ? `${failureText(error)} (the doctor's identity needs dynamodb:DescribeTable; the bot does not)`
      : failureText(error);
    return [{ ...base, name, status: 'not-verified', detail }];
  }
  const problems = table ? schemaProblems(table, tableName) : ['DescribeTable returned no table'];
  const results: CheckResult[] = [
    problems.length === 0
      ? { ...base, name, status: 'ok', detail: `${table?.TableStatus ?? ''}`.trim() || undefined }
      : {
          ...base,
          name,
          status: 'missing',
          detail: problems.join('; '),
          fix: `recreate the table as serverless.yml's ChatopsTable defines it (the bot cannot use this one)`,
        },
  ];
  results.push(await ttlCheck(client, tableName, definition.ttlAttribute));
  return results;
}

/** TTL only removes expired items; the store never relies on it having done so, so it is optional. */
async function ttlCheck(client: DynamoDBClient, tableName: string, attribute: string): Promise<CheckResult> {
  const name = `DynamoDB table ${tableName} has TTL on ${attribute}`;
  const fix = `aws dynamodb update-time-to-live --table-name ${tableName} --time-to-live-specification Enabled=true,AttributeName=${attribute} (serverless.yml's ChatopsTable sets it)`;
  try {
    const ttl = (await awsCall('DescribeTimeToLive', () => client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))))
      .TimeToLiveDescription;
    const status = ttl?.TimeToLiveStatus;
    if ((status === 'ENABLED' || status === 'ENABLING') && ttl?.AttributeName === attribute)
      return { ...base, name, status: 'ok', detail: status };
    const found = status === undefined ? 'no TTL status' : `TTL is ${status}${ttl?.AttributeName ? ` on ${ttl.AttributeName}` : ''}`;
    return { ...base, name, status: 'missing', detail: `${found}: expired items are never removed from the table`, fix, optional: true };
  } catch (error) {
    const detail = denied(error)
      ? `${failureText(error)} (the doctor's identity needs dynamodb:DescribeTimeToLive; the bot does not)`
      : failureText(error);
    return { ...base, name, status: 'not-verified', detail, optional: true };
  }
}
