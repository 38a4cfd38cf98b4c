import { DataApiFault, validation, type Input } from './wire';
import type { WarehouseDirectory } from './directory';
import type { SqlParameter } from './lexer';
import type { StatementTarget } from './statements';

export type { Input };

export function optionalString(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation(`${name} must be a string.`);
  return value;
}

export function requiredString(input: Input, name: string): string {
  const value = optionalString(input, name);
  if (value === undefined || value === '')
    throw validation(
      `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

export function optionalNumber(input: Input, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw validation(`${name} must be a number.`);
  return value;
}

export function optionalBoolean(input: Input, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw validation(`${name} must be a boolean.`);
  return value;
}

const MAX_SQL_BYTES = 100_000;

export function checkSqlSize(sql: string): void {
  if (Buffer.byteLength(sql) > MAX_SQL_BYTES) throw validation('The SQL statement is larger than the 100 KB the Data API accepts.');
}

const PARAMETER_NAME = /^[0-9a-zA-Z_]+$/;

/** Parameters: [{name, value}], names of letters, digits and underscores, values non-empty strings. */
export function parameters(input: Input): SqlParameter[] | undefined {
  const value = input.Parameters;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length === 0) throw validation('Parameters must be a non-empty list of {name, value}.');
  return value.map((item: unknown, i) => {
    const entry = (item ?? {}) as Input;
    const name = entry.name;
    const text = entry.value;
    if (typeof name !== 'string' || !PARAMETER_NAME.test(name)) {
      throw validation(`Parameter ${i + 1} has an invalid name: names contain only letters, digits and underscores.`);
    }
    if (typeof text !== 'string' || text === '') throw validation(`Parameter ${name} needs a non-empty value.`);
    return { name, value: text };
  });
}

/**
 * The ways into a database the Data API accepts (ExecuteStatement's reference):
 * ClusterIdentifier + DbUser (temporary credentials), ClusterIdentifier or WorkgroupName + SecretArn,
 * or ClusterIdentifier or WorkgroupName alone: the caller's IAM identity, `iamUser` (`IAMR:<role>`).
 */
export function resolveTarget(input: Input, directory: WarehouseDirectory, iamUser: string): StatementTarget {
  const clusterIdentifier = optionalString(input, 'ClusterIdentifier');
  const workgroupName = optionalString(input, 'WorkgroupName');
  const secretArn = optionalString(input, 'SecretArn');
  const dbUser = optionalString(input, 'DbUser');
  const database = optionalString(input, 'Database');
  if (optionalString(input, 'SessionId') !== undefined) {
    throw validation('SessionId is not supported by this emulator; run each statement on its own.');
  }
  if (clusterIdentifier === undefined && workgroupName === undefined) {
    throw validation('Either ClusterIdentifier or WorkgroupName needs to be specified.');
  }
  if (clusterIdentifier !== undefined && workgroupName !== undefined) {
    throw validation('ClusterIdentifier and WorkgroupName cannot both be specified.');
  }
  if (secretArn !== undefined && dbUser !== undefined) {
    throw validation('SecretArn and DbUser cannot both be specified. Use one authentication method.');
  }

  let user = iamUser;
  if (secretArn !== undefined) {
    const secretUser = directory.secretUser(secretArn);
    if (secretUser === undefined)
      throw new DataApiFault('ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 404, {
        ResourceId: secretArn,
      });
    user = secretUser;
  } else if (dbUser !== undefined) {
    if (workgroupName !== undefined) throw validation('DbUser is not supported with WorkgroupName; use SecretArn or your IAM identity.');
    user = dbUser;
  }
  if (database === undefined && secretArn === undefined) throw validation('Database needs to be specified.');

  const found = clusterIdentifier !== undefined ? directory.cluster(clusterIdentifier) : directory.workgroup(workgroupName as string);
  if (!found) {
    throw clusterIdentifier !== undefined
      ? validation(`Redshift endpoint doesn't exist in this region. Cluster ${clusterIdentifier} was not found.`)
      : validation(`Workgroup ${workgroupName} was not found.`);
  }
  if (found.status.toLowerCase() !== 'available') {
    throw clusterIdentifier !== undefined
      ? validation(`Cluster ${clusterIdentifier} is not available; its status is ${found.status}.`)
      : validation(`Workgroup ${workgroupName} is not available; its status is ${found.status}.`);
  }
  return {
    key: found.key,
    // A secret may leave the database out; its warehouse's first database (dev) is used then.
    database: database ?? 'dev',
    user,
    clusterIdentifier,
    workgroupName,
    secretArn,
    echoUser: dbUser !== undefined,
    iamIdentity: secretArn === undefined && dbUser === undefined,
  };
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
