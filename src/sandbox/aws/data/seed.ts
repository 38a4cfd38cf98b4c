import { timestampText } from './sql-text';
import { ADMIN_USER, type WarehouseKind } from './system';

/**
 * The standard seed the sandbox and the tests start from: users, schemas, roles holding the grants
 * of the permission layout in grantsSql, tables with deterministic rows, and the statistics and
 * history that make the cost and VACUUM reports non-trivial. Time-based rows are relative to `now` (the host's
 * clock at seed time). One script, run in one exec.
 */

export function standardSeedSql(now: number, kind: WarehouseKind, database: string): string {
  const at = timestampLiteral(now);
  return [
    objectsSql(at),
    grantsSql(),
    statsSql(at),
    historySql(at, database),
    modelSql(at, kind, database),
    kind === 'cluster' ? spectrumSql(at) : usageSql(at),
  ].join('\n');
}

/** `TIMESTAMP 'YYYY-MM-DD HH:MM:SS'` in UTC, as Redshift stores timestamps. */
function timestampLiteral(ms: number): string {
  return `TIMESTAMP '${timestampText(ms)}'`;
}

function objectsSql(at: string): string {
  return String.raw`
CREATE ROLE alice LOGIN; CREATE ROLE bob LOGIN; CREATE ROLE carol LOGIN;
CREATE ROLE analytics_authors; CREATE ROLE analytics_users; CREATE ROLE pii_users;
SET ROLE ${ADMIN_USER};
CREATE SCHEMA raw_data; CREATE SCHEMA analytics; CREATE SCHEMA adhoc; CREATE SCHEMA pii;

CREATE TABLE raw_data.user_session_channel (userid integer NOT NULL, sessionid varchar(32) NOT NULL, channel varchar(32) NOT NULL);
INSERT INTO raw_data.user_session_channel
  SELECT 1 + (g * 37) % 150, 'S' || lpad(g::text, 6, '0'),
         (ARRAY['organic', 'paid_search', 'email', 'social', 'referral', 'display'])[1 + (g * 7) % 6]
  FROM generate_series(1, 300) g;

CREATE TABLE analytics.sessions (
  session_id varchar(32) NOT NULL, user_id integer NOT NULL, channel varchar(32) NOT NULL,
  started_at timestamp NOT NULL, duration_seconds integer NOT NULL, pages integer NOT NULL);
INSERT INTO analytics.sessions
  SELECT 'S' || lpad(g::text, 6, '0'), 1 + (g * 37) % 150,
         (ARRAY['organic', 'paid_search', 'email', 'social', 'referral', 'display'])[1 + (g * 7) % 6],
         ${at} - (g * 97) * interval '1 minute', 20 + (g * 53) % 1800, 1 + (g * 11) % 14
  FROM generate_series(1, 240) g;

CREATE TABLE analytics.daily_revenue (day date NOT NULL, revenue numeric(12, 2) NOT NULL, orders integer NOT NULL);
INSERT INTO analytics.daily_revenue
  SELECT (${at})::date - g,
         ((120 + (g * 37) % 80 - CASE WHEN extract(isodow FROM (${at})::date - g) > 5 THEN 45 ELSE 0 END) * (38.5 + (g * 13) % 20))::numeric(12, 2),
         120 + (g * 37) % 80 - CASE WHEN extract(isodow FROM (${at})::date - g) > 5 THEN 45 ELSE 0 END
  FROM generate_series(1, 90) g;

CREATE TABLE analytics.channel_summary (channel varchar(32) NOT NULL, sessions bigint NOT NULL, users bigint NOT NULL);
INSERT INTO analytics.channel_summary
  SELECT channel, count(*), count(DISTINCT user_id) FROM analytics.sessions GROUP BY channel;

CREATE TABLE adhoc.campaign_scratch (campaign_id integer NOT NULL, name varchar(64) NOT NULL, clicks integer NOT NULL);
INSERT INTO adhoc.campaign_scratch
  SELECT g, 'campaign-' || g, (g * 211) % 5000 FROM generate_series(1, 25) g;

CREATE TABLE pii.customers (id integer PRIMARY KEY, email varchar(256) NOT NULL, full_name varchar(128) NOT NULL, country char(2) NOT NULL);
INSERT INTO pii.customers
  SELECT g,
         lower(f.name || '.' || l.name) || g || '@example.com',
         f.name || ' ' || l.name,
         (ARRAY['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP', 'CA'])[1 + (g * 3) % 8]
  FROM generate_series(1, 150) g
  CROSS JOIN LATERAL (SELECT (ARRAY['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Katherine',
    'Linus', 'Margaret', 'Niklaus', 'Radia', 'Tim', 'Shafi'])[1 + (g - 1) % 15] AS name) f
  CROSS JOIN LATERAL (SELECT (ARRAY['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'McCarthy',
    'Johnson', 'Torvalds', 'Hamilton', 'Wirth', 'Perlman', 'Lee', 'Goldwasser'])[1 + ((g - 1) * 7) % 15] AS name) l;
`;
}

