import type { CatalogColumn, CatalogEntry, CatalogTarget, SystemCatalog } from '../../../redshift/catalog';
import type { WarehouseKind } from './system';

/**
 * Redshift's system views, built from the catalog (src/redshift/catalog): for each documented view
 * that exists on this kind of warehouse, `redshift_sys.<name>` selects exactly the documented
 * columns, cast to the documented types, from its backing relation `redshift_internal.<name>`, and
 * shows each user the rows the page says. A view the catalog lacks, or one the other kind of
 * warehouse has, is never created: reading it fails with Postgres's `relation "x" does not exist`,
 * as it fails on Redshift. A documented column the backing lacks fails the build, unless listed
 * in NOT_MODELLED below (then it reads NULL).
 *
 * char(n) columns are Postgres char(n): values come back blank-padded, as Redshift's CHAR does, and
 * compare equal to the unpadded text. A type written without a length ("char", "character") is
 * taken as text: the values the pages list are longer than one character.
 */
export const INTERNAL_SCHEMA = 'redshift_internal';

/** Documented columns the sandbox does not simulate, with the reason: they read NULL. */
const NOT_MODELLED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  sys_query_history: {
    query_label: 'no query labels (SET query_group) are kept',
    redshift_version: 'the sandbox is no Redshift release',
    usage_limit: 'usage limits are not enforced on statements',
    compute_type: 'no concurrency scaling',
    compile_time: 'no query compilation',
    planning_time: 'no planner timing is kept',
    lock_wait_time: 'no lock waits are measured',
    service_class_id: 'no WLM queues',
    service_class_name: 'no WLM queues',
    query_priority: 'no WLM queues',
    short_query_accelerated: 'no short query acceleration',
    user_query_hash: 'no query hashes',
    generic_query_hash: 'no query hashes',
    query_hash_version: 'no query hashes',
    result_cache_query_id: 'no result cache',
    username: 'only user_id is kept',
  },
  sys_external_query_detail: {
    warning_message: 'Spectrum scans are recorded, not run',
    table_name: 'Spectrum scans are recorded, not run',
    is_recursive: 'Spectrum scans are recorded, not run',
    is_nested: 'Spectrum scans are recorded, not run',
    s3list_time: 'Spectrum scans are recorded, not run',
    get_partition_time: 'Spectrum scans are recorded, not run',
  },
  svl_s3query_summary: Object.fromEntries(
    [
      'is_rrscan',
      'is_nested',
      'files_max',
      'files_avg',
      'splits',
      'splits_max',
      'splits_avg',
      'total_split_size',
      'max_split_size',
      'avg_split_size',
      'total_retries',
      'max_retries',
      'max_request_duration',
      'avg_request_duration',
      'max_request_parallelism',
      'avg_request_parallelism',
      'total_slowdown_count',
      'max_slowdown_count',
    ].map((column) => [column, 'per-slice Spectrum statistics are not simulated']),
  ),
  svv_roles: {
    role_owner: 'PostgreSQL keeps no owner for a role',
    external_id: 'no third-party identity provider',
  },
  svv_table_info: {
    sortkey1_enc: 'column encodings are not simulated',
    empty: 'the page says the column is no longer used',
    risk_event: 'COPY ... EXPLICIT_IDS is not simulated',
  },
};

/**
 * Own-rows views whose page names ACCESS SYSTEM TABLE, not SYSLOG ACCESS UNRESTRICTED, as what
 * shows every row (r_SVV_USER_GRANTS, r_SVV_SCHEMA_PRIVILEGES, r_SVV_DEFAULT_PRIVILEGES,
 * r_SVV_COLUMN_PRIVILEGES): there UNRESTRICTED widens nothing.
 */
const ONLY_SYSTEM_TABLE_ACCESS_WIDENS = new Set([
  'svv_user_grants',
  'svv_schema_privileges',
  'svv_default_privileges',
  'svv_column_privileges',
]);

/** The functions the views' row filters call (created with the template, before the views). */
export const VISIBILITY_SQL = String.raw`
-- SECURITY DEFINER: the views call these with the caller's rights; the caller's name is passed in,
-- since inside them current_user is the definer.
CREATE FUNCTION ${INTERNAL_SCHEMA}.is_superuser(who name) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog AS $$ SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = who), false) $$;
CREATE FUNCTION ${INTERNAL_SCHEMA}.is_unrestricted(who name) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog AS $$ SELECT EXISTS (SELECT 1 FROM ${INTERNAL_SCHEMA}.syslog_unrestricted WHERE user_name = who) $$;
`;

/** Relation name -> its column names, for every relation in redshift_internal. */
export type BackingColumns = ReadonlyMap<string, ReadonlySet<string>>;

export function targetOf(kind: WarehouseKind): CatalogTarget {
  return kind === 'cluster' ? 'provisioned' : 'serverless';
}

/** The CREATE VIEW statements for one kind of warehouse; throws, naming every gap, if a backing falls short. */
export function systemViewsSql(kind: WarehouseKind, catalog: SystemCatalog, backing: BackingColumns): string {
  const problems: string[] = [];
  const statements = catalog.ofKind('view', targetOf(kind)).map((entry) => viewSql(entry, backing, problems));
  if (problems.length > 0) {
    throw new Error(`the sandbox cannot build Redshift's system views for a ${kind}: ${problems.join('; ')}`);
  }
  return statements.join('\n');
}

