import type { ChatopsConfig } from '../../config/chatops';
import { statement } from '../../redshift/sql';
import type { SqlRunner } from '../../redshift/sql-runner';
import type { DatabaseHost } from '../aws/data/host';
import type { SqlAnswer, SqlRequest, SqlTarget } from './types';

export interface SqlPanelPorts {
  config: ChatopsConfig;
  /** The bot's own Data API port: provisioned targets run as DbUser through it, as a person's client would. */
  sql: SqlRunner;
  /** Serverless has no DbUser in the Data API, so the panel runs there straight on the emulator's database. */
  databases: DatabaseHost;
}

export function sqlTargets(config: ChatopsConfig): SqlTarget[] {
  return Object.entries(config.targets).map(([name, target]) => ({ name, kind: target.kind, database: target.database }));
}

/** Runs the panel's SQL as the chosen database user; a refusal is an answer, not an error. */
export async function runPanelSql(ports: SqlPanelPorts, request: SqlRequest): Promise<SqlAnswer> {
  const target = ports.config.targets[request.target];
  if (target === undefined) return { ok: false, error: `no target named ${request.target}` };
  if (!/^[a-z_][a-z0-9_$]*$/.test(request.dbUser)) return { ok: false, error: 'the database user is a lower-case name' };
  try {
    if (target.kind === 'provisioned') {
      const result = await ports.sql.execute(target, statement(request.sql), { dbUser: request.dbUser });
      const columns = result.columns.map((column) => column.name);
      return { ok: true, command: result.hasResultSet ? 'SELECT' : 'OK', columns, rows: result.rows.map((row) => columns.map((name) => cell(row[name]))), rowCount: result.hasResultSet ? result.totalRows : (result.affectedRows ?? 0) };
    }
    const outcome = await ports.databases.run(`namespace/${target.namespace}`, target.database, request.dbUser, request.sql);
    return { ok: true, command: outcome.command, columns: outcome.columns.map((column) => column.name), rows: outcome.rows.map((row) => row.map(cell)), rowCount: outcome.rowCount };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