/** The permission layout the access roles are built around, for existing tables and (default privileges) for tables created later. */
function grantsSql(): string {
  return String.raw`
GRANT ALL ON SCHEMA analytics TO analytics_authors;
GRANT ALL ON ALL TABLES IN SCHEMA analytics TO analytics_authors;
GRANT USAGE ON SCHEMA analytics TO analytics_users;
GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO analytics_users;
GRANT ALL ON SCHEMA adhoc TO analytics_authors, analytics_users;
GRANT ALL ON ALL TABLES IN SCHEMA adhoc TO analytics_authors, analytics_users;
GRANT USAGE ON SCHEMA raw_data TO analytics_authors, analytics_users;
GRANT SELECT ON ALL TABLES IN SCHEMA raw_data TO analytics_authors, analytics_users;
GRANT USAGE ON SCHEMA pii TO pii_users;
GRANT SELECT ON ALL TABLES IN SCHEMA pii TO pii_users;
ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT ALL ON TABLES TO analytics_authors;
ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO analytics_users;
ALTER DEFAULT PRIVILEGES IN SCHEMA adhoc GRANT ALL ON TABLES TO analytics_authors, analytics_users;
ALTER DEFAULT PRIVILEGES IN SCHEMA raw_data GRANT SELECT ON TABLES TO analytics_authors, analytics_users;
ALTER DEFAULT PRIVILEGES IN SCHEMA pii GRANT SELECT ON TABLES TO pii_users;
GRANT analytics_authors TO bob;
GRANT analytics_users TO alice, carol;
RESET ROLE;
`;
}

/**
 * SVV_TABLE_INFO as a busy warehouse would show it: the raw event table is above 700 GB with 12 %
 * unsorted (the utility vacuums it), sessions and the scratch table need VACUUM, daily_revenue and
 * the customers need ANALYZE, channel_summary is healthy.
 */
function statsSql(at: string): string {
  return String.raw`
INSERT INTO redshift_internal.table_stats
  (table_id, size, pct_used, unsorted, stats_off, tbl_rows, estimated_visible_rows, skew_rows, skew_sortkey1,
   vacuum_sort_benefit, sortkey1, diststyle, create_time)
VALUES
  ('raw_data.user_session_channel'::regclass, 734003, 17.9210, 12.40, 3.00, 9812000000, 9640000000, 1.08, 1.00, 38.50, 'sessionid', 'KEY(userid)', ${at} - interval '400 days'),
  ('analytics.sessions'::regclass, 18432, 0.4500, 27.85, 4.10, 412000000, 389500000, 1.12, 2.10, 61.20, 'started_at', 'KEY(user_id)', ${at} - interval '300 days'),
  ('analytics.daily_revenue'::regclass, 96, 0.0023, 0.00, 38.00, 1460, 1460, 1.00, 1.00, 0.00, 'day', 'ALL', ${at} - interval '300 days'),
  ('analytics.channel_summary'::regclass, 12, 0.0003, 1.20, 2.00, 6, 6, 1.00, 1.00, 0.00, 'channel', 'ALL', ${at} - interval '120 days'),
  ('adhoc.campaign_scratch'::regclass, 640, 0.0156, 64.00, 100.00, 2250000, 1810000, 3.40, NULL, 9.80, 'campaign_id', 'EVEN', ${at} - interval '20 days'),
  ('pii.customers'::regclass, 2048, 0.0500, 3.10, 12.50, 8200000, 8150000, 1.01, 1.00, 0.40, 'id', 'KEY(id)', ${at} - interval '500 days');
`;
}

