import {
  columnGrantsStatement,
  defaultGrantsStatement,
  groupsStatement,
  missingStatements,
  nestingStatement,
  normalizeScope,
  ownershipStatement,
  rlsPoliciesStatement,
  rlsRelationsStatement,
  rolesStatement,
  schemaGrantsStatement,
  schemasStatement,
  tableGrantsStatement,
  userRolesStatement,
  usersStatement,
} from '../../../../src/features/permissions/observe-sql';
import { grantedSchemas } from '../../../../src/features/permissions/baseline-job';
import { systemCatalog } from '../../../../src/redshift/catalog';
import type { SqlStatement } from '../../../../src/redshift/sql';
import { systemAccessStatement } from '../../../../src/redshift/visibility';

const scope = normalizeScope({
  schemas: ['analytics', 'pii'],
  expected: [{ schema: 'analytics', grantee: { kind: 'role', name: 'analytics_users' }, privilege: 'SELECT' }],
  table: { schema: 'pii', table: 'customers' },
});

/** Every statement the permissions feature reads with: observe's, the probe of who the bot is, and grants baseline's. */
const STATEMENTS: Array<[string, SqlStatement]> = [
  ['schemas', schemasStatement(scope)],
  ['ownership', ownershipStatement(scope)],
  ['schema grants', schemaGrantsStatement(scope)],
  ['table grants', tableGrantsStatement(scope)],
  ['missing', missingStatements(scope)[0]!],
  ['default grants', defaultGrantsStatement(scope)],
  ['users', usersStatement()],
  ['roles', rolesStatement()],
  ['user roles', userRolesStatement()],
  ['groups', groupsStatement()],
  ['nesting', nestingStatement()],
  ['column grants', columnGrantsStatement(scope)],
  ['rls relations', rlsRelationsStatement(scope)],
  ['rls policies', rlsPoliciesStatement(scope)],
  ['system access', systemAccessStatement()],
  ['baseline schemas', grantedSchemas],
];

/** SQL words and functions the statements use; anything else must be a catalog column or a name the statement defines. */
const SQL_WORDS = new Set(
  (
    'select from where and or not in is null as on join left cross group by order limit over partition row_number count ' +
    'trim cast varchar union all distinct any current_user'
  ).split(' '),
);

/** The relations a statement reads (FROM / JOIN name [alias]), with their aliases. */
function relationsOf(sql: string): Map<string, string> {
  const byAlias = new Map<string, string>();
  for (const match of sql.matchAll(/\b(?:from|join)\s+([a-z_][a-z0-9_]*)(?:\s+([a-z_][a-z0-9_]*))?/gi)) {
    const relation = match[1]!.toLowerCase();
    const alias = match[2]?.toLowerCase();
    byAlias.set(relation, relation);
    if (alias && !SQL_WORDS.has(alias)) byAlias.set(alias, relation);
  }
  return byAlias;
}

describe('what the permissions feature reads is documented', () => {
  const catalog = systemCatalog();

  it.each(STATEMENTS)('%s: every system view it reads has a catalog entry on both target kinds', (_name, { sql }) => {
    const system = [...new Set(relationsOf(sql).values())].filter((r) => /^(svv|pg|stv|stl|sys|svl)_/.test(r));
    expect(system.length).toBeGreaterThan(0);
    for (const relation of system) {
      const entry = catalog.entry(relation);
      expect({ relation, page: entry?.page.startsWith('https://docs.aws.amazon.com/') }).toEqual({ relation, page: true });
      expect({ relation, targets: [...(entry?.targets ?? [])].sort() }).toEqual({ relation, targets: ['provisioned', 'serverless'] });
    }
  });

  it.each(STATEMENTS)('%s: every column it names is one its view documents', (_name, { sql }) => {
    const text = sql.replace(/'[^']*'/g, "''").replace(/:[a-z0-9_]+/gi, '');
    const relations = relationsOf(text);
    // Qualified references: alias.column must be a column of the aliased view.
    for (const match of text.matchAll(/\b([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\b/gi)) {
      const relation = relations.get(match[1]!.toLowerCase());
      if (!relation || !catalog.has(relation)) continue;
      expect({ relation, column: match[2], documented: catalog.column(relation, match[2]!) !== undefined }).toEqual({
        relation,
        column: match[2],
        documented: true,
      });
    }
    // Bare names: SQL, a relation or alias, a name the statement defines (AS x, a subquery's alias), or a column of a view it reads.
    const defined = new Set(
      [...text.matchAll(/\bas\s+([a-z_][a-z0-9_]*)/gi), ...text.matchAll(/\)\s+([a-z_][a-z0-9_]*)/gi)]
        .map((m) => m[1]!.toLowerCase())
        .filter((w) => !SQL_WORDS.has(w)),
    );
    const columns = new Set(
      [...new Set(relations.values())].filter((r) => catalog.has(r)).flatMap((r) => catalog.columns(r).map((c) => c.name)),
    );
    const unknown = [...text.replace(/\b[a-z_][a-z0-9_]*\.([a-z_][a-z0-9_]*)\b/gi, '').matchAll(/\b[a-z_][a-z0-9_]*\b/gi)]
      .map((m) => m[0].toLowerCase())
      .filter((word) => !SQL_WORDS.has(word) && !relations.has(word) && !defined.has(word) && !columns.has(word));
    expect(unknown).toEqual([]);
  });
});
