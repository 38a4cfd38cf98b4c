import type { Clock } from '../../../clock';
import type { SqlParameter } from './lexer';
import type { StatementRecord, StatementTarget } from './statements';
import { validation } from './wire';

/**
 * ClientToken on ExecuteStatement and BatchExecuteStatement (catalog: data_api_client_token). The
 * reference says only that it ensures "the idempotency of the request": the same token gives back
 * the statement the first call made, without running it again. How long it is remembered and what a
 * token reused with other SQL does are not documented: kept 8 hours, and other SQL (or parameters,
 * or database identity) with the same token is refused with a ValidationException, as AWS APIs that
 * document it do (IdempotentParameterMismatch). Both are assumptions, named in the catalog entry.
 */
export const CLIENT_TOKEN_MS = 8 * 60 * 60 * 1000;
const MAX_TOKEN = 64;

/** What a request with a token asks for: the same token must come with the same. */
export function requestShape(
  isBatch: boolean,
  sqls: readonly string[],
  parameters: readonly SqlParameter[] | undefined,
  target: StatementTarget,
): string {
  return JSON.stringify([isBatch, sqls, parameters ?? [], target.key, target.database, target.user]);
}

function shapeOf(record: StatementRecord): string {
  return requestShape(
    record.isBatch,
    record.runs.map((run) => run.sql),
    record.parameters,
    record.target,
  );
}

export class ClientTokens {
  private readonly tokens = new Map<string, { id: string; at: number; shape: string }>();

  constructor(private readonly clock: Clock) {}

  /**
   * The id of the statement an earlier call with this token made within 8 hours, or undefined for
   * a new request. Throws a ValidationException for a token reused with a different request.
   */
  earlier(token: string | undefined, shape: string): string | undefined {
    if (token === undefined) return undefined;
    if (token.length < 1 || token.length > MAX_TOKEN) throw validation(`ClientToken must be between 1 and ${MAX_TOKEN} characters.`);
    const earlier = this.tokens.get(token);
    if (!earlier || this.clock.now() - earlier.at > CLIENT_TOKEN_MS) return undefined;
    if (earlier.shape !== shape) {
      throw validation(`The ClientToken ${token} was already used with a different request; use a new token for a different statement.`);
    }
    return earlier.id;
  }

  remember(record: StatementRecord): void {
    if (record.clientToken !== undefined)
      this.tokens.set(record.clientToken, { id: record.id, at: record.createdAt, shape: shapeOf(record) });
  }

  forget(record: StatementRecord): void {
    if (record.clientToken !== undefined && this.tokens.get(record.clientToken)?.id === record.id) this.tokens.delete(record.clientToken);
  }
}
