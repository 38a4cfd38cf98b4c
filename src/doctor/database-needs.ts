import type { ChatopsConfig } from '../config/chatops';
import type { Target } from '../config/targets';
import { systemCatalog, type SystemCatalog } from '../redshift/catalog';
import { normalizeIdentifier, quoteIdentifier } from '../redshift/sql';
import { seesAllRows, type SystemAccess } from '../redshift/visibility';
import type { CheckResult } from './types';

/**
 * What each feature needs of the bot's database identity on one target, and what it loses without
 * it (docs/PERMISSIONS.md, section 2). Pure: database-checks.ts reads the facts, this says what they mean.
 */
interface FeatureNeed {
  feature: string;
  /** Views it reads (catalog names): their catalog visibility says what a regular user sees. */
  views: readonly string[];
  /** What only a superuser may do, whatever the views show. */
  superuserOnly?: string;
  /** The feature is configured for this target and fails, not merely degrades, without a superuser. */
  required: boolean;
}

/**
 * Own-rows views whose pages name ACCESS SYSTEM TABLE, not SYSLOG ACCESS UNRESTRICTED, as what shows
 * every row (r_SVV_USER_GRANTS, r_SVV_ROLE_GRANTS, r_SVV_SCHEMA_PRIVILEGES, r_SVV_DEFAULT_PRIVILEGES,
 * r_SVV_COLUMN_PRIVILEGES): UNRESTRICTED is not counted on for them.
 */
const ONLY_SUPERUSER_WIDENS = new Set([
  'svv_user_grants',
  'svv_role_grants',
  'svv_schema_privileges',
  'svv_default_privileges',
  'svv_column_privileges',
]);

/** The bot's roles on a target, by grant mode (access.roles, targets already filled in). */
export function rolesOn(
  config: Pick<ChatopsConfig, 'access'>,
  targetName: string,
): { roles: string[]; groups: string[]; endSessions: boolean } {
  const on = Object.entries(config.access.roles).filter(([, role]) => role.targets.includes(targetName));
  return {
    roles: on.filter(([, role]) => role.mode === 'role').map(([name]) => name),
    groups: on.filter(([, role]) => role.mode === 'group').map(([name]) => name),
    endSessions: on.some(([, role]) => role.endSessionsOnRevoke),
  };
}

/** The features that use the database on this target, each with what it reads. */
export function featureNeeds(config: Pick<ChatopsConfig, 'access' | 'permissions'>, targetName: string): FeatureNeed[] {
  const { roles, groups, endSessions } = rolesOn(config, targetName);
  const needs: FeatureNeed[] = [];
  if (roles.length > 0) needs.push({ feature: 'access (verifying a grant)', views: ['svv_user_grants'], required: true });
  if (groups.length > 0)
    needs.push({
      feature: 'access, group mode',
      views: ['pg_group'],
      superuserOnly: 'ALTER GROUP (only a superuser may alter groups)',
      required: true,
    });
  if (endSessions)
    needs.push({
      feature: 'access (ending sessions)',
      views: ['sys_session_history'],
      superuserOnly: "PG_TERMINATE_BACKEND on another user's session",
      required: true,
    });
  if (config.permissions[targetName] !== undefined)
    needs.push({
      feature: 'permissions as code (grants apply refuses without a superuser)',
      views: [
        'svv_schema_privileges',
        'svv_relation_privileges',
        'svv_default_privileges',
        'svv_column_privileges',
        'svv_user_grants',
        'svv_role_grants',
      ],
      required: true,
    });
  needs.push(
    {
      feature: 'cost',
      views: [
        'sys_query_history',
        'svl_s3query_summary',
        'sys_serverless_usage',
        'svv_table_info',
        'svv_ml_model_info',
        'stv_ml_model_info',
      ],
      required: false,
    },
    { feature: 'vacuum', views: ['svv_table_info', 'sys_vacuum_history', 'sys_analyze_history', 'svv_vacuum_progress'], required: false },
    { feature: 'restore swap', views: ['svv_relation_privileges'], required: false },
  );
  return needs;
}

/** The views of a need that exist on this kind of target and hide rows from `access`. */
function hiddenViews(need: FeatureNeed, kind: Target['kind'], access: SystemAccess, catalog: SystemCatalog): string[] {
  return need.views.filter((view) => {
    const entry = catalog.require(view);
    if (!entry.targets.includes(kind)) return false;
    if (ONLY_SUPERUSER_WIDENS.has(view)) return !access.superuser;
    return !seesAllRows(access, entry.visibility);
  });
}

/**
 * A stored user name as a delimited identifier. quoteIdentifier folds ASCII capitals, which would
 * name another user for an IAM-mapped one ("IAMR:…"); AWS's own examples keep them
 * (GRANT … TO "IAMR:MyRedshiftQEv2Scheduler"), so a name that folds differently is kept as stored.
 */
export function quoteStoredUser(name: string): string {
  return normalizeIdentifier(name, 'user') === name ? quoteIdentifier(name, 'user') : `"${name.replace(/"/g, '""')}"`;
}

type Base = Pick<CheckResult, 'area' | 'target'>;

