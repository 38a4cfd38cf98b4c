/**
 * Drift, the privileges the baseline declares that the warehouse lacks: on the schema, on its tables
 * (tables created after the last GRANT … ON ALL TABLES), and in default privileges for the tables
 * `tableCreators` make later. Pure.
 */
import { granteeOf, REQUIRED_SCHEMA, REQUIRED_TABLE } from './baseline';
import { describeGrantee, findingKey, joinWords, ordered, sameGrantee, tablesText } from './drift-common';
import { grantDefault, grantOnSchema, grantOnTables, SCHEMA_PRIVILEGES, TABLE_PRIVILEGES } from './statements';
import type { Baseline, DeclaredRole, Finding, Level, Observed } from './types';

/** Each declared (role, schema, level) in a schema that exists. */
function declaredInExisting(baseline: Baseline, observed: Observed): { role: DeclaredRole; schema: string; level: Level }[] {
  const existing = new Set(observed.schemas.map((schema) => schema.name));
  return baseline.roles.flatMap((role) =>
    Object.entries(role.schemas)
      .filter(([schema]) => existing.has(schema))
      .map(([schema, level]) => ({ role, schema, level })),
  );
}

export function missingSchemaPrivileges(baseline: Baseline, observed: Observed): Finding[] {
  return declaredInExisting(baseline, observed).flatMap(({ role, schema, level }) => {
    const grantee = granteeOf(role);
    const held = new Set(
      observed.schemaGrants.filter((g) => g.schema === schema && sameGrantee(g.grantee, grantee)).map((g) => g.privilege),
    );
    const missing = ordered(
      REQUIRED_SCHEMA[level].filter((privilege) => !held.has(privilege)),
      SCHEMA_PRIVILEGES,
    );
    if (missing.length === 0) return [];
    return [
      {
        kind: 'missing-schema-privilege',
        key: findingKey('missing-schema-privilege', schema, role.name, ...missing),
        schema,
        summary: `${describeGrantee(grantee)} lacks ${joinWords(missing)} on schema ${schema} (declared: ${level})`,
        fix: [grantOnSchema(schema, missing, grantee)],
      },
    ];
  });
}

export function missingTablePrivileges(baseline: Baseline, observed: Observed): Finding[] {
  return declaredInExisting(baseline, observed).flatMap(({ role, schema, level }) => {
    const grantee = granteeOf(role);
    const required = REQUIRED_TABLE[level];
    const rows = observed.missing.filter((m) => m.schema === schema && sameGrantee(m.grantee, grantee) && required.includes(m.privilege));
    if (rows.length === 0) return [];
    const privileges = ordered(
      rows.map((m) => m.privilege),
      TABLE_PRIVILEGES,
    );
    // The widest row names the most tables; its sample is the one shown.
    const widest = rows.reduce((a, b) => (b.tables > a.tables ? b : a));
    const total = observed.schemas.find((s) => s.name === schema)?.tables ?? widest.tables;
    return [
      {
        kind: 'missing-table-privilege',
        key: findingKey('missing-table-privilege', schema, role.name, ...privileges),
        schema,
        summary:
          `${describeGrantee(grantee)} lacks ${joinWords(privileges)} on ${tablesText(schema, widest.tables, widest.sample)}` +
          ` (${total} in all; declared: ${level}), such as tables created after the last GRANT … ON ALL TABLES`,
        fix: [grantOnTables(schema, level === 'all' ? 'ALL' : privileges, grantee)],
      },
    ];
  });
}

/**
 * Default privileges per table creator, schema and role. Only those set IN SCHEMA count: a default
 * set for every schema would reach schemas the role is not declared for (reported as undeclared).
 */
export function missingDefaultPrivileges(baseline: Baseline, observed: Observed, creators: readonly string[]): Finding[] {
  return creators.flatMap((creator) =>
    declaredInExisting(baseline, observed).flatMap(({ role, schema, level }) => {
      const grantee = granteeOf(role);
      const held = new Set(
        observed.defaultGrants
          .filter((d) => d.owner === creator && d.objectType === 'RELATION' && d.schema === schema && sameGrantee(d.grantee, grantee))
          .map((d) => d.privilege),
      );
      const missing = ordered(
        REQUIRED_TABLE[level].filter((privilege) => !held.has(privilege)),
        TABLE_PRIVILEGES,
      );
      if (missing.length === 0) return [];
      return [
        {
          kind: 'missing-default-privilege',
          key: findingKey('missing-default-privilege', schema, creator, role.name, ...missing),
          schema,
          summary: `tables ${creator} creates later in ${schema} will not give ${describeGrantee(grantee)} ${joinWords(missing)} (no default privileges; declared: ${level})`,
          fix: [grantDefault(creator, schema, level === 'all' ? 'ALL' : missing, grantee)],
        },
      ];
    }),
  );
}
