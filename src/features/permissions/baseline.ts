/**
 * chatops.yml `permissions` as Baselines, and what each Level means in Redshift privileges (GRANT,
 * REVOKE and ALTER DEFAULT PRIVILEGES pages). Pure.
 */
import type { ExpectedTableGrant, ObserveScope } from './observe-sql';
import type { Baseline, DeclaredRole, Grantee, Level } from './types';

/** The shape chatops.yml validates to (config/chatops.ts), restated so this file needs no zod. */
export interface TargetPermissionsInput {
  roles: Readonly<Record<string, { mode: 'role' | 'group'; schemas: Readonly<Record<string, Level>>; temporaryOnly: boolean }>>;
  standing: Readonly<Record<string, readonly string[]>>;
  tableCreators: readonly string[];
}

/**
 * Schema privileges a level needs. "Schema privileges are CREATE and USAGE" (GRANT examples): ALL
 * ON SCHEMA gives both; newer pages add ALTER and DROP, accepted under `all` but not required.
 */
export const REQUIRED_SCHEMA: Readonly<Record<Level, readonly string[]>> = {
  usage: ['USAGE'],
  select: ['USAGE'],
  all: ['USAGE', 'CREATE'],
};

/**
 * Table privileges a level needs on every table, and in default privileges. `all` is GRANT ALL;
 * reading and writing data (SELECT, INSERT, UPDATE, DELETE) is what it is checked for, and every
 * other privilege ALL gives (DROP, REFERENCES, ALTER, TRUNCATE) is accepted without being required.
 */
export const REQUIRED_TABLE: Readonly<Record<Level, readonly string[]>> = {
  usage: [],
  select: ['SELECT'],
  all: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
};

/** Whether holding `privilege` on the schema is within the level. */
export function schemaAllows(level: Level, privilege: string): boolean {
  return level === 'all' || REQUIRED_SCHEMA[level].includes(privilege);
}

/** Whether holding `privilege` on tables (or in default privileges) is within the level. */
export function tableAllows(level: Level, privilege: string): boolean {
  return level === 'all' || REQUIRED_TABLE[level].includes(privilege);
}

export function baselineOf(target: string, input: TargetPermissionsInput): Baseline {
  const roles: DeclaredRole[] = Object.entries(input.roles)
    .map(([name, role]) => ({ name, kind: role.mode, schemas: { ...role.schemas }, temporaryOnly: role.temporaryOnly }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { target, roles, standing: { ...input.standing }, tableCreators: [...input.tableCreators] };
}

/** Every target's baseline, in target order. */
export function baselines(permissions: Readonly<Record<string, TargetPermissionsInput>>): Baseline[] {
  return Object.entries(permissions).map(([target, input]) => baselineOf(target, input));
}

export function granteeOf(role: DeclaredRole): Grantee {
  return { kind: role.kind, name: role.name };
}

/** Every schema the baseline names, sorted. */
export function declaredSchemas(baseline: Baseline): string[] {
  return [...new Set(baseline.roles.flatMap((role) => Object.keys(role.schemas)))].sort();
}

/** The schemas only temporary-only roles may reach (pii), with the roles that guard each. */
export function guardedSchemas(baseline: Baseline): Map<string, string[]> {
  const guarded = new Map<string, string[]>();
  for (const role of baseline.roles) {
    if (!role.temporaryOnly) continue;
    for (const schema of Object.keys(role.schemas)) guarded.set(schema, [...(guarded.get(schema) ?? []), role.name]);
  }
  return guarded;
}

/** The (schema, grantee, privilege) triples that must hold on every table, for observe's `missing`. */
export function expectedTableGrants(baseline: Baseline): ExpectedTableGrant[] {
  return baseline.roles.flatMap((role) =>
    Object.entries(role.schemas).flatMap(([schema, level]) =>
      REQUIRED_TABLE[level].map((privilege) => ({ schema, grantee: granteeOf(role), privilege })),
    ),
  );
}

/** What `grants check` asks observe for: the declared schemas and the table grants they need. */
export function observeScope(baseline: Baseline): ObserveScope {
  return { schemas: declaredSchemas(baseline), expected: expectedTableGrants(baseline) };
}
