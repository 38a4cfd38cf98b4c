import { SqlError } from './errors';
import { vacuumEffect, type TableHealth } from './maintenance';
import type { PgWorker } from './pg-worker';
import { quoteIdent, timestampText } from './sql-text';
import type { Translation } from './translate';

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
 * and SYS_VACUUM_HISTORY gets a row. Returns the notices.
 */
export async function vacuum(context: MaintenanceContext, translation: Extract<Translation, { kind: 'vacuum' }>): Promise<string[]> {
  const { db } = context;
  if (await db.isInTransaction()) throw new SqlError('ERROR: VACUUM cannot run inside a transaction block', '25001');
  const tables = await maintainable(context, translation.table);
  await context.asAdmin(async () => {
    for (const table of tables.filter((t) => t.allowed)) {
      await db.exec(`VACUUM ${quoteIdent(table.schema)}.${quoteIdent(table.name)}`);
      const before = await health(db, table.oid);
      const effect = vacuumEffect(before, translation.mode, translation.toPercent, translation.boost);
      await saveHealth(db, table.oid, effect.after);
      await db.query(
        `INSERT INTO redshift_sys.sys_vacuum_history (user_id, transaction_id, query_id, database_name, schema_name, table_name,
           table_id, vacuum_type, is_automatic, status, start_time, end_time, duration, rows_before_vacuum, size_before_vacuum,
           reclaimable_rows, reclaimed_rows, reclaimed_blocks, sortedrows_before_vacuum, sortedrows_after_vacuum)
         VALUES ($1, $2, $2, $3, $4, $5, $6, $7, false, 'Finished', $8::timestamp,
           $8::timestamp + $9 * interval '1 microsecond', $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          context.userId,
          context.queryId(),
          context.database,
          table.schema,
          table.name,
          table.oid,
          translation.mode,
          timestampText(context.now),
          effect.durationMicros,
          before.tblRows,
          before.size,
          Math.max(0, before.tblRows - before.visibleRows),
          effect.reclaimedRows,
          effect.reclaimedBlocks,
          Math.round(before.tblRows * (1 - (before.unsorted ?? 0) / 100)),
          Math.round(effect.after.tblRows * (1 - (effect.after.unsorted ?? 0) / 100)),
        ],
      );
    }
  });
  return tables.filter((t) => !t.allowed).map((t) => `skipping "${t.name}" --- only table or database owner can vacuum it`);
}

/** ANALYZE: the owner or a superuser refreshes the statistics (stats_off -> 0); anyone else is skipped, as in Postgres. */
export async function analyze(context: MaintenanceContext, table: string | undefined): Promise<string[]> {
  const { db } = context;
  const tables = await maintainable(context, table);
  await context.asAdmin(async () => {
    for (const target of tables.filter((t) => t.allowed)) {
      await db.exec(`ANALYZE ${quoteIdent(target.schema)}.${quoteIdent(target.name)}`);
      await saveHealth(db, target.oid, { ...(await health(db, target.oid)), statsOff: 0 });
    }
  });
  return tables.filter((t) => !t.allowed).map((t) => `skipping "${t.name}" --- only table or database owner can analyze it`);
}

/** The tables a VACUUM/ANALYZE names (or all user tables), and whether this user may maintain each. */
async function maintainable(context: MaintenanceContext, table: string | undefined): Promise<MaintainableTable[]> {
  const found = await context.asAdmin(() =>
    context.db.query<MaintainableTable>(
      `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name,
              (pg_has_role($2, c.relowner, 'USAGE') OR (SELECT rolsuper FROM pg_roles WHERE rolname = $2)) AS allowed
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND CASE WHEN $1::text IS NULL
         THEN n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('information_schema', 'redshift_sys')
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
     FROM redshift_sys.svv_table_info WHERE table_id = $1`,
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
    `INSERT INTO redshift_sys.table_stats
       (table_id, size, pct_used, unsorted, stats_off, tbl_rows, estimated_visible_rows, vacuum_sort_benefit, diststyle)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'AUTO(EVEN)')
     ON CONFLICT (table_id) DO UPDATE SET size = EXCLUDED.size, pct_used = EXCLUDED.pct_used, unsorted = EXCLUDED.unsorted,
       stats_off = EXCLUDED.stats_off, tbl_rows = EXCLUDED.tbl_rows, estimated_visible_rows = EXCLUDED.estimated_visible_rows,
       vacuum_sort_benefit = EXCLUDED.vacuum_sort_benefit`,
    [oid, table.size, table.pctUsed, table.unsorted, table.statsOff, table.tblRows, table.visibleRows, table.vacuumSortBenefit],
  );
}
