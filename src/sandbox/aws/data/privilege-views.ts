/**
 * The backing relations of the privilege views added for permissions as code: default privileges,
 * column privileges, row-level security and roles, each computed from PostgreSQL's own catalogs
 * (pg_default_acl, pg_attribute.attacl, pg_policy and relrowsecurity, pg_roles), so a GRANT, an
 * ALTER DEFAULT PRIVILEGES or a policy shows up as Redshift reports it. Part of SYSTEM_SQL (it
 * uses redshift_internal.identity_type and redshift_sys.current_database, defined before it).
 * Values Redshift does not have are left out (PostgreSQL's MAINTAIN, column INSERT and REFERENCES).
 */
const USER_SCHEMA = String.raw`n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'redshift_sys', 'redshift_internal')`;

const IDENTITY_NAME = (grantee: string): string => `CASE WHEN ${grantee} = 0 THEN 'public' ELSE pg_get_userbyid(${grantee})::text END`;

/** PostgreSQL combines permissive policies with OR; Redshift's default conjunction is AND. */
const CONJUNCTION = `(CASE WHEN EXISTS (SELECT 1 FROM pg_policy p2 WHERE p2.polrelid = c.oid AND p2.polpermissive) THEN 'or' ELSE 'and' END)`;

export const PRIVILEGE_VIEWS_SQL = String.raw`
-- SVV_DEFAULT_PRIVILEGES. A default set without IN SCHEMA (defaclnamespace 0) holds PostgreSQL's whole
-- ACL, the owner's own privileges and PUBLIC's EXECUTE on functions included: those are built-in
-- defaults, not grants, and are left out.
CREATE VIEW redshift_internal.svv_default_privileges AS
  SELECT n.nspname::text AS schema_name,
         (CASE d.defaclobjtype WHEN 'r' THEN 'RELATION' ELSE 'FUNCTION' END)::text AS object_type,
         d.defaclrole::int AS owner_id, pg_get_userbyid(d.defaclrole)::text AS owner_name, 'user'::text AS owner_type,
         a.privilege_type::text AS privilege_type, a.grantee::int AS grantee_id, ${IDENTITY_NAME('a.grantee')} AS grantee_name,
         redshift_internal.identity_type(a.grantee) AS grantee_type, a.is_grantable AS admin_option
  FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
  CROSS JOIN LATERAL aclexplode(d.defaclacl) a
  WHERE d.defaclobjtype IN ('r', 'f') AND a.grantee <> d.defaclrole AND (d.defaclnamespace = 0 OR (${USER_SCHEMA}))
    AND NOT (d.defaclnamespace = 0 AND d.defaclobjtype = 'f' AND a.grantee = 0 AND a.privilege_type = 'EXECUTE')
    -- The page's values, and TRUNCATE, which ALTER DEFAULT PRIVILEGES grants (see the catalog entry).
    AND a.privilege_type IN ('INSERT', 'SELECT', 'UPDATE', 'DELETE', 'RULE', 'REFERENCES', 'TRIGGER', 'DROP', 'EXECUTE', 'TRUNCATE');

-- SVV_COLUMN_PRIVILEGES: grants on single columns (GRANT SELECT (col) ON t TO …), from the column ACLs.
CREATE VIEW redshift_internal.svv_column_privileges AS
  SELECT n.nspname::text AS namespace_name, c.relname::text AS relation_name, att.attname::text AS column_name,
         a.privilege_type::text AS privilege_type, a.grantee::int AS identity_id, ${IDENTITY_NAME('a.grantee')} AS identity_name,
         redshift_internal.identity_type(a.grantee) AS identity_type
  FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL aclexplode(att.attacl) a
  WHERE att.attnum > 0 AND NOT att.attisdropped AND att.attacl IS NOT NULL AND c.relkind IN ('r', 'v', 'm', 'p')
    AND ${USER_SCHEMA} AND a.grantee <> c.relowner AND a.privilege_type IN ('SELECT', 'UPDATE');

-- SVV_RLS_RELATION: relations with row-level security on, or with policies attached.
CREATE VIEW redshift_internal.svv_rls_relation AS
  SELECT redshift_sys.current_database()::text AS datname, n.nspname::text AS relschema, c.relname::text AS relname,
         (CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END)::text AS relkind,
         c.relrowsecurity AS is_rls_on, false AS is_rls_datashare_on,
         ${CONJUNCTION} AS rls_conjunction_type, 'and'::text AS rls_datashare_conjunction_type
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${USER_SCHEMA} AND (c.relrowsecurity OR EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid));

-- SVV_RLS_ATTACHED_POLICY: one row per policy and grantee (polroles; {0} is PUBLIC).
CREATE VIEW redshift_internal.svv_rls_attached_policy AS
  SELECT n.nspname::text AS relschema, c.relname::text AS relname,
         (CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END)::text AS relkind,
         p.polname::text AS polname, pg_get_userbyid(c.relowner)::text AS grantor,
         ${IDENTITY_NAME('r.grantee')} AS grantee,
         (CASE WHEN r.grantee = 0 THEN 'public' WHEN redshift_internal.identity_type(r.grantee) = 'user' THEN 'user' ELSE 'role' END)::text AS granteekind,
         true AS is_pol_on, c.relrowsecurity AS is_rls_on, ${CONJUNCTION} AS rls_conjunction_type
  FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL unnest(p.polroles) AS r(grantee)
  WHERE ${USER_SCHEMA};

-- SVV_ROLES: roles (CREATE ROLE), not users and not groups (CREATE GROUP).
CREATE VIEW redshift_internal.svv_roles AS
  SELECT r.oid::int AS role_id, r.rolname::text AS role_name
  FROM pg_roles r
  WHERE NOT r.rolcanlogin AND r.rolname NOT LIKE 'pg\_%' AND r.rolname NOT IN (SELECT groname FROM redshift_internal.groups);
`;
