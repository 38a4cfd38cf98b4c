import { SqlError } from './errors';
import { bindParameters, render, splitStatements, type SqlParameter, type Token } from './lexer';
import { analyze, vacuum, type MaintenanceContext } from './table-maintenance';
import { showModel } from './show-model';
import { alterSyslogAccess } from './syslog-access';
import { quoteIdent, timestampText } from './sql-text';
import { changesSessionIdentity } from './session-identity';
import { translate, type Translation } from './translate';
import type { Warehouse } from './warehouse';

export interface QueryColumn {
  name: string;
  typeId: number;
  /** Redshift's spelling: int4, int8, varchar, numeric, timestamp, bool… */
  typeName: string;
}

/** What one statement returned. Values keep Postgres's text form except numbers and booleans. */
export interface StatementOutcome {
  /** The command tag (SELECT, INSERT, GRANT, VACUUM…). */
  command: string;
  columns: QueryColumn[];
  rows: unknown[][];
  hasResultSet: boolean;
  /** Rows returned, or rows changed by INSERT/UPDATE/DELETE/COPY; 0 for other commands. */
  rowCount: number;
  durationMs: number;
  notices: string[];
}

const ROW_COUNT_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE', 'SELECT']);

export interface SessionSettings {
  database: string;
  user: string;
  /** The emulator's clock (ms), seen by GETDATE() and written into history rows. */
  now: number;
}

/**
 * One Data API session: every statement runs as the database user (SET ROLE over the superuser
 * connection), so Postgres checks the privileges. Each statement is translated from Redshift first.
 * Callers hold the warehouse's queue for the session's whole life.
 */
export class Session {
  readonly pid: number;
  private history: Array<{ sql: string; status: 'success' | 'failed'; error?: string; rows: number; ms: number }> = [];

  private constructor(
    private readonly warehouse: Warehouse,
    private readonly settings: SessionSettings,
    private readonly superuser: boolean,
    private readonly userId: number,
  ) {
    this.pid = warehouse.pid();
  }

  static async open(warehouse: Warehouse, settings: SessionSettings): Promise<Session> {
    if (!warehouse.databases.includes(settings.database)) {
      throw new SqlError(`FATAL: database "${settings.database}" does not exist`, '3D000');
    }
    const { db } = warehouse;
    await db.exec('RESET ROLE');
    const user = await db.query<{ oid: number; rolsuper: boolean }>(
      'SELECT oid::int AS oid, rolsuper FROM pg_roles WHERE rolname = $1 AND rolcanlogin',
      [settings.user],
    );
    const found = user.rows[0];
    if (!found) throw new SqlError(`FATAL: user "${settings.user}" does not exist`, '28000');
    await db.query(
      "SELECT set_config('search_path', '\"$user\", public, redshift_sys', false), set_config('TimeZone', 'UTC', false), " +
        "set_config('redshift.now', $1, false), set_config('redshift.database', $2, false)",
      [timestampText(settings.now), settings.database],
    );
    const session = new Session(warehouse, settings, found.rolsuper, found.oid);
    // A Data API session is a session like any other: SYS_SESSION_HISTORY shows it (active until close).
    await db.query(
      'INSERT INTO redshift_internal.session_data (process, user_name, db_name, starttime) VALUES ($1, $2, $3, $4::timestamp) ON CONFLICT DO NOTHING',
      [session.pid, settings.user, settings.database, timestampText(settings.now)],
    );
    await db.exec(`SET ROLE ${quoteIdent(settings.user)}`);
    return session;
  }

  /** Runs a script (one or more statements); the outcome is the last statement's. */
  async runScript(sql: string, parameters: readonly SqlParameter[] = []): Promise<StatementOutcome> {
    const statements = splitStatements(sql);
    if (statements.length === 0) throw new SqlError('ERROR: syntax error at end of input', '42601');
    let outcome: StatementOutcome | undefined;
    for (const statement of statements) outcome = await this.runStatement(statement, parameters);
    return outcome as StatementOutcome;
  }

  async begin(): Promise<void> {
    await this.warehouse.db.exec('BEGIN');
  }

  async commit(): Promise<void> {
    await this.warehouse.db.exec('COMMIT');
  }

  /** Ends the session: an open transaction is rolled back (as when a Data API session ends), the role reset, history written. */
  async close(): Promise<void> {
    const { db } = this.warehouse;
    if (await db.isInTransaction()) await db.exec('ROLLBACK');
    await db.exec('RESET ROLE');
    await db.query('UPDATE redshift_internal.session_data SET ended_at = coalesce(ended_at, $2::timestamp) WHERE process = $1', [
      this.pid,
      timestampText(this.settings.now),
    ]);
    await this.writeHistory();
  }

  private async runStatement(statement: Token[], parameters: readonly SqlParameter[]): Promise<StatementOutcome> {
    const text = render(statement);
    const started = performance.now();
    try {
      if (!this.superuser && changesSessionIdentity(statement)) {
        throw new SqlError('ERROR: permission denied to change the session user or role', '42501');
      }
      const translation = translate(statement);
      const outcome = await this.execute(translation, parameters);
      if (!this.superuser) await this.checkStillUser();
      outcome.durationMs = performance.now() - started;
      this.history.push({ sql: text, status: 'success', rows: outcome.rowCount, ms: outcome.durationMs });
      return outcome;
    } catch (error) {
      const failure = SqlError.from(error);
      this.history.push({ sql: text, status: 'failed', error: failure.message, rows: 0, ms: performance.now() - started });
      throw failure;
    }
  }

