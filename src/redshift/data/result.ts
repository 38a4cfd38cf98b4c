import { paginateGetStatementResult, type DescribeStatementResponse, type RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { awsCall } from '../errors';
import { StatementAbortedError, StatementFailedError } from './errors';
import { columnsFrom, decodeRecords } from './rows';
import { durationMs } from './statement';
import type { BatchResult, StatementResult } from './types';

type Described = Pick<DescribeStatementResponse, 'Status' | 'Error' | 'QueryString' | 'HasResultSet' | 'ResultRows' | 'Duration'>;

/** A finished statement's rows, paged from GetStatementResult; a failed or aborted one as its typed error. */
export async function statementResult(client: RedshiftDataClient, d: Described, id: string): Promise<StatementResult> {
  const batchId = id.includes(':') ? id.slice(0, id.indexOf(':')) : undefined;
  if (d.Status === 'FAILED') throw new StatementFailedError(id, d.Error ?? 'no error text from Redshift', d.QueryString, batchId);
  if (d.Status === 'ABORTED') throw new StatementAbortedError(id, d.QueryString, batchId);
  const hasResultSet = d.HasResultSet === true;
  const result: StatementResult = {
    id,
    status: 'FINISHED',
    rows: [],
    columns: [],
    totalRows: 0,
    hasResultSet,
    durationMs: durationMs(d.Duration) ?? 0,
  };
  if (!hasResultSet) {
    if (d.ResultRows !== undefined && d.ResultRows >= 0) result.affectedRows = d.ResultRows;
    return result;
  }
  let total: number | undefined;
  await awsCall(
    'GetStatementResult',
    async () => {
      for await (const page of paginateGetStatementResult({ client }, { Id: id })) {
        if (result.columns.length === 0 && page.ColumnMetadata) result.columns = columnsFrom(page.ColumnMetadata);
        total ??= page.TotalNumRows;
        result.rows.push(...decodeRecords(page.Records ?? [], result.columns));
      }
    },
    { resource: `Data API statement ${id}` },
  );
  result.totalRows = total ?? result.rows.length;
  return result;
}

/** A finished batch's results in order; a failed batch (one transaction, nothing applied) as its failing statement's error. */
export async function batchResult(client: RedshiftDataClient, final: DescribeStatementResponse, id: string): Promise<BatchResult> {
  const subs = final.SubStatements ?? [];
  if (final.Status === 'FAILED') {
    const failed = subs.find((sub) => sub.Status === 'FAILED');
    throw new StatementFailedError(failed?.Id ?? id, failed?.Error ?? final.Error ?? 'no error text from Redshift', failed?.QueryString, id);
  }
  if (final.Status === 'ABORTED') throw new StatementAbortedError(id, undefined, id);
  const statements: StatementResult[] = [];
  for (const sub of subs) {
    statements.push(await statementResult(client, sub, sub.Id ?? id));
  }
  return { id, status: 'FINISHED', durationMs: durationMs(final.Duration) ?? 0, statements };
}
