import { quoteIdentifier, statement, type SqlStatement } from '../../redshift/sql';
import { timestampParam } from './rows';

/**
 * The cost report's SQL (pure builders). Everything is aggregated in the warehouse (GROUP BY, top N
 * with LIMIT), so the bot reads a few dozen rows however many queries the warehouse ran. Times travel
 * as Data API parameters; the only constants are the ones below. Every statement runs in Redshift and
 * in the emulator (PGlite) alike: date_trunc, to_char, greatest, ceil, CAST and window sums only.
 */

/** How many users and queries a report names. */
export const TOP_N = 5;
/** How many ML models a report lists; each costs one SHOW MODEL statement. */
export const MAX_MODELS = 10;
/** Query text is cut to this many characters in the SQL, so a huge statement never travels. */
export const QUERY_TEXT_CHARS = 160;

/** The bot's own statements are not "user queries" (idle detection, top users). */
const NOT_THE_BOT = `user_id > 1 AND user_id NOT IN (SELECT usesysid FROM pg_user WHERE usename = current_user)`;

const window = (from: number, to: number) => ({ since: timestampParam(from), until: timestampParam(to) });

/** Spectrum per query (provisioned): billed MB rounded up, 10 MB minimum, failed (aborted) queries free. */
const SPECTRUM_PER_QUERY = `
  SELECT query, userid, min(starttime) AS starttime, sum(s3_scanned_bytes) AS scanned_bytes,
         max(external_table_name) AS external_table,
         CASE WHEN max(aborted) > 0 THEN 0 ELSE greatest(10, ceil(sum(s3_scanned_bytes) / 1000000.0)) END AS billed_mb
  FROM svl_s3query_summary
  WHERE starttime >= CAST(:since AS timestamp) AND starttime < CAST(:until AS timestamp)
  GROUP BY query, userid`;

/** One row per UTC day: Spectrum queries, bytes scanned and MB billed. */
export function spectrumDaily(from: number, to: number): SqlStatement {
  return statement(
    `SELECT to_char(date_trunc('day', q.starttime), 'YYYY-MM-DD') AS day, count(*) AS queries,
            sum(q.scanned_bytes) AS scanned_bytes, sum(q.billed_mb) AS billed_mb
     FROM (${SPECTRUM_PER_QUERY}) q
     GROUP BY 1 ORDER BY 1`,
    window(from, to),
  );
}

/** The users whose Spectrum scans cost most in the window. */
export function spectrumTopUsers(from: number, to: number): SqlStatement {
  return statement(
    `SELECT coalesce(u.usename, 'user ' || CAST(q.userid AS varchar)) AS user_name, count(*) AS queries,
            sum(q.scanned_bytes) AS scanned_bytes, sum(q.billed_mb) AS billed_mb
     FROM (${SPECTRUM_PER_QUERY}) q LEFT JOIN pg_user u ON u.usesysid = q.userid
     GROUP BY 1 ORDER BY billed_mb DESC, user_name LIMIT ${TOP_N}`,
    window(from, to),
  );
}

/** The Spectrum queries that cost most in the window. */
export function spectrumTopQueries(from: number, to: number): SqlStatement {
  return statement(
    `SELECT q.query AS query_id, coalesce(u.usename, 'user ' || CAST(q.userid AS varchar)) AS user_name,
            to_char(q.starttime, 'YYYY-MM-DD HH24:MI') AS started, q.scanned_bytes, q.billed_mb, q.external_table AS what
     FROM (${SPECTRUM_PER_QUERY}) q LEFT JOIN pg_user u ON u.usesysid = q.userid
     ORDER BY q.billed_mb DESC, q.query LIMIT ${TOP_N}`,
    window(from, to),
  );
}

/**
 * One row per UTC day: RPU-seconds charged (SYS_SERVERLESS_USAGE already holds the 60 s minimum) and
 * the day's mean of data_storage, the managed storage in MB each 1-minute row reports.
 */
export function serverlessDaily(from: number, to: number): SqlStatement {
  return statement(
    `SELECT to_char(date_trunc('day', start_time), 'YYYY-MM-DD') AS day, sum(charged_seconds) AS rpu_seconds,
            avg(CAST(data_storage AS float8)) AS storage_mb
     FROM sys_serverless_usage
     WHERE start_time >= CAST(:since AS timestamp) AND start_time < CAST(:until AS timestamp)
     GROUP BY 1 ORDER BY 1`,
    window(from, to),
  );
}