function historySql(at: string, database: string): string {
  const db = `'${database.replace(/'/g, "''")}'`;
  return String.raw`
INSERT INTO redshift_internal.session_data (process, user_name, db_name, starttime) VALUES
  (1073807401, 'alice', ${db}, ${at} - interval '3 hours'),
  (1073807455, 'alice', ${db}, ${at} - interval '25 minutes'),
  (1073815778, 'bob', ${db}, ${at} - interval '2 hours'),
  (1073822190, 'carol', ${db}, ${at} - interval '6 hours'),
  (1073825002, '${ADMIN_USER}', ${db}, ${at} - interval '1 minute');

INSERT INTO redshift_internal.sys_query_history
  (user_id, query_id, transaction_id, session_id, database_name, query_type, status, result_cache_hit, start_time, end_time,
   elapsed_time, queue_time, execution_time, error_message, returned_rows, returned_bytes, query_text)
SELECT (SELECT oid::int FROM pg_roles WHERE rolname = q.user_name), 5100000 + k * 10 + q.n, 910000 + k * 10 + q.n,
       1073800000 + q.n, ${db}, q.query_type, q.status, k % 3 = 1,
       ${at} - ((k * 6 + q.n) * 85) * interval '1 minute',
       ${at} - ((k * 6 + q.n) * 85) * interval '1 minute' + (q.elapsed_ms + k * 37) * interval '1 millisecond',
       (q.elapsed_ms + k * 37) * 1000, 1200 + k * 10, (q.elapsed_ms + k * 37) * 1000 - 1200, q.error, q.rows_returned, q.rows_returned * 64, q.query_text
FROM generate_series(0, 7) k
CROSS JOIN (VALUES
  (1, 'bob', 'SELECT', 'success', NULL, 6, 820, 'SELECT channel, count(*) FROM analytics.sessions GROUP BY channel'),
  (2, 'alice', 'SELECT', 'success', NULL, 30, 240, 'SELECT day, revenue FROM analytics.daily_revenue ORDER BY day DESC LIMIT 30'),
  (3, 'carol', 'SELECT', 'success', NULL, 48, 5400, 'SELECT * FROM raw_data.user_session_channel WHERE channel = ''paid_search'''),
  (4, 'bob', 'INSERT', 'success', NULL, 0, 1900, 'INSERT INTO adhoc.campaign_scratch SELECT * FROM adhoc.campaign_scratch WHERE clicks > 4000'),
  (5, 'alice', 'SELECT', 'failed', 'permission denied for schema pii', 0, 12, 'SELECT email FROM pii.customers LIMIT 10'),
  (6, 'carol', 'UTILITY', 'success', NULL, 0, 300, 'ANALYZE analytics.channel_summary')
) AS q(n, user_name, query_type, status, error, rows_returned, elapsed_ms, query_text);

-- Two automatic VACUUMs (query_id is null for those), each as its activity rows: Initialize, the
-- phases, then Complete, which alone has the end time, the duration and what was reclaimed.
INSERT INTO redshift_internal.sys_vacuum_history
  (user_id, transaction_id, query_id, database_name, schema_name, table_name, table_id, vacuum_type, is_automatic, status,
   start_time, end_time, record_time, duration, rows_before_vacuum, size_before_vacuum, reclaimable_rows, reclaimed_rows,
   reclaimed_blocks, sortedrows_before_vacuum, sortedrows_after_vacuum)
SELECT 10, v.xid, NULL, ${db}, v.schema_name, v.table_name, (v.schema_name || '.' || v.table_name)::regclass::int, v.vacuum_type, true,
       p.status, v.started, CASE WHEN p.status = 'Complete' THEN v.started + v.took END, v.started + v.took * p.at,
       CASE WHEN p.status = 'Complete' THEN (extract(epoch FROM v.took) * 1000000)::bigint END, v.rows_before, v.size_before,
       v.reclaimable, CASE WHEN p.status = 'Complete' THEN v.reclaimed END, CASE WHEN p.status = 'Complete' THEN v.blocks END,
       v.sorted_before, CASE WHEN p.status = 'Complete' THEN v.sorted_after END
FROM (VALUES
  (880001, 'analytics', 'channel_summary', 'Delete', ${at} - interval '2 days 3 hours', interval '4.1 seconds', 9, 14, 3, 3, 2, 6, 6),
  (880417, 'analytics', 'daily_revenue', 'Sort', ${at} - interval '5 days 1 hour', interval '11.2 seconds', 1460, 96, 0, 0, 0, 1380, 1460)
) AS v(xid, schema_name, table_name, vacuum_type, started, took, rows_before, size_before, reclaimable, reclaimed, blocks, sorted_before, sorted_after)
CROSS JOIN LATERAL (VALUES ('Initialize', 0.0), (CASE WHEN v.vacuum_type = 'Delete' THEN 'Delete' ELSE 'Sort' END, 0.4),
  (CASE WHEN v.vacuum_type = 'Delete' THEN NULL ELSE 'Merge' END, 0.7), ('Complete', 1.0)) AS p(status, at)
WHERE p.status IS NOT NULL;
`;
}