/** Superuser and SYSLOG ACCESS: what the bot's identity lacks, feature by feature. */
export function privilegeResults(
  base: Base,
  target: Target,
  access: SystemAccess,
  needs: readonly FeatureNeed[],
  catalog: SystemCatalog = systemCatalog(),
): CheckResult[] {
  const user = quoteStoredUser(access.user);
  if (access.superuser) {
    return [{ ...base, name: `database user ${access.user} is a superuser`, status: 'ok', detail: 'sees every row of every system view' }];
  }
  const lost = needs
    .map((need) => {
      const hidden = hiddenViews(need, target.kind, access, catalog).map((view) => view.toUpperCase());
      const what = [
        ...(need.superuserOnly ? [need.superuserOnly] : []),
        ...(hidden.length > 0 ? [`cannot see all of ${hidden.join(', ')}`] : []),
      ];
      return what.length === 0 ? undefined : { need, text: `${need.feature}: ${what.join('; ')}` };
    })
    .filter((x): x is { need: FeatureNeed; text: string } => x !== undefined);
  const iamUser = target.kind === 'serverless' && target.secretArn === undefined;
  const superuser: CheckResult = {
    ...base,
    name: `database user ${access.user} is a superuser`,
    status: lost.length === 0 ? 'ok' : 'missing',
    detail:
      lost.length === 0
        ? 'not a superuser; nothing configured here needs one'
        : `not a superuser, so ${lost.map((l) => l.text).join('. ')}`,
    ...(lost.length === 0
      ? {}
      : {
          fix:
            `ALTER USER ${user} CREATEUSER` +
            (iamUser
              ? " (no AWS page says an IAM-mapped user can be made a superuser; or set the target's secretArn to a secret holding the namespace's admin user)"
              : ''),
          optional: !lost.some((l) => l.need.required),
        }),
  };
  const ownRows = [
    ...new Set(
      needs.flatMap((need) =>
        need.views.filter((view) => {
          const entry = catalog.require(view);
          return entry.targets.includes(target.kind) && entry.visibility === 'own-rows' && !ONLY_SUPERUSER_WIDENS.has(view);
        }),
      ),
    ),
  ].map((view) => view.toUpperCase());
  const syslog: CheckResult = access.syslogUnrestricted
    ? { ...base, name: `database user ${access.user} has SYSLOG ACCESS UNRESTRICTED`, status: 'ok' }
    : {
        ...base,
        name: `database user ${access.user} has SYSLOG ACCESS UNRESTRICTED`,
        status: 'missing',
        detail: `RESTRICTED: ${ownRows.join(', ')} show it only its own rows (other users' activity is reported as not visible)`,
        fix: `ALTER USER ${user} SYSLOG ACCESS UNRESTRICTED`,
        optional: true,
      };
  return [superuser, syslog];
}

/** What the catalog reads said about the roles and groups access.roles names on this target. */
export interface RoleFacts {
  /** SVV_ROLES rows by stored role name: the owner, when shown. */
  roles: ReadonlyMap<string, string | undefined>;
  /** Roles the bot holds WITH ADMIN OPTION (its own rows of SVV_USER_GRANTS). */
  adminOf: ReadonlySet<string>;
  /** PG_GROUP names found. */
  groups: ReadonlySet<string>;
}

/** Each role or group exists, and the bot may grant it (t_role_assignment.html; r_Groups.html). */
export function roleResults(
  base: Base,
  config: Pick<ChatopsConfig, 'access'>,
  targetName: string,
  access: SystemAccess,
  facts: RoleFacts,
): CheckResult[] {
  const { roles, groups } = rolesOn(config, targetName);
  const user = quoteStoredUser(access.user);
  const partial = access.superuser ? '' : ` (as the regular user ${access.user} sees it)`;
  const results: CheckResult[] = [];
  for (const role of roles) {
    const stored = normalizeIdentifier(role, 'role');
    const quoted = quoteIdentifier(role, 'role');
    const exists = facts.roles.has(stored);
    results.push(
      exists
        ? { ...base, name: `role ${role} exists`, status: 'ok' }
        : { ...base, name: `role ${role} exists`, status: 'missing', detail: `not in SVV_ROLES${partial}`, fix: `CREATE ROLE ${quoted}` },
    );
    const owner = facts.roles.get(stored);
    const name = `bot can grant role ${role}`;
    if (access.superuser) results.push({ ...base, name, status: 'ok', detail: 'a superuser may grant any role' });
    else if (owner !== undefined && owner === access.user) results.push({ ...base, name, status: 'ok', detail: `${access.user} owns it` });
    else if (facts.adminOf.has(stored)) results.push({ ...base, name, status: 'ok', detail: `${access.user} holds it WITH ADMIN OPTION` });
    else
      results.push({
        ...base,
        name,
        status: 'missing',
        detail: `only a superuser or the role's administrators (its owner, users granted it WITH ADMIN OPTION) may grant it; ${access.user} is neither`,
        fix: `${exists ? '' : `after CREATE ROLE ${quoted}: `}GRANT ROLE ${quoted} TO ${user} WITH ADMIN OPTION`,
      });
  }
  for (const group of groups) {
    const stored = normalizeIdentifier(group, 'group');
    const quoted = quoteIdentifier(group, 'group');
    results.push(
      facts.groups.has(stored)
        ? { ...base, name: `group ${group} exists`, status: 'ok' }
        : { ...base, name: `group ${group} exists`, status: 'missing', detail: `not in PG_GROUP${partial}`, fix: `CREATE GROUP ${quoted}` },
    );
    const name = `bot can add users to group ${group}`;
    results.push(
      access.superuser
        ? { ...base, name, status: 'ok', detail: 'a superuser may alter any group' }
        : { ...base, name, status: 'missing', detail: 'only a superuser may alter groups', fix: `ALTER USER ${user} CREATEUSER` },
    );
  }
  return results;
}
