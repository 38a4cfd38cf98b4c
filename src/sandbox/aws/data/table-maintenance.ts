import { SqlError } from './errors';
import {
  analyzeDecision,
  DEFAULT_ANALYZE_THRESHOLD_PERCENT,
  vacuumEffect,
  vacuumPhases,
  vacuumType,
  type TableHealth,
} from './maintenance';
import type { PgWorker } from './pg-worker';
import { quoteIdent, timestampText } from './sql-text';
import type { VacuumTranslation } from './maintenance-sql';

/** What VACUUM and ANALYZE need from the session that runs them. */
export interface MaintenanceContext {
  db: PgWorker;
  user: string;
  userId: number;
  database: string;
  /** The emulator's clock (ms). */
  now: number;
  queryId(): number;
  /** Runs `work` as the superuser connection, then returns to the session's user. */
  asAdmin<T>(work: () => Promise<T>): Promise<T>;
}

interface MaintainableTable {
  oid: number;
  schema: string;
  name: string;
  allowed: boolean;
}

/**
 * Redshift's VACUUM: only the owner or a superuser vacuums a table; anyone else "succeeds"
 * without effect. A real VACUUM runs, then the table's statistics change as Redshift's would
 * and SYS_VACUUM_HISTORY gets the VACUUM's activity rows. Returns the notices.
 */
export async function vacuum(context: MaintenanceContext, translation: VacuumTranslation): Promise<string[]> {
  const { db } = context;
  if (await db.isInTransaction()) throw new SqlError('ERROR: VACUUM cannot run inside a transaction block', '25001');
  const tables = await maintainable(context, translation.table);
  await context.asAdmin(async () => {
    for (const table of tables.filter((t) => t.allowed)) {
      await db.exec(`VACUUM ${quoteIdent(table.schema)}.${quoteIdent(table.name)}`);
      const before = await health(db, table.oid);
      const effect = vacuumEffect(before, translation.mode, translation.toPercent, translation.boost);
      await saveHealth(db, table.oid, effect.after);
      // Each table is vacuumed in a transaction of its own.
      const transactionId = context.queryId();
      const queryId = context.queryId();
      for (const phase of vacuumPhases(effect)) {
        // Only the final row has an end time, a duration and what was reclaimed: before it, the VACUUM is in progress.
        const done = phase.status === 'Complete';
        await db.query(
          `INSERT INTO redshift_internal.sys_vacuum_history (user_id, transaction_id, query_id, database_name, schema_name, table_name,
             table_id, vacuum_type, is_automatic, status, start_time, end_time, record_time, duration, rows_before_vacuum,
             size_before_vacuum, reclaimable_rows, reclaimed_rows, reclaimed_blocks, sortedrows_before_vacuum, sortedrows_after_vacuum)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, $9, $10::timestamp,
             $11::timestamp + $12::bigint * interval '1 microsecond', $10::timestamp + $13::bigint * interval '1 microsecond',
             $12::bigint, $14, $15, $16, $17, $18, $19, $20)`,
          [
            context.userId,
            transactionId,
            queryId,
            context.database,
            table.schema,
            table.name,
            table.oid,
            vacuumType(translation.mode),
            phase.status,
            timestampText(context.now),
            done ? timestampText(context.now) : null,
            done ? effect.durationMicros : null,
            phase.atMicros,
            before.tblRows,
            before.size,
            Math.max(0, before.tblRows - before.visibleRows),
            done ? effect.reclaimedRows : null,
            done ? effect.reclaimedBlocks : null,
            Math.round(before.tblRows * (1 - (before.unsorted ?? 0) / 100)),
            done ? Math.round(effect.after.tblRows * (1 - (effect.after.unsorted ?? 0) / 100)) : null,
          ],
        );
      }
    }
  });
  return tables.filter((t) => !t.allowed).map((t) => `skipping "${t.name}" --- only table or database owner can vacuum it`);
}

/**
 * ANALYZE: the owner or a superuser analyzes the table unless fewer rows changed than
 * analyze_threshold_percent (then it is skipped); either way SYS_ANALYZE_HISTORY gets a row with
 * status Full or Skipped. Anyone else is skipped with a notice, as in Postgres; whether Redshift
 * records that is not documented, so no row is written for it.
 */