/**
 * One trained model per warehouse, each kept in the database it was created in as Redshift does: the
 * cluster's is bob's churn classifier, the workgroup's carol's session-length regression. Never the
 * same model twice, so a report over both targets lists each model once.
 */
function modelSql(at: string, kind: WarehouseKind, database: string): string {
  const db = `'${database.replace(/'/g, "''")}'`;
  const model =
    kind === 'cluster'
      ? String.raw`'analytics', 'bob', 'customer_churn', NULL, 1, 'Model is Ready', ${at} - interval '12 days', 21.00,
        NULL, 'SELECT channel, pages, duration_seconds, churned FROM analytics.sessions_labelled', 'churned', 'xgboost',
        'binary_classification', 'f1', 'predict_customer_churn', 'channel pages duration_seconds', 'varchar int4 int4',
        'default-aws-iam-role', 'example-redshift-ml', 5400`
      : String.raw`'analytics', 'carol', 'session_duration', NULL, 1, 'Model is Ready', ${at} - interval '3 days', 4.80,
        'analytics.sessions', NULL, 'duration_seconds', 'xgboost', 'regression', 'mse', 'predict_session_duration',
        'channel pages', 'varchar int4', 'default-aws-iam-role', 'example-redshift-ml', 3600`;
  return String.raw`
INSERT INTO redshift_internal.stv_ml_model_info
  (database_name, schema_name, user_name, model_name, life_cycle, is_refreshable, model_state, created_at, estimated_cost,
   training_table, training_query, target_column, model_type, problem_type, objective, function_name, function_parameters,
   function_parameter_types, iam_role, s3_bucket, max_runtime)
VALUES (${db}, ${model});
`;
}

/**
 * Redshift Spectrum on the cluster: about six S3 queries a day for 31 days, mostly a few GB, now
 * and then a scan of hundreds of GB, so the month's bill is worth an alert.
 */
