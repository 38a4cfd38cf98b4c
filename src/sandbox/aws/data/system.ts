/**
 * Redshift's system layer. Functions live in schema `redshift_sys` (on every statement's
 * search_path, after the user's schemas), and so do the system views users read, which
 * system-views.ts builds from the catalog. What those views show lives in `redshift_internal`,
 * which no regular user may read: relations named after their view, either over the Postgres
 * catalogs (grants, groups: true by themselves) or tables the seed fills and the host updates
 * (table statistics, sessions, VACUUM history, usage). They may hold more than the documented
 * columns (SHOW MODEL's facts); only the documented ones reach the views.
 */
import { PRIVILEGE_VIEWS_SQL } from './privilege-views';

export type WarehouseKind = 'cluster' | 'namespace';

/** The bot's database user; a superuser. */
export const ADMIN_USER = 'chatops_admin';

/** Everything both kinds of warehouse share. Runs once per process (the result is kept as a template). */
export const SYSTEM_SQL = String.raw`
CREATE ROLE ${ADMIN_USER} SUPERUSER LOGIN;
-- As in Redshift, everyone may create in public.
GRANT CREATE ON SCHEMA public TO PUBLIC;
CREATE SCHEMA redshift_sys;
GRANT USAGE ON SCHEMA redshift_sys TO PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA redshift_sys GRANT SELECT ON TABLES TO PUBLIC;
-- The data behind the system views: no user but a superuser reaches it. The views in redshift_sys
-- read it with their owner's (the superuser's) rights, as Postgres views do.
CREATE SCHEMA redshift_internal;
-- Users given SYSLOG ACCESS UNRESTRICTED (ALTER USER ... SYSLOG ACCESS UNRESTRICTED); see system-views.ts.
CREATE TABLE redshift_internal.syslog_unrestricted (user_name name PRIMARY KEY);

-- The emulator's clock: the host sets redshift.now (UTC) before every statement.
CREATE FUNCTION redshift_sys.getdate() RETURNS timestamp LANGUAGE sql STABLE AS $$
  SELECT date_trunc('second', coalesce(nullif(current_setting('redshift.now', true), '')::timestamp, now() AT TIME ZONE 'UTC'))
$$;

-- The Redshift database the session is connected to: the host sets redshift.database per session.
CREATE FUNCTION redshift_sys.current_database() RETURNS name LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('redshift.database', true), ''), 'dev')::name
$$;

CREATE FUNCTION redshift_sys.date_part_unit(part text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE lower(part)
    WHEN 'y' THEN 'year' WHEN 'yr' THEN 'year' WHEN 'yrs' THEN 'year' WHEN 'years' THEN 'year'
    WHEN 'mon' THEN 'month' WHEN 'mons' THEN 'month' WHEN 'months' THEN 'month'
    WHEN 'w' THEN 'week' WHEN 'weeks' THEN 'week'
    WHEN 'd' THEN 'day' WHEN 'days' THEN 'day'
    WHEN 'h' THEN 'hour' WHEN 'hr' THEN 'hour' WHEN 'hrs' THEN 'hour' WHEN 'hours' THEN 'hour'
    WHEN 'm' THEN 'minute' WHEN 'min' THEN 'minute' WHEN 'mins' THEN 'minute' WHEN 'minutes' THEN 'minute'
    WHEN 's' THEN 'second' WHEN 'sec' THEN 'second' WHEN 'secs' THEN 'second' WHEN 'seconds' THEN 'second'
    ELSE lower(part) END
$$;

CREATE FUNCTION redshift_sys.dateadd(part text, n bigint, t timestamp) RETURNS timestamp LANGUAGE sql IMMUTABLE AS $$
  SELECT t + (n::text || ' ' || redshift_sys.date_part_unit(part))::interval
$$;
CREATE FUNCTION redshift_sys.dateadd(part text, n bigint, t timestamptz) RETURNS timestamp LANGUAGE sql STABLE AS $$
  SELECT (t AT TIME ZONE 'UTC') + (n::text || ' ' || redshift_sys.date_part_unit(part))::interval
$$;

-- DATEDIFF counts the boundaries crossed, as Redshift does.
CREATE FUNCTION redshift_sys.datediff(part text, a timestamp, b timestamp) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE redshift_sys.date_part_unit(part)
    WHEN 'year' THEN (extract(year FROM b) - extract(year FROM a))::bigint
    WHEN 'month' THEN ((extract(year FROM b) * 12 + extract(month FROM b)) - (extract(year FROM a) * 12 + extract(month FROM a)))::bigint
    WHEN 'week' THEN ((date_trunc('week', b)::date - date_trunc('week', a)::date) / 7)::bigint
    WHEN 'day' THEN (b::date - a::date)::bigint
    ELSE ((extract(epoch FROM date_trunc(redshift_sys.date_part_unit(part), b)) - extract(epoch FROM date_trunc(redshift_sys.date_part_unit(part), a)))
      / extract(epoch FROM ('1 ' || redshift_sys.date_part_unit(part))::interval))::bigint
  END
$$;
CREATE FUNCTION redshift_sys.datediff(part text, a timestamptz, b timestamptz) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT redshift_sys.datediff(part, a AT TIME ZONE 'UTC', b AT TIME ZONE 'UTC')
$$;

-- Names created with CREATE GROUP (Postgres has only roles; Redshift tells groups apart).
CREATE TABLE redshift_internal.groups (groname name PRIMARY KEY);

-- SECURITY DEFINER: functions in a view run with the caller's rights, and callers cannot read redshift_internal.
CREATE FUNCTION redshift_internal.identity_type(grantee oid) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog AS $$
  SELECT CASE
    WHEN grantee = 0 THEN 'public'
    WHEN (SELECT rolcanlogin FROM pg_roles WHERE oid = grantee) THEN 'user'
    WHEN EXISTS (SELECT 1 FROM redshift_internal.groups g WHERE g.groname = pg_get_userbyid(grantee)) THEN 'group'
    ELSE 'role' END
$$;

CREATE VIEW redshift_internal.svv_user_grants AS
  SELECT u.oid::int AS user_id, u.rolname::text AS user_name, r.oid::int AS role_id, r.rolname::text AS role_name, m.admin_option
  FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member JOIN pg_roles r ON r.oid = m.roleid
  WHERE u.rolcanlogin AND NOT r.rolcanlogin AND r.rolname NOT LIKE 'pg\_%'
    AND r.rolname NOT IN (SELECT groname FROM redshift_internal.groups);

CREATE VIEW redshift_internal.svv_role_grants AS
  SELECT m_r.oid::int AS role_id, m_r.rolname::text AS role_name, g.oid::int AS granted_role_id, g.rolname::text AS granted_role_name
  FROM pg_auth_members m JOIN pg_roles m_r ON m_r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid
  WHERE NOT m_r.rolcanlogin AND m_r.rolname NOT LIKE 'pg\_%' AND g.rolname NOT LIKE 'pg\_%'
    AND m_r.rolname NOT IN (SELECT groname FROM redshift_internal.groups);

CREATE VIEW redshift_sys.pg_group AS
  SELECT r.rolname AS groname, r.oid::int AS grosysid,
         ARRAY(SELECT m.member::int FROM pg_auth_members m WHERE m.roleid = r.oid ORDER BY 1) AS grolist
  FROM pg_roles r WHERE NOT r.rolcanlogin AND r.rolname NOT LIKE 'pg\_%';

CREATE VIEW redshift_internal.svv_schema_privileges AS
  SELECT n.oid::int AS namespace_id, n.nspname::text AS namespace_name, a.privilege_type::text AS privilege_type,
         a.grantee::int AS identity_id,
         CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END AS identity_name,
         redshift_internal.identity_type(a.grantee) AS identity_type, a.is_grantable AS admin_option,
         'SCHEMA'::text AS privilege_scope
  FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) a
  WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'redshift_sys', 'redshift_internal')
    AND a.grantee <> n.nspowner AND (a.grantee = 0 OR pg_get_userbyid(a.grantee) NOT LIKE 'pg\_%');

CREATE VIEW redshift_internal.svv_relation_privileges AS
  SELECT n.oid::int AS namespace_id, n.nspname::text AS namespace_name, c.oid::int AS relation_id, c.relname::text AS relation_name,
         a.privilege_type::text AS privilege_type, a.grantee::int AS identity_id,
         CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END AS identity_name,
         redshift_internal.identity_type(a.grantee) AS identity_type, a.is_grantable AS admin_option
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN LATERAL aclexplode(c.relacl) a
  WHERE c.relkind IN ('r', 'v', 'm', 'p') AND n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'redshift_sys', 'redshift_internal')
    AND a.grantee <> c.relowner AND (a.grantee = 0 OR pg_get_userbyid(a.grantee) NOT LIKE 'pg\_%')
    -- PostgreSQL-only table privileges: Redshift's GRANT has neither.
    AND a.privilege_type NOT IN ('TRIGGER', 'MAINTAIN');
${PRIVILEGE_VIEWS_SQL}

-- Table statistics as Redshift keeps them; tables without a row get values from Postgres's own.
CREATE TABLE redshift_internal.table_stats (
  table_id oid PRIMARY KEY,
  size bigint NOT NULL,
  pct_used numeric(10, 4) NOT NULL,
  unsorted numeric(5, 2),
  stats_off numeric(5, 2) NOT NULL,
  tbl_rows numeric(38, 0) NOT NULL,
  estimated_visible_rows numeric(38, 0) NOT NULL,
  skew_rows numeric(19, 2),
  skew_sortkey1 numeric(19, 2),
  vacuum_sort_benefit numeric(12, 2),
  sortkey1 text,
  diststyle text NOT NULL,
  max_varchar integer NOT NULL DEFAULT 256,
  create_time timestamp
);

-- SVV_TABLE_INFO shows only tables with at least one row (r_SVV_TABLE_INFO); a table without kept
-- statistics is asked directly. SECURITY DEFINER: the caller may not read the table.
CREATE FUNCTION redshift_internal.has_rows(t oid) RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog AS $$
DECLARE found boolean;
BEGIN
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', t::regclass) INTO found;
  RETURN found;
END $$;
CREATE VIEW redshift_internal.svv_table_info AS
  SELECT coalesce(nullif(current_setting('redshift.database', true), ''), 'dev')::text AS database,
         n.nspname::text AS schema, c.oid::int AS table_id, c.relname::text AS "table",
         'Y'::text AS encoded, coalesce(s.diststyle, 'AUTO(EVEN)') AS diststyle, s.sortkey1,
         coalesce(s.max_varchar, 256) AS max_varchar,
         CASE WHEN s.sortkey1 IS NULL THEN 0 ELSE 1 END AS sortkey_num,
         coalesce(s.size, greatest(1, ceil(pg_total_relation_size(c.oid) / 1048576.0)))::bigint AS size,
         coalesce(s.pct_used, 0.0001) AS pct_used,
         s.unsorted,
         coalesce(s.stats_off, 0.00) AS stats_off,
         coalesce(s.tbl_rows, greatest(c.reltuples, 0)::numeric(38, 0)) AS tbl_rows,
         s.skew_sortkey1, coalesce(s.skew_rows, 1.00) AS skew_rows,
         coalesce(s.estimated_visible_rows, greatest(c.reltuples, 0)::numeric(38, 0)) AS estimated_visible_rows,
         s.vacuum_sort_benefit, s.create_time
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN redshift_internal.table_stats s ON s.table_id = c.oid
  WHERE c.relkind = 'r' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'redshift_sys', 'redshift_internal')
    AND (coalesce(s.tbl_rows, 0) > 0 OR redshift_internal.has_rows(c.oid));

-- Live sessions; PG_TERMINATE_BACKEND marks one ended.
CREATE TABLE redshift_internal.session_data (
  process integer PRIMARY KEY,
  user_name text NOT NULL,
  db_name text NOT NULL,
  starttime timestamp NOT NULL,
  ended_at timestamp
);
CREATE VIEW redshift_internal.stv_sessions AS
  SELECT starttime, process, user_name::char(50) AS user_name, db_name::char(50) AS db_name, 0 AS timeout_sec
  FROM redshift_internal.session_data WHERE ended_at IS NULL;

CREATE FUNCTION redshift_sys.terminate_backend(caller text, pid integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, redshift_internal AS $$
DECLARE owner_name text;
BEGIN
  SELECT user_name INTO owner_name FROM redshift_internal.session_data WHERE process = pid AND ended_at IS NULL;
  IF NOT FOUND THEN
    RAISE WARNING 'PID % is not a Redshift backend process', pid;
    RETURN 0;
  END IF;
  IF owner_name <> caller AND NOT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = caller), false) THEN
    RAISE EXCEPTION 'permission denied to terminate process' USING ERRCODE = '42501',
      DETAIL = 'Only superusers may terminate sessions of other users.';
  END IF;
  UPDATE redshift_internal.session_data SET ended_at = redshift_sys.getdate() WHERE process = pid;
  RETURN 1;
END $$;
GRANT EXECUTE ON FUNCTION redshift_sys.terminate_backend(text, integer) TO PUBLIC;

-- SYS_SESSION_HISTORY (both kinds): every session, live or ended. user_id is char(50) holding the
-- user's numeric id, as the page types it; a terminated session reads as closed.
CREATE VIEW redshift_internal.sys_session_history AS
  SELECT r.oid::text::char(50) AS user_id, s.process AS session_id, s.db_name::char(50) AS database_name,
         (CASE WHEN s.ended_at IS NULL THEN 'active' ELSE 'closed' END)::char(10) AS status,
         0 AS session_timeout, s.starttime AS start_time, s.ended_at AS end_time
  FROM redshift_internal.session_data s LEFT JOIN pg_roles r ON r.rolname = s.user_name;

-- SVV_USER_INFO (both kinds). SYSLOG ACCESS is RESTRICTED unless ALTER USER gave UNRESTRICTED.
CREATE VIEW redshift_internal.svv_user_info AS
  SELECT r.rolname::text AS user_name, r.oid::int AS user_id, r.rolcreatedb AS createdb, r.rolsuper AS superuser,
         false AS catalog_update, CASE WHEN r.rolconnlimit < 0 THEN 'UNLIMITED' ELSE r.rolconnlimit::text END AS connection_limit,
         CASE WHEN EXISTS (SELECT 1 FROM redshift_internal.syslog_unrestricted u WHERE u.user_name = r.rolname)
           THEN 'UNRESTRICTED' ELSE 'RESTRICTED' END AS syslog_access, NULL::timestamp AS last_ddl_timestamp, 0 AS session_timeout,
         NULL::text AS external_user_id
  FROM pg_roles r WHERE r.rolcanlogin AND r.rolname NOT LIKE 'pg\_%';

CREATE TABLE redshift_internal.sys_vacuum_history (
  user_id integer, transaction_id bigint, query_id bigint, database_name text, schema_name text, table_name text,
  table_id integer, vacuum_type text, is_automatic boolean, status text, start_time timestamp, end_time timestamp,
  record_time timestamp, duration bigint, rows_before_vacuum bigint, size_before_vacuum bigint, reclaimable_rows bigint,
  reclaimed_rows bigint, reclaimed_blocks bigint, sortedrows_before_vacuum bigint, sortedrows_after_vacuum bigint
);
CREATE TABLE redshift_internal.sys_analyze_history (
  user_id integer, transaction_id bigint, database_name char(30), table_name char(30), table_id integer, is_automatic char(1),
  status char(15), start_time timestamp, end_time timestamp, "rows" double precision, modified_rows double precision,
  analyze_threshold_percent integer, last_analyze_time timestamp
);
CREATE VIEW redshift_internal.svv_vacuum_progress AS
  -- The latest VACUUM's latest activity; the estimate is empty once it is Complete (r_SVV_VACUUM_PROGRESS).
  SELECT table_name, status, CASE WHEN status = 'Complete' THEN NULL ELSE '0m 0s' END::text AS time_remaining_estimate
  FROM redshift_internal.sys_vacuum_history
  ORDER BY start_time DESC, transaction_id DESC, CASE WHEN status IN ('Complete', 'Failed', 'Skipped') THEN 0 ELSE 1 END, record_time DESC
  LIMIT 1;

CREATE TABLE redshift_internal.sys_query_history (
  user_id integer, query_id bigint, transaction_id bigint, session_id integer, database_name text, query_type text,
  status text, result_cache_hit boolean, start_time timestamp, end_time timestamp, elapsed_time bigint, queue_time bigint,
  execution_time bigint, error_message text, returned_rows bigint, returned_bytes bigint, query_text text
);

CREATE TABLE redshift_internal.sys_external_query_detail (
  user_id integer, query_id bigint, child_query_sequence integer, transaction_id bigint, segment_id integer,
  source_type text, start_time timestamp, end_time timestamp, duration bigint, total_partitions integer,
  qualified_partitions integer, scanned_files bigint, returned_rows bigint, returned_bytes bigint, file_format text,
  file_location text, external_query_text text
);

-- ML models: first the columns of STV_ML_MODEL_INFO / SVV_ML_MODEL_INFO, then what only SHOW MODEL
-- shows (r_SHOW_MODEL; see show-model.ts), which no view exposes.
CREATE TABLE redshift_internal.stv_ml_model_info (
  database_name text, schema_name text, user_name text, model_name text, life_cycle text, is_refreshable integer,
  model_state text,
  created_at timestamp, estimated_cost numeric(10, 2), training_table text, training_query text, target_column text,
  model_type text, problem_type text, objective text, function_name text, function_parameters text,
  function_parameter_types text, iam_role text, s3_bucket text, max_runtime integer
);
CREATE VIEW redshift_internal.svv_ml_model_info AS
  SELECT database_name, schema_name, user_name, model_name, life_cycle, is_refreshable, model_state
  FROM redshift_internal.stv_ml_model_info;

-- The views users read (redshift_sys.<view>) are built from the catalog: see system-views.ts.
`;

/** What only one kind of warehouse has: Spectrum's STL-era view on clusters, RPU usage on Serverless. */
export function kindSql(kind: WarehouseKind): string {
  return kind === 'cluster'
    ? String.raw`
CREATE TABLE redshift_internal.svl_s3query_summary (
  userid integer, query integer, xid bigint, pid integer, segment integer, step integer, starttime timestamp,
  endtime timestamp, elapsed bigint, aborted integer, external_table_name text, file_format text, is_partitioned char(1),
  s3_scanned_rows bigint, s3_scanned_bytes bigint, s3query_returned_rows bigint, s3query_returned_bytes bigint, files integer
);`
    : String.raw`
CREATE TABLE redshift_internal.sys_serverless_usage (
  start_time timestamp, end_time timestamp, compute_seconds numeric(38, 2), compute_capacity numeric(38, 2),
  data_storage bigint, cross_region_transferred_data bigint, charged_seconds numeric(38, 2)
);`;
}
