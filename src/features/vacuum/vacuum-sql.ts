import type { CellValue, Row } from '../../redshift/data-api';
import { qualifiedName, statement, type SqlStatement } from '../../redshift/sql';
import type { TableHealth, VacuumMode, VacuumThresholds } from './advisor';

/**
 * The SQL the VACUUM feature sends. Table names go through redshift/sql's quoter; values are Data
 * API parameters. Reports filter, rank and limit in SQL, so the rows read stay flat however many
 * tables the warehouse holds.
 */

const HEALTH_COLUMNS = `t."schema" AS schema_name, t."table" AS table_name, t.table_id, t.size, t.unsorted, t.stats_off,
  t.tbl_rows, t.estimated_visible_rows, t.vacuum_sort_benefit, h.last_vacuum`;

/**
 * SYS_VACUUM_HISTORY's status is the activity of the VACUUM (Initialize, Sort, Merge, Delete, Select,
 * Failed, Complete, Skipped, Building INTERLEAVED SORTKEY order), so one VACUUM may leave several
 * rows; only `Complete` says it ran to the end. The column is `character`: compare trimmed and
 * lower-cased. https://docs.aws.amazon.com/redshift/latest/dg/SYS_VACUUM_HISTORY.html
 */
export const VACUUM_COMPLETE = 'complete';
const FINAL_STATUSES = `('complete', 'failed', 'skipped')`;

const LAST_VACUUM = `LEFT JOIN (
  SELECT table_id, MAX(end_time) AS last_vacuum FROM sys_vacuum_history
  WHERE LOWER(TRIM(status)) = '${VACUUM_COMPLETE}' GROUP BY table_id
) h ON h.table_id = t.table_id`;

const DELETED_PCT = `CASE WHEN t.tbl_rows > 0 THEN (t.tbl_rows - t.estimated_visible_rows) * 100.0 / t.tbl_rows ELSE 0 END`;

/**
 * Tables over any threshold, ordered by the advisor's benefitScore (same formula), at most `limit`.
 * `limit` is a whole number the bot computes (never user text), so it is written into the SQL:
 * Redshift does not take a parameter in LIMIT.
 */
export function candidatesStatement(t: VacuumThresholds, limit: number): SqlStatement {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`candidate limit must be a positive whole number, not ${limit}`);
  const sortPart = `CASE WHEN t.unsorted > CAST(:unsorted AS FLOAT8) THEN COALESCE(t.vacuum_sort_benefit, t.unsorted) ELSE 0 END`;
  const deletedPart = `CASE WHEN ${DELETED_PCT} > CAST(:deleted AS FLOAT8) THEN ${DELETED_PCT} ELSE 0 END`;
  const statsPart = `CASE WHEN t.stats_off > CAST(:stats_off AS FLOAT8) THEN t.stats_off / 4.0 ELSE 0 END`;
  return statement(
    `SELECT ${HEALTH_COLUMNS}
FROM svv_table_info t
${LAST_VACUUM}
WHERE t.unsorted > CAST(:unsorted AS FLOAT8) OR t.stats_off > CAST(:stats_off AS FLOAT8) OR ${DELETED_PCT} > CAST(:deleted AS FLOAT8)
ORDER BY (${sortPart} + ${deletedPart} + ${statsPart}) * LOG(10 + t.size) DESC, 1, 2
LIMIT ${limit}`,
    { unsorted: String(t.unsortedPct), stats_off: String(t.statsOffPct), deleted: String(100 - t.toPercent) },
  );
}

/** One table's health, by name. */
export function tableHealthStatement(schema: string, table: string): SqlStatement {
  // Validated here too, although the values travel as parameters: a name Redshift could not hold is refused early.
  qualifiedName(schema, table);
  return statement(`SELECT ${HEALTH_COLUMNS}\nFROM svv_table_info t\n${LAST_VACUUM}\nWHERE t."schema" = :schema AND t."table" = :table`, {
    schema: schema.toLowerCase(),
    table: table.toLowerCase(),
  });
}

/** `VACUUM SORT ONLY "s"."t" TO 95 PERCENT`: never inside a transaction, so always sent alone. */
export function vacuumStatement(schema: string, table: string, mode: VacuumMode, toPercent: number): SqlStatement {
  if (!Number.isInteger(toPercent) || toPercent < 1 || toPercent > 100) throw new Error(`TO n PERCENT takes 1-100, not ${toPercent}`);
  const kind = mode === 'FULL' ? 'FULL ' : `${mode} `;
  return statement(`VACUUM ${kind}${qualifiedName(schema, table)} TO ${toPercent} PERCENT`);
}