function viewSql(entry: CatalogEntry, backing: BackingColumns, problems: string[]): string {
  const columns = backing.get(entry.name);
  if (!columns) {
    problems.push(`${entry.name} has no backing relation ${INTERNAL_SCHEMA}.${entry.name}`);
    return '';
  }
  const notModelled = NOT_MODELLED[entry.name] ?? {};
  const select = entry.columns.map((column) => {
    const type = postgresType(column, entry.name, problems);
    if (columns.has(column.name)) return `CAST(b.${quote(column.name)} AS ${type}) AS ${quote(column.name)}`;
    if (notModelled[column.name] !== undefined) return `CAST(NULL AS ${type}) AS ${quote(column.name)}`;
    problems.push(`${INTERNAL_SCHEMA}.${entry.name} lacks the documented column ${column.name}`);
    return '';
  });
  const filter = rowFilter(entry);
  return (
    `CREATE VIEW redshift_sys.${quote(entry.name)} AS SELECT ${select.join(', ')} ` +
    `FROM ${INTERNAL_SCHEMA}.${quote(entry.name)} b${filter === '' ? '' : ` WHERE ${filter}`};\n` +
    `GRANT SELECT ON redshift_sys.${quote(entry.name)} TO PUBLIC;`
  );
}

/** The rows the page says a user sees: superusers all; otherwise per the entry's visibility. */
function rowFilter(entry: CatalogEntry): string {
  // Scalar subqueries are evaluated once per query (an InitPlan), not once per row: a definer
  // function is never inlined, and SYS_QUERY_HISTORY may hold a million rows.
  const superuser = `(SELECT ${INTERNAL_SCHEMA}.is_superuser(current_user))`;
  switch (entry.visibility) {
    case 'all':
      return '';
    case 'superuser':
      return superuser;
    case 'own-rows': {
      const owner = entry.columns.find((c) => c.name === entry.ownerColumn);
      if (!owner) throw new Error(`${entry.name}: own-rows without an owner column`);
      const column = `trim(CAST(b.${quote(owner.name)} AS text))`;
      // The owner column holds the user's name or its numeric id (SYS_SESSION_HISTORY: as char(50)).
      // The privilege views' "identities they have access to or own" is read as the user itself,
      // the roles and groups it is a member of, and PUBLIC (id 0): the pages define it no further.
      const own =
        owner.name === 'identity_id'
          ? `(b.identity_id = 0 OR pg_has_role(current_user, CAST(b.identity_id AS oid), 'MEMBER'))`
          : owner.name.includes('name')
            ? `${column} = CAST(current_user AS text)`
            : `${column} = (SELECT CAST(oid AS text) FROM pg_roles WHERE rolname = current_user)`;
      const unrestricted = ONLY_SYSTEM_TABLE_ACCESS_WIDENS.has(entry.name)
        ? []
        : [`(SELECT ${INTERNAL_SCHEMA}.is_unrestricted(current_user))`];
      return [superuser, ...unrestricted, own].join(' OR ');
    }
  }
}

/** CHAR(n) columns up to this length keep Redshift's blank padding. */
const LONGEST_PADDED_CHAR = 128;

/** A page's type written as Postgres spells it; an unknown one is a problem, never guessed. */
function postgresType(column: CatalogColumn, view: string, problems: string[]): string {
  const type = column.type.trim().toLowerCase().replace(/\s+/g, ' ');
  const sized = /^(char|character|varchar|character varying|numeric|decimal)\s*\(\s*(\d+(?:\s*,\s*\d+)?)\s*\)$/.exec(type);
  if (sized) {
    const size = sized[2].replace(/\s+/g, '');
    const char = sized[1] === 'char' || sized[1] === 'character';
    // A long CHAR (SYS_QUERY_HISTORY.query_text is character(4000)) is served as VARCHAR of the same
    // length: the same text without the trailing blanks. Padding every row to 4000 characters made each
    // scan of a large history take seconds in Postgres; the bot trims CHAR values either way.
    if (char && Number(size) > LONGEST_PADDED_CHAR) return `varchar(${size})`;
    const base = char ? 'char' : sized[1] === 'varchar' || sized[1] === 'character varying' ? 'varchar' : 'numeric';
    return `${base}(${size})`;
  }
  const plain: Record<string, string> = {
    integer: 'integer',
    int: 'integer',
    int4: 'integer',
    smallint: 'smallint',
    int2: 'smallint',
    bigint: 'bigint',
    long: 'bigint',
    int8: 'bigint',
    boolean: 'boolean',
    bool: 'boolean',
    text: 'text',
    char: 'text',
    character: 'text',
    varchar: 'varchar',
    'character varying': 'varchar',
    timestamp: 'timestamp',
    'timestamp without time zone': 'timestamp',
    'double precision': 'double precision',
    double: 'double precision',
    float8: 'double precision',
    real: 'real',
    oid: 'oid',
    name: 'name',
  };
  const found = plain[type];
  if (found) return found;
  problems.push(`${view}.${column.name} has a type the sandbox does not know: ${column.type}`);
  return 'text';
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
