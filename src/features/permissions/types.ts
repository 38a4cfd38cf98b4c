/**
 * Permissions as code: what chatops.yml declares (the baseline), what the warehouse holds (observed
 * through Redshift's privilege views), and what differs (findings, each with the statements that fix
 * it). Shared by the pure parts (baseline.ts, drift.ts, who.ts, baseline-yaml.ts) and the reader
 * (observe.ts); nothing here does I/O.
 */
import type { SqlStatement } from '../../redshift/sql';

/** How far a declared role reaches into a schema. */
export type Level = 'usage' | 'select' | 'all';

/** A role (CREATE ROLE) or a group (CREATE GROUP), as chatops.yml `access.roles[].mode` also says. */
export type PrincipalKind = 'role' | 'group';

export interface DeclaredRole {
  name: string;
  kind: PrincipalKind;
  /** schema -> level; the schema and all its tables, and tables created later by `tableCreators`. */
  schemas: Readonly<Record<string, Level>>;
  /** Held only through the bot's temporary grants (pii_users): a standing member is drift. */
  temporaryOnly: boolean;
}

/** One target's declared permissions (chatops.yml `permissions.<target>`), validated. */
export interface Baseline {
  target: string;
  roles: readonly DeclaredRole[];
  /** database user -> the roles they may hold standing. */
  standing: Readonly<Record<string, readonly string[]>>;
  /** Users whose future tables the default privileges cover (ALTER DEFAULT PRIVILEGES FOR USER …). */
  tableCreators: readonly string[];
}

/** Who holds a privilege, as SVV_*_PRIVILEGES name it (identity_type). */
export interface Grantee {
  kind: 'user' | 'role' | 'group' | 'public';
  /** Empty for public. */
  name: string;
}

/** A privilege on a schema (SVV_SCHEMA_PRIVILEGES, privilege_scope SCHEMA). */
export interface SchemaGrant {
  schema: string;
  grantee: Grantee;
  /** USAGE, CREATE, ALTER, DROP, as Redshift spells them. */
  privilege: string;
}

/**
 * A scoped permission (SVV_SCHEMA_PRIVILEGES, privilege_scope TABLES or FUNCTIONS: `GRANT SELECT FOR
 * TABLES IN SCHEMA s TO …`): the privilege on every table (function) of the schema, now and later,
 * without a row per table in SVV_RELATION_PRIVILEGES.
 */
export interface ScopedGrant {
  schema: string;
  scope: 'TABLES' | 'FUNCTIONS';
  grantee: Grantee;
  privilege: string;
}

/**
 * Table privileges of one grantee in one schema, aggregated in SQL (SVV_RELATION_PRIVILEGES): how
 * many of the schema's tables carry it, and a few of them by name.
 */
export interface TableGrantSummary {
  schema: string;
  grantee: Grantee;
  /** SELECT, INSERT, UPDATE, DELETE, DROP, REFERENCES, ALTER, TRUNCATE. */
  privilege: string;
  tables: number;
  /** At most SAMPLE_SIZE table names, sorted. */
  sample: readonly string[];
}

/** The tables of a schema that lack a privilege a declared role should have on all of them. */
export interface MissingTableGrant {
  schema: string;
  grantee: Grantee;
  privilege: string;
  tables: number;
  sample: readonly string[];
}

/** A default privilege (SVV_DEFAULT_PRIVILEGES): what tables `owner` creates later will carry. */
export interface DefaultGrant {
  /** Undefined: in every schema. */
  schema?: string;
  owner: string;
  grantee: Grantee;
  privilege: string;
  objectType: 'RELATION' | 'FUNCTION' | 'PROCEDURE';
}

/** A user's membership of a role (SVV_USER_GRANTS) or group (PG_GROUP). */
export interface Membership {
  user: string;
  principal: string;
  via: PrincipalKind;
}

/** A role granted to a role (SVV_ROLE_GRANTS): members of `role` hold `grantedRole` too. */
export interface RoleNesting {
  role: string;
  grantedRole: string;
}

/** Column-level grants on a table (SVV_COLUMN_PRIVILEGES), gathered per table, grantee and privilege. */
export interface ColumnGrantSummary {
  schema: string;
  table: string;
  grantee: Grantee;
  privilege: string;
  /** The columns, by name: the REVOKE that ends the grant names each. */
  columns: readonly string[];
}