export async function analyze(context: MaintenanceContext, table: string | undefined): Promise<string[]> {
  const { db } = context;
  const tables = await maintainable(context, table);
  const threshold = await thresholdPercent(db);
  await context.asAdmin(async () => {
    for (const target of tables.filter((t) => t.allowed)) {
      const before = await health(db, target.oid);
      const decision = analyzeDecision(before, threshold);
      if (decision.status === 'Full') {
        await db.exec(`ANALYZE ${quoteIdent(target.schema)}.${quoteIdent(target.name)}`);
        await saveHealth(db, target.oid, { ...before, statsOff: 0 });
      }
      await db.query(
        `INSERT INTO redshift_internal.sys_analyze_history (user_id, transaction_id, database_name, table_name, table_id, is_automatic,
           status, start_time, end_time, "rows", modified_rows, analyze_threshold_percent, last_analyze_time)
         VALUES ($1, $2, $3, $4, $5, 'f', $6, $7::timestamp, $7::timestamp, $8, $9, $10,
           (SELECT max(start_time) FROM redshift_internal.sys_analyze_history WHERE table_id = $5 AND trim(status) <> 'Skipped'))`,
        [
          context.userId,
          context.queryId(),
          context.database,
          target.name,
          target.oid,
          decision.status,
          timestampText(context.now),
          before.tblRows,
          decision.modifiedRows,
          Math.round(threshold),
        ],
      );
    }
  });
  return tables.filter((t) => !t.allowed).map((t) => `skipping "${t.name}" --- only table or database owner can analyze it`);
}

/** The session's analyze_threshold_percent (kept as redshift.analyze_threshold_percent), else Redshift's default. */
async function thresholdPercent(db: PgWorker): Promise<number> {
  const found = await db.query<{ value: string | null }>(`SELECT current_setting('redshift.analyze_threshold_percent', true) AS value`);
  const value = Number(found.rows[0]?.value ?? '');
  return found.rows[0]?.value && Number.isFinite(value) && value >= 0 && value <= 100 ? value : DEFAULT_ANALYZE_THRESHOLD_PERCENT;
}

/** The tables a VACUUM/ANALYZE names (or all user tables), and whether this user may maintain each. */
async function maintainable(context: MaintenanceContext, table: string | undefined): Promise<MaintainableTable[]> {
  const found = await context.asAdmin(() =>
    context.db.query<MaintainableTable>(
      `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name,
              (pg_has_role($2, c.relowner, 'USAGE') OR (SELECT rolsuper FROM pg_roles WHERE rolname = $2)) AS allowed
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND CASE WHEN $1::text IS NULL
         THEN n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('information_schema', 'redshift_sys', 'redshift_internal')
         ELSE c.oid = to_regclass($1::text) END
       ORDER BY 2, 3`,
      [table ?? null, context.user],
    ),
  );
  if (table !== undefined && found.rows.length === 0) throw new SqlError(`ERROR: relation "${table}" does not exist`, '42P01');
  return found.rows;
}

async function health(db: PgWorker, oid: number): Promise<TableHealth> {
  const result = await db.query<Record<string, string | null>>(
    `SELECT size::text, pct_used::text, unsorted::text, stats_off::text, tbl_rows::text, estimated_visible_rows::text,
            vacuum_sort_benefit::text
     FROM redshift_internal.svv_table_info WHERE table_id = $1`,
    [oid],
  );
  const row = result.rows[0] ?? {};
  const num = (value: string | null | undefined): number => Number(value ?? 0);
  const optional = (value: string | null | undefined): number | null => (value === null || value === undefined ? null : Number(value));
  return {
    size: num(row.size),
    pctUsed: num(row.pct_used),
    unsorted: optional(row.unsorted),
    statsOff: num(row.stats_off),
    tblRows: num(row.tbl_rows),
    visibleRows: num(row.estimated_visible_rows),
    vacuumSortBenefit: optional(row.vacuum_sort_benefit),
  };
}

async function saveHealth(db: PgWorker, oid: number, table: TableHealth): Promise<void> {
  await db.query(
    `INSERT INTO redshift_internal.table_stats
       (table_id, size, pct_used, unsorted, stats_off, tbl_rows, estimated_visible_rows, vacuum_sort_benefit, diststyle)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'AUTO(EVEN)')
     ON CONFLICT (table_id) DO UPDATE SET size = EXCLUDED.size, pct_used = EXCLUDED.pct_used, unsorted = EXCLUDED.unsorted,
       stats_off = EXCLUDED.stats_off, tbl_rows = EXCLUDED.tbl_rows, estimated_visible_rows = EXCLUDED.estimated_visible_rows,
       vacuum_sort_benefit = EXCLUDED.vacuum_sort_benefit`,
    [oid, table.size, table.pctUsed, table.unsorted, table.statsOff, table.tblRows, table.visibleRows, table.vacuumSortBenefit],
  );
}