/** Users by execution time, with the window's total so each user's share of the RPU bill follows. */
export function executionTopUsers(from: number, to: number): SqlStatement {
  return statement(
    `SELECT coalesce(u.usename, 'user ' || CAST(h.user_id AS varchar)) AS user_name, count(*) AS queries,
            sum(h.execution_time) AS execution_us, sum(sum(h.execution_time)) OVER () AS total_us
     FROM sys_query_history h LEFT JOIN pg_user u ON u.usesysid = h.user_id
     WHERE h.start_time >= CAST(:since AS timestamp) AND h.start_time < CAST(:until AS timestamp) AND h.${NOT_THE_BOT}
     GROUP BY 1 ORDER BY execution_us DESC, user_name LIMIT ${TOP_N}`,
    window(from, to),
  );
}

/** The longest-running queries of the window (their RPU time). */
export function executionTopQueries(from: number, to: number): SqlStatement {
  return statement(
    `SELECT h.query_id, coalesce(u.usename, 'user ' || CAST(h.user_id AS varchar)) AS user_name,
            to_char(h.start_time, 'YYYY-MM-DD HH24:MI') AS started, h.execution_time AS execution_us,
            left(h.query_text, ${QUERY_TEXT_CHARS}) AS what
     FROM sys_query_history h LEFT JOIN pg_user u ON u.usesysid = h.user_id
     WHERE h.start_time >= CAST(:since AS timestamp) AND h.start_time < CAST(:until AS timestamp) AND h.${NOT_THE_BOT}
     ORDER BY h.execution_time DESC, h.query_id LIMIT ${TOP_N}`,
    window(from, to),
  );
}

/** When someone other than the bot last ran a query (idle detection); one row. */
export function lastUserQuery(): SqlStatement {
  return statement(`SELECT to_char(max(start_time), 'YYYY-MM-DD HH24:MI:SS') AS last_query FROM sys_query_history WHERE ${NOT_THE_BOT}`);
}

/**
 * The ML models (SVV_ML_MODEL_INFO exists on clusters and workgroups; STV_ML_MODEL_INFO is
 * provisioned-only and neither holds cells, costs or dates), with how many there are in all.
 */
export function mlModels(): SqlStatement {
  return statement(
    `SELECT TRIM(schema_name) AS schema_name, TRIM(model_name) AS model_name, TRIM(model_state) AS model_state,
            TRIM(user_name) AS user_name, count(*) OVER () AS total
     FROM svv_ml_model_info
     ORDER BY 1, 2 LIMIT ${MAX_MODELS}`,
  );
}

/** One model's key/value rows (Estimated Cost, Creation Time, Function Name, …); names are quoted, never spliced raw. */
export function showModel(schema: string, model: string): SqlStatement {
  return statement(`SHOW MODEL ${quoteIdentifier(schema, 'schema')}.${quoteIdentifier(model, 'table')}`);
}

/**
 * When a query other than the bot's last called each prediction function (a model is used through
 * its function, never by its own name); one statement for all the models, names as parameters.
 */
export function functionsLastUsed(functionNames: readonly string[]): SqlStatement | undefined {
  if (functionNames.length === 0) return undefined;
  const names = functionNames.map((_, index) => `SELECT CAST(:f${index} AS varchar(128)) AS name`).join(' UNION ALL ');
  return statement(
    `SELECT f.name, (SELECT to_char(max(h.start_time), 'YYYY-MM-DD HH24:MI:SS') FROM sys_query_history h
              WHERE h.${NOT_THE_BOT} AND strpos(lower(h.query_text), lower(f.name)) > 0) AS last_used
     FROM (${names}) f`,
    Object.fromEntries(functionNames.map((name, index) => [`f${index}`, name])),
  );
}

/** What the cluster stores (1 MB blocks): what keeps billing while it is paused; one row. */
export function storedMb(): SqlStatement {
  return statement(`SELECT coalesce(sum(size), 0) AS mb FROM svv_table_info`);
}