export function analyzeStatement(schema: string, table: string): SqlStatement {
  return statement(`ANALYZE ${qualifiedName(schema, table)}`);
}

/**
 * How many VACUUMs of this table are on record, whatever their end: each table is vacuumed in a
 * transaction of its own, so distinct transactions count VACUUMs, not their phase rows.
 */
export function historyCountStatement(tableId: number): SqlStatement {
  return statement(`SELECT COUNT(DISTINCT transaction_id) AS runs FROM sys_vacuum_history WHERE table_id = CAST(:table_id AS INTEGER)`, {
    table_id: String(tableId),
  });
}

/**
 * The final row of this table's latest VACUUM: the latest started (one transaction per table), then
 * its final status (Complete, Failed, Skipped) before the activities that led to it.
 */
export function lastVacuumStatement(tableId: number): SqlStatement {
  return statement(
    `SELECT vacuum_type, status, reclaimed_rows, reclaimed_blocks
FROM sys_vacuum_history WHERE table_id = CAST(:table_id AS INTEGER)
ORDER BY start_time DESC, transaction_id DESC, CASE WHEN LOWER(TRIM(status)) IN ${FINAL_STATUSES} THEN 0 ELSE 1 END, record_time DESC LIMIT 1`,
    { table_id: String(tableId) },
  );
}

/** How many ANALYZE records SYS_ANALYZE_HISTORY holds for this table (superusers only see any). */
export function analyzeCountStatement(tableId: number): SqlStatement {
  return statement(`SELECT COUNT(*) AS runs FROM sys_analyze_history WHERE table_id = CAST(:table_id AS INTEGER)`, {
    table_id: String(tableId),
  });
}

/**
 * This table's latest ANALYZE record: status Full, Skipped or PredicateColumn, with the rows changed
 * since the previous ANALYZE and the threshold in force.
 * https://docs.aws.amazon.com/redshift/latest/dg/SYS_ANALYZE_HISTORY.html
 */
export function lastAnalyzeStatement(tableId: number): SqlStatement {
  return statement(
    `SELECT status, "rows", modified_rows, analyze_threshold_percent
FROM sys_analyze_history WHERE table_id = CAST(:table_id AS INTEGER) ORDER BY start_time DESC, end_time DESC LIMIT 1`,
    { table_id: String(tableId) },
  );
}

/**
 * A table's id from the PostgreSQL catalog, which Redshift makes accessible to every user
 * (https://docs.aws.amazon.com/redshift/latest/dg/c_intro_catalog_views.html): used when
 * SVV_TABLE_INFO shows the bot's identity nothing.
 */
export function tableIdentityStatement(schema: string, table: string): SqlStatement {
  qualifiedName(schema, table);
  return statement(
    `SELECT c.oid AS table_id, n.nspname AS schema_name, c.relname AS table_name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = :schema AND c.relname = :table AND c.relkind = 'r'`,
    { schema: schema.toLowerCase(), table: table.toLowerCase() },
  );
}

/** SVV_VACUUM_PROGRESS exists on provisioned clusters only and shows superusers alone anything. */
export function progressStatement(): SqlStatement {
  return statement(`SELECT table_name, status, time_remaining_estimate FROM svv_vacuum_progress`);
}

function num(value: CellValue | undefined): number {
  const n = typeof value === 'number' ? value : Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function optionalNum(value: CellValue | undefined): number | null {
  return value === null || value === undefined ? null : num(value);
}

/** `2026-11-25 10:00:00[.ffffff]` (UTC, as Redshift returns timestamps) -> epoch ms. */
export function utcMs(value: CellValue | undefined): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(`${value.trim().replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}`);
  return Number.isNaN(ms) ? undefined : ms;
}

export function healthFromRow(row: Row): TableHealth {
  const lastVacuumAt = utcMs(row.last_vacuum);
  return {
    schema: String(row.schema_name ?? '').trim(),
    table: String(row.table_name ?? '').trim(),
    tableId: num(row.table_id),
    sizeMb: num(row.size),
    unsorted: optionalNum(row.unsorted),
    statsOff: num(row.stats_off),
    tblRows: num(row.tbl_rows),
    visibleRows: num(row.estimated_visible_rows),
    vacuumSortBenefit: optionalNum(row.vacuum_sort_benefit),
    ...(lastVacuumAt !== undefined ? { lastVacuumAt } : {}),
  };
}

export { num as numberCell };