  private async execute(translation: Translation, parameters: readonly SqlParameter[]): Promise<StatementOutcome> {
    switch (translation.kind) {
      case 'vacuum':
        return maintenanceOutcome('VACUUM', await vacuum(this.maintenance(), translation));
      case 'analyze':
        return maintenanceOutcome('ANALYZE', await analyze(this.maintenance(), translation.table));
      case 'show-model': {
        const shown = await showModel({ ...this.maintenance(), superuser: this.superuser }, translation);
        return { command: 'SHOW', ...shown, hasResultSet: true, rowCount: shown.rows.length, durationMs: 0, notices: [] };
      }
      case 'syslog-access':
        await alterSyslogAccess({ ...this.maintenance(), superuser: this.superuser }, translation);
        return { command: 'ALTER USER', columns: [], rows: [], hasResultSet: false, rowCount: 0, durationMs: 0, notices: [] };
      case 'sql': {
        const outcome = await this.query(translation.tokens, parameters);
        const group = translation.createdGroup;
        if (group) {
          await this.asAdmin(() => this.warehouse.db.query('INSERT INTO redshift_internal.groups VALUES ($1) ON CONFLICT DO NOTHING', [group]));
        }
        return outcome;
      }
    }
  }

  private async query(tokens: Token[], parameters: readonly SqlParameter[]): Promise<StatementOutcome> {
    const bound = parameters.length > 0 ? bindParameters(tokens, parameters) : { tokens, values: [] };
    const result = await this.warehouse.db.query<unknown[]>(render(bound.tokens), bound.values, { rowMode: 'array' });
    const command = (result.command ?? '').toUpperCase();
    const columns = result.fields.map((field) => ({
      name: field.name,
      typeId: field.dataTypeID,
      typeName: this.warehouse.typeName(field.dataTypeID),
    }));
    const hasResultSet = columns.length > 0;
    const rowCount = hasResultSet
      ? result.rows.length
      : ROW_COUNT_COMMANDS.has(command)
        ? (result.rowCount ?? result.affectedRows ?? 0)
        : 0;
    return { command, columns, rows: result.rows, hasResultSet, rowCount, durationMs: 0, notices: result.notices };
  }

  /** A plain user who found a way out of her role (dynamic SQL) is put back, and the statement fails. */
  private async checkStillUser(): Promise<void> {
    const { db } = this.warehouse;
    const now = await db.query<{ user: string }>('SELECT current_user AS user');
    if (now.rows[0]?.user === this.settings.user) return;
    if (await db.isInTransaction()) await db.exec('ROLLBACK');
    await db.exec(`RESET ROLE; SET ROLE ${quoteIdent(this.settings.user)}`);
    throw new SqlError('ERROR: permission denied to change the session user or role', '42501');
  }

  private maintenance(): MaintenanceContext {
    return {
      db: this.warehouse.db,
      user: this.settings.user,
      userId: this.userId,
      database: this.settings.database,
      now: this.settings.now,
      queryId: () => this.warehouse.queryId(),
      asAdmin: (work) => this.asAdmin(work),
    };
  }

  /** Runs `work` as the superuser connection, then returns to the session's user. */
  private async asAdmin<T>(work: () => Promise<T>): Promise<T> {
    const { db } = this.warehouse;
    await db.exec('RESET ROLE');
    try {
      return await work();
    } finally {
      await db.exec(`SET ROLE ${quoteIdent(this.settings.user)}`).catch(async (error: unknown) => {
        // In a failed transaction SET is refused; the ROLLBACK in close() restores the user's role.
        if (!(await db.isInTransaction())) throw error;
      });
    }
  }

  /** SYS_QUERY_HISTORY keeps what ran, successful or not (outside any transaction, as Redshift logs it). */
  private async writeHistory(): Promise<void> {
    const entries = this.history;
    this.history = [];
    for (const entry of entries) {
      const queryId = this.warehouse.queryId();
      await this.warehouse.db.query(
        `INSERT INTO redshift_internal.sys_query_history (user_id, query_id, transaction_id, session_id, database_name, query_type, status,
           result_cache_hit, start_time, end_time, elapsed_time, queue_time, execution_time, error_message, returned_rows,
           returned_bytes, query_text)
         VALUES ($1, $2, $2, $3, $4, $5, $6, false, $7::timestamp, $7::timestamp + $8 * interval '1 microsecond', $8, 0, $8, $9, $10, 0, $11)`,
        [
          this.userId,
          queryId,
          this.pid,
          this.settings.database,
          queryType(entry.sql),
          entry.status,
          timestampText(this.settings.now),
          Math.round(entry.ms * 1000),
          entry.error ?? null,
          entry.rows,
          entry.sql.slice(0, 4000),
        ],
      );
    }
  }
}

function maintenanceOutcome(command: string, notices: string[]): StatementOutcome {
  return { command, columns: [], rows: [], hasResultSet: false, rowCount: 0, durationMs: 0, notices };
}

function queryType(sql: string): string {
  const first = (/^\s*(\w+)/.exec(sql)?.[1] ?? '').toUpperCase();
  if (['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'COPY', 'UNLOAD'].includes(first)) return first;
  if (['CREATE', 'ALTER', 'DROP', 'GRANT', 'REVOKE', 'TRUNCATE'].includes(first)) return 'DDL';
  return 'UTILITY';
}
