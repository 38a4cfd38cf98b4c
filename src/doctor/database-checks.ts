import type { ChatopsConfig } from '../config/chatops';
import type { Target } from '../config/targets';
import { failureText } from '../features/shared/failure';
import { AwsOperationError, isFault } from '../redshift/errors';
import { normalizeIdentifier, statement, type SqlStatement } from '../redshift/sql';
import type { SqlRunner } from '../redshift/sql-runner';
import { probeSystemAccess, type SystemAccess } from '../redshift/visibility';
import type { WarehouseDirectory } from '../redshift/warehouse';
import { featureNeeds, privilegeResults, roleResults, rolesOn, type RoleFacts } from './database-needs';
import type { CheckResult } from './types';

/**
 * The database side of `npm run doctor`, target by target, with read-only statements: who the Data
 * API runs as, what that identity may see and do, and that every role or group access.roles names
 * exists and may be granted by it. Views and columns are the catalog's (src/redshift/catalog).
 */
export async function databaseChecks(
  sql: Pick<SqlRunner, 'execute'>,
  config: Pick<ChatopsConfig, 'targets' | 'access' | 'permissions'>,
  warehouses?: WarehouseDirectory,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [name, target] of Object.entries(config.targets)) {
    const base = { area: 'database' as const, target: name };
    let access: SystemAccess;
    try {
      access = await probeSystemAccess(sql, target);
    } catch (error) {
      results.push(await unreachable(base, name, target, error, warehouses));
      continue;
    }
    if (access.user === '') {
      // Every user sees its own row of SVV_USER_INFO (r_SVV_USER_INFO.html); without it nothing can be named.
      results.push({
        ...base,
        name: 'Data API runs as a known user',
        status: 'not-verified',
        detail: 'SVV_USER_INFO shows no row for current_user; roles and privileges were not checked',
      });
      continue;
    }
    results.push({ ...base, name: `Data API runs as ${access.user}`, status: 'ok', detail: identityText(target) });
    try {
      results.push(...privilegeResults(base, target, access, featureNeeds(config, name)));
      results.push(...roleResults(base, config, name, access, await roleFacts(sql, target, config, name)));
    } catch (error) {
      results.push({ ...base, name: 'roles and privileges', status: 'not-verified', detail: failureText(error) });
    }
  }
  return results;
}

/** How chatops.yml lets the Data API in (data-api-iam.html). */
function identityText(target: Target): string {
  if (target.secretArn !== undefined) return "the database user stored in the target's secret (secretArn)";
  if (target.kind === 'provisioned') return `dbUser ${target.dbUser ?? ''}, with temporary credentials (GetClusterCredentials)`;
  return "the bot's own IAM identity (GetCredentials maps it to IAMR:<role name>)";
}

/** The IAM actions the Data API needs for this target's way in (serverless.yml, docs/PERMISSIONS.md). */
function dataApiActions(target: Target): string[] {
  const credentials =
    target.secretArn !== undefined
      ? 'secretsmanager:GetSecretValue'
      : target.kind === 'provisioned'
        ? 'redshift:GetClusterCredentials'
        : 'redshift-serverless:GetCredentials';
  return ['redshift-data:ExecuteStatement', 'redshift-data:DescribeStatement', 'redshift-data:GetStatementResult', credentials];
}

/** The Data API could not run the probe: denied is missing (the IAM actions); anything else not verified, with the warehouse's state when known. */
async function unreachable(
  base: Pick<CheckResult, 'area' | 'target'>,
  name: string,
  target: Target,
  error: unknown,
  warehouses: WarehouseDirectory | undefined,
): Promise<CheckResult> {
  const check = { ...base, name: 'Data API reaches the warehouse' };
  if (
    isFault(error, 'AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation') ||
    (error instanceof AwsOperationError && error.status === 403)
  ) {
    return {
      ...check,
      status: 'missing',
      detail: failureText(error),
      fix: `allow ${dataApiActions(target).join(', ')} to the bot's IAM role (serverless.yml lists them)`,
    };
  }
  let state = '';
  if (warehouses) {
    try {
      const status = await warehouses.get(name).status();
      if (!status.available) state = ` (${status.identifier} is ${status.state})`;
    } catch {
      // The AWS checks report the control plane; here the Data API's own error is the answer.
    }
  }
  return { ...check, status: 'not-verified', detail: `${failureText(error)}${state}; roles and privileges were not checked` };
}

/** `IN (:p0, :p1, …)` over stored names: values always travel as parameters. */
function inList(prefix: string, names: readonly string[]): { sql: string; parameters: Record<string, string> } {
  const parameters = Object.fromEntries(names.map((value, i) => [`${prefix}${i}`, value]));
  return {
    sql: `(${Object.keys(parameters)
      .map((key) => `:${key}`)
      .join(', ')})`,
    parameters,
  };
}

function rolesStatement(roles: readonly string[]): SqlStatement {
  const list = inList('role', roles);
  return statement(`SELECT role_name, role_owner FROM svv_roles WHERE role_name IN ${list.sql}`, list.parameters);
}

/** The bot's own rows of SVV_USER_GRANTS, which every user sees (r_SVV_USER_GRANTS.html). */
function adminStatement(roles: readonly string[]): SqlStatement {
  const list = inList('role', roles);
  return statement(
    `SELECT role_name, admin_option FROM svv_user_grants WHERE user_name = current_user AND role_name IN ${list.sql}`,
    list.parameters,
  );
}

function groupsStatement(groups: readonly string[]): SqlStatement {
  const list = inList('group', groups);
  return statement(`SELECT groname FROM pg_group WHERE groname IN ${list.sql}`, list.parameters);
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === 't';
}

async function roleFacts(
  sql: Pick<SqlRunner, 'execute'>,
  target: Target,
  config: Pick<ChatopsConfig, 'access'>,
  name: string,
): Promise<RoleFacts> {
  const on = rolesOn(config, name);
  const roles = on.roles.map((role) => normalizeIdentifier(role, 'role'));
  const groups = on.groups.map((group) => normalizeIdentifier(group, 'group'));
  const facts = { roles: new Map<string, string | undefined>(), adminOf: new Set<string>(), groups: new Set<string>() };
  if (roles.length > 0) {
    for (const row of (await sql.execute(target, rolesStatement(roles))).rows) {
      const owner = row.role_owner;
      facts.roles.set(String(row.role_name).trim(), owner === null || owner === undefined ? undefined : String(owner).trim());
    }
    for (const row of (await sql.execute(target, adminStatement(roles))).rows) {
      if (truthy(row.admin_option)) facts.adminOf.add(String(row.role_name).trim());
    }
  }
  if (groups.length > 0) {
    for (const row of (await sql.execute(target, groupsStatement(groups))).rows) facts.groups.add(String(row.groname).trim());
  }
  return facts;
}