function spectrumSql(at: string): string {
  return String.raw`
INSERT INTO redshift_internal.svl_s3query_summary
  (userid, query, xid, pid, segment, step, starttime, endtime, elapsed, aborted, external_table_name, file_format,
   is_partitioned, s3_scanned_rows, s3_scanned_bytes, s3query_returned_rows, s3query_returned_bytes, files)
SELECT (SELECT oid::int FROM pg_roles WHERE rolname = (ARRAY['bob', 'carol', 'alice'])[1 + q % 3]),
       4200000 + q, 770000 + q, 1073810000 + q % 50, 0, 1,
       ${at} - (q * 4) * interval '1 hour' - ((q * 37) % 180) * interval '1 minute',
       ${at} - (q * 4) * interval '1 hour' - ((q * 37) % 180) * interval '1 minute' + (2 + q % 40) * interval '1 second',
       (2 + q % 40) * 1000000, 0,
       (ARRAY['s3.clickstream_events', 's3.orders_archive', 's3.app_logs'])[1 + q % 3], 'Parquet',
       CASE WHEN q % 3 = 2 THEN 'f' ELSE 't' END,
       scanned / 180, scanned, scanned / 180 / 50, scanned / 50, 4 + (q * 13) % 400
FROM generate_series(0, 185) q
CROSS JOIN LATERAL (SELECT CASE
  WHEN q % 29 = 0 THEN 640000000000::bigint + q * 1000000000::bigint
  WHEN q % 7 = 0 THEN 95000000000::bigint + (q % 13) * 1000000000::bigint
  ELSE 300000000::bigint + ((q * 7919) % 9000) * 1000000::bigint END AS scanned) s;

INSERT INTO redshift_internal.sys_external_query_detail
  (user_id, query_id, child_query_sequence, transaction_id, segment_id, source_type, start_time, end_time, duration,
   total_partitions, qualified_partitions, scanned_files, returned_rows, returned_bytes, file_format, file_location,
   external_query_text)
SELECT userid, query, 1, xid, segment, 'S3', starttime, endtime, elapsed, 365, CASE WHEN is_partitioned = 't' THEN 30 ELSE 365 END,
       files, s3query_returned_rows, s3_scanned_bytes, 'Parquet', 's3://example-lake/' || replace(external_table_name, 's3.', '') || '/',
       'SELECT * FROM ' || external_table_name
FROM redshift_internal.svl_s3query_summary;
`;
}

/**
 * SYS_SERVERLESS_USAGE: one row per minute for seven days. Idle most of the time; a nightly load at
 * 02:00–02:40 UTC and busy working hours on weekdays at the 32 RPU base, now and then scaled to 64.
 */
function usageSql(at: string): string {
  return String.raw`
INSERT INTO redshift_internal.sys_serverless_usage
  (start_time, end_time, compute_seconds, compute_capacity, data_storage, cross_region_transferred_data, charged_seconds)
SELECT t, t + interval '1 minute',
       CASE WHEN busy THEN capacity * (15 + i % 45) ELSE 0 END,
       CASE WHEN busy THEN capacity ELSE 0 END,
       412000 + i / 60, 0,
       CASE WHEN busy THEN capacity * 60 ELSE 0 END
FROM (
  SELECT i, t,
         (extract(hour FROM t) = 2 AND extract(minute FROM t) < 40)
           OR (extract(isodow FROM t) < 6 AND extract(hour FROM t) BETWEEN 8 AND 17 AND (i * 7919) % 100 < 30) AS busy,
         CASE WHEN (i * 104729) % 100 < 12 THEN 64 ELSE 32 END AS capacity
  FROM generate_series(0, 10079) i
  CROSS JOIN LATERAL (SELECT date_trunc('minute', ${at}) - interval '7 days' + i * interval '1 minute' AS t) m
) minutes;
`;
}
