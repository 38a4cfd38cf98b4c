import { crashPoint } from '../../crash-point';
import type { StatementResult } from '../../redshift/data-api';
import { StatementAbortedError, StatementFailedError, StatementTimeoutError } from '../../redshift/data/errors';
import type { SqlStatement } from '../../redshift/sql';
import { failureRecord } from '../shared/failure';
import type { WorkContext } from '../types';

/** Which step of a grant's life a statement is. */
export type SqlPhase = 'grant' | 'verify' | 'revoke' | 'verify-revoke' | 'end-sessions';

/** How long one access statement is waited for; they are tiny, and the revoke lease must outlast three. */
export const STATEMENT_TIMEOUT_MS = 2 * 60_000;

export interface AuditedStatement {
  phase: SqlPhase;
  statement: SqlStatement;
  target: string;
  grantId: string;
  actor: string;
  /** Data API ClientToken (client-token.ts): only on statements that change something. */
  clientToken?: string;
}

/** The Data API statement id of a failure, when it got that far. */
export function statementIdOf(error: unknown): string | undefined {
  if (error instanceof StatementFailedError || error instanceof StatementAbortedError || error instanceof StatementTimeoutError) {
    return error.statementId;
  }
  return undefined;
}

/**
 * Runs one statement on the target through the Data API and writes an `access.sql` audit record
 * with its statement id, whether it succeeded or not.
 */
export async function runAudited(context: Pick<WorkContext, 'config' | 'sql' | 'store'>, run: AuditedStatement): Promise<StatementResult> {
  const target = context.config.targets[run.target];
  const input = {
    phase: run.phase,
    grantId: run.grantId,
    sql: run.statement.sql,
    parameters: run.statement.parameters,
    ...(run.clientToken ? { clientToken: run.clientToken } : {}),
  };
  if (!target) {
    const error = new Error(`target ${run.target} is no longer in chatops.yml; put it back so the grant can be ${run.phase === 'grant' ? 'made' : 'undone'}`);
    await context.store.appendAudit({ actor: run.actor, action: 'access.sql', target: run.target, input, result: failureRecord(error) });
    throw error;
  }
  let submittedId: string | undefined;
  try {
    crashPoint(`before-sql:${run.phase}`);
    const result = await context.sql.execute(target, run.statement, {
      timeoutMs: STATEMENT_TIMEOUT_MS,
      clientToken: run.clientToken,
      onSubmit: (submitted) => {
        submittedId = submitted.id;
      },
    });
    crashPoint(`after-sql:${run.phase}`);
    await context.store.appendAudit({
      actor: run.actor,
      action: 'access.sql',
      target: run.target,
      input,
      result: { statementId: result.id, rows: result.totalRows },
    });
    return result;
  } catch (error) {
    await context.store.appendAudit({
      actor: run.actor,
      action: 'access.sql',
      target: run.target,
      input,
      result: { ...failureRecord(error), statementId: statementIdOf(error) ?? submittedId },
    });
    throw error;
  }
}