/** Row-level security on a table (SVV_RLS_RELATION, SVV_RLS_ATTACHED_POLICY). */
export interface RowSecurity {
  schema: string;
  table: string;
  policies: readonly string[];
}

/** Tables owned per schema and owner (owners read their own tables whatever the grants say). */
export interface Ownership {
  schema: string;
  owner: string;
  tables: number;
}

/** What the bot could see: a non-superuser identity sees only part of most privilege views. */
export type Visibility = { complete: true } | { complete: false; why: string };

/** One target's permissions as Redshift reports them, for the schemas asked about. */
export interface Observed {
  target: string;
  visibility: Visibility;
  /** The schemas asked about that exist, with how many tables each has. */
  schemas: readonly { name: string; owner: string; tables: number }[];
  schemaGrants: readonly SchemaGrant[];
  /** Scoped permissions on these schemas; `missing` already counts their tables as covered. */
  scopedGrants?: readonly ScopedGrant[];
  tableGrants: readonly TableGrantSummary[];
  /** Only for the (schema, grantee, privilege) a baseline expects on every table. */
  missing: readonly MissingTableGrant[];
  defaultGrants: readonly DefaultGrant[];
  members: readonly Membership[];
  nesting: readonly RoleNesting[];
  columnGrants: readonly ColumnGrantSummary[];
  rowSecurity: readonly RowSecurity[];
  ownership: readonly Ownership[];
  superusers: readonly string[];
  /** Principals (roles and groups) that exist. */
  principals: readonly { name: string; kind: PrincipalKind }[];
  users: readonly string[];
  /** Set when a list was cut at its cap: the report says so instead of pretending to be complete. */
  truncated: readonly string[];
}

/** A temporary grant the bot holds on record (access grants: granting, active or revoking). */
export interface LiveGrant {
  user: string;
  role: string;
  endsAt: number;
  grantId: string;
}

export type FindingKind =
  | 'missing-schema-privilege'
  | 'missing-table-privilege'
  | 'missing-default-privilege'
  | 'missing-principal'
  | 'missing-standing-member'
  | 'undeclared-schema-privilege'
  | 'undeclared-table-privilege'
  | 'public-grant'
  | 'direct-user-grant'
  | 'pii-reached-by-other'
  | 'standing-temporary-member'
  | 'undeclared-member'
  | 'column-grant'
  | 'row-level-security';

/** One difference between the baseline and the warehouse. */
export interface Finding {
  kind: FindingKind;
  /** Stable across runs while the finding is the same (the drift schedule posts each once). */
  key: string;
  schema?: string;
  /** What is wrong, in a sentence a person reads (mrkdwn-safe: names are escaped by the renderer). */
  summary: string;
  /** The statements that fix it, exactly as `grants apply` runs them; empty when only advice applies. */
  fix: readonly SqlStatement[];
  /** Advice instead of, or beside, a fix (column grants, row-level security). */
  advice?: string;
  /** Who loses what when the fix runs (revoking standing memberships, direct grants). */
  loses?: string;
}

/** Everyone who can read a schema or table, and how. */
export interface Reader {
  who: Grantee;
  how: 'superuser' | 'owner' | 'direct' | 'role' | 'group' | 'public';
  /** The chain that gives it: `alice → analytics_users → (SELECT on analytics.orders)`. */
  path: readonly string[];
  /** Set when the bot's own temporary grant explains it. */
  temporaryUntil?: number;
}

/**
 * What `drift` found. When the bot saw only part of the privilege views (a non-superuser identity,
 * or a list cut at its cap), `complete` is false and `why` says what may be missing: undeclared
 * grants and members may be absent from the findings. A non-superuser's missing-kind findings are
 * left out (counted in `why`): a row it cannot see is unknown, not absent. A list cut at its cap
 * keeps them, and `why` says something reported missing may exist where the bot could not see it.
 */
export type DriftResult = {
  findings: readonly Finding[];
  /** Things the baseline names that the warehouse lacks and no statement here creates (a schema, a user). */
  notes: readonly string[];
} & ({ complete: true } | { complete: false; why: string });
