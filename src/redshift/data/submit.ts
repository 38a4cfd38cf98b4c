import type { ExecuteStatementInput } from '@aws-sdk/client-redshift-data';
import type { Target } from '../../config/targets';
import { AwsOperationError } from '../errors';
import { InvalidStatementError, type SqlStatement } from '../sql';
import { DataApiUsageError } from './errors';
import type { SubmittedStatement } from './types';

/** At most this many statements go in one BatchExecuteStatement (one transaction). */
export const MAX_BATCH = 40;

type WayIn = Pick<ExecuteStatementInput, 'ClusterIdentifier' | 'WorkgroupName' | 'Database' | 'DbUser' | 'SecretArn'>;

/** The ExecuteStatement fields that say which warehouse and which database identity. */
export function wayIn(target: Target, dbUser?: string): WayIn {
  if (target.kind === 'serverless') {
    if (dbUser !== undefined) {
      throw new DataApiUsageError(
        `Workgroup ${target.workgroup} is Redshift Serverless: the Data API cannot run a statement there as database user ${dbUser}`,
      );
    }
    return target.secretArn
      ? { WorkgroupName: target.workgroup, Database: target.database, SecretArn: target.secretArn }
      : { WorkgroupName: target.workgroup, Database: target.database };
  }
  if (target.secretArn !== undefined) {
    if (dbUser !== undefined) {
      throw new DataApiUsageError(
        `Cluster ${target.cluster} is reached with a stored secret: the Data API cannot run a statement there as database user ${dbUser}; configure dbUser instead of secretArn`,
      );
    }
    return { ClusterIdentifier: target.cluster, Database: target.database, SecretArn: target.secretArn };
  }
  return { ClusterIdentifier: target.cluster, Database: target.database, DbUser: dbUser ?? target.dbUser };
}

/** A batch's size, checked before anything is sent. */
export function checkBatchSize(statements: readonly SqlStatement[]): void {
  if (statements.length === 0) throw new InvalidStatementError('a batch needs at least one statement');
  if (statements.length > MAX_BATCH) throw new InvalidStatementError(`a batch holds at most ${MAX_BATCH} statements, not ${statements.length}`);
}

/** A batch shares one parameter list; the same name must carry the same value everywhere. */
export function mergeParameters(statements: readonly SqlStatement[]): Record<string, string> | undefined {
  const merged: Record<string, string> = {};
  for (const { parameters } of statements) {
    for (const [name, value] of Object.entries(parameters ?? {})) {
      if (name in merged && merged[name] !== value) {
        throw new InvalidStatementError(`parameter :${name} has different values in one batch; give each value its own name`);
      }
      merged[name] = value;
    }
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** The statement AWS accepted, as the caller keeps it. */
export function submittedFrom(
  id: string | undefined,
  region: string | undefined,
  createdAt: Date | undefined,
  operation: string,
): SubmittedStatement {
  // The model marks Id optional; a response without one cannot be tracked, so treat it as a fault.
  if (!id)
    throw new AwsOperationError({
      fault: 'MissingStatementId',
      operation,
      retryable: false,
      awsMessage: 'the response held no statement Id',
    });
  const submitted: SubmittedStatement = { id };
  if (region !== undefined) submitted.region = region;
  if (createdAt !== undefined) submitted.createdAt = createdAt;
  return submitted;
}

/** A statement named by its id or by what `submit` returned, with the region to reach it in. */
export function ref(statement: string | SubmittedStatement, options: { region?: string }): { id: string; region?: string } {
  return typeof statement === 'string'
    ? { id: statement, region: options.region }
    : { id: statement.id, region: options.region ?? statement.region };
}

export function describeTarget(target: Target): string {
  return target.kind === 'provisioned' ? `cluster ${target.cluster}` : `workgroup ${target.workgroup}`;
}
