import {
  addMember,
  createPrincipal,
  grantDefault,
  grantOnSchema,
  grantOnTables,
  granteeSql,
  removeMember,
  revokeDefault,
  revokeNestedRole,
  revokeOnColumns,
  revokeOnSchema,
  revokeOnTables,
} from '../../../../src/features/permissions/statements';
import type { Grantee } from '../../../../src/features/permissions/types';
import { InvalidIdentifierError, type SqlStatement } from '../../../../src/redshift/sql';

/** Names a hostile baseline or command could carry: each must end up inside one delimited identifier. */
const HOSTILE = ['x"; DROP TABLE pii.customers; --', "o'brien", 'a" TO PUBLIC; GRANT ALL ON SCHEMA pii TO "b', 'pii"."customers'];
/** Names that are refused outright: control characters, invisible look-alikes, empty, too long. */
const REFUSED = ['pii\u0000', 'pii\n; DROP TABLE t', 'pii\u200b', '', 'x'.repeat(128)];

/** Every statement builder, with `name` in each identifier slot it has. */
const builders = (name: string): Array<[string, () => SqlStatement]> => {
  const role: Grantee = { kind: 'role', name };
  return [
    ['grantOnSchema (schema)', () => grantOnSchema(name, ['USAGE'], { kind: 'role', name: 'r' })],
    ['grantOnSchema (grantee)', () => grantOnSchema('pii', ['USAGE'], role)],
    ['revokeOnSchema', () => revokeOnSchema(name, 'ALL', { kind: 'user', name })],
    ['grantOnTables', () => grantOnTables(name, ['SELECT'], { kind: 'group', name })],
    ['revokeOnTables', () => revokeOnTables(name, 'ALL', role)],
    ['grantDefault (creator)', () => grantDefault(name, 'pii', ['SELECT'], { kind: 'role', name: 'r' })],
    ['grantDefault (schema, grantee)', () => grantDefault('chatops_admin', name, ['SELECT'], role)],
    ['revokeDefault', () => revokeDefault(name, name, 'ALL', role)],
    ['revokeDefault (all schemas)', () => revokeDefault(name, undefined, ['SELECT'], { kind: 'user', name })],
    ['createPrincipal role', () => createPrincipal('role', name)],
    ['createPrincipal group', () => createPrincipal('group', name)],
    ['addMember role', () => addMember('role', name, name)],
    ['removeMember group', () => removeMember('group', name, name)],
    ['revokeNestedRole', () => revokeNestedRole(name, name)],
    ['revokeOnColumns (table, columns)', () => revokeOnColumns('pii', name, 'SELECT', [name, 'email'], { kind: 'user', name: 'bob' })],
    ['revokeOnColumns (schema, grantee)', () => revokeOnColumns(name, 'customers', 'UPDATE', ['email'], role)],
  ];
};

/** The SQL with every delimited identifier replaced by `I`: what is left is only the fixed text. */
const skeleton = (sql: string): string => sql.replace(/"(?:[^"]|"")*"/g, 'I');

describe('the statements grants apply runs', () => {
  it('write the GRANT, REVOKE (table, schema, column), ALTER DEFAULT PRIVILEGES and CREATE forms of the pages, every name quoted', () => {
    expect(grantOnSchema('Analytics', ['USAGE'], { kind: 'role', name: 'Analytics_Users' }).sql).toBe(
      'GRANT USAGE ON SCHEMA "analytics" TO ROLE "analytics_users"',
    );
    expect(revokeOnTables('pii', 'ALL', { kind: 'user', name: 'bob' }).sql).toBe('REVOKE ALL ON ALL TABLES IN SCHEMA "pii" FROM "bob"');
    expect(grantOnTables('adhoc', ['SELECT', 'INSERT', 'SELECT'], { kind: 'group', name: 'readers' }).sql).toBe(
      'GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA "adhoc" TO GROUP "readers"',
    );
    expect(grantDefault('chatops_admin', 'analytics', ['SELECT'], { kind: 'role', name: 'analytics_users' }).sql).toBe(
      'ALTER DEFAULT PRIVILEGES FOR USER "chatops_admin" IN SCHEMA "analytics" GRANT SELECT ON TABLES TO ROLE "analytics_users"',
    );
    expect(revokeDefault('chatops_admin', undefined, 'ALL', { kind: 'public', name: '' }).sql).toBe(
      'ALTER DEFAULT PRIVILEGES FOR USER "chatops_admin" REVOKE ALL ON TABLES FROM PUBLIC',
    );
    expect(createPrincipal('role', 'pii_users').sql).toBe('CREATE ROLE "pii_users"');
    expect(createPrincipal('group', 'readers').sql).toBe('CREATE GROUP "readers"');
    expect(addMember('role', 'pii_users', 'carol').sql).toBe('GRANT ROLE "pii_users" TO "carol"');
    expect(removeMember('group', 'readers', 'carol').sql).toBe('ALTER GROUP "readers" DROP USER "carol"');
    expect(revokeNestedRole('pii_users', 'analytics_users').sql).toBe('REVOKE ROLE "pii_users" FROM ROLE "analytics_users"');
    expect(granteeSql({ kind: 'public', name: '' })).toBe('PUBLIC');
    expect(revokeOnColumns('PII', 'Customers', 'SELECT', ['Email', 'full_name', 'email'], { kind: 'public', name: '' }).sql).toBe(
      'REVOKE SELECT ("email", "full_name") ON TABLE "pii"."customers" FROM PUBLIC',
    );
  });

  it.each(HOSTILE)('keep the hostile name %j inside one quoted identifier: the statement does nothing else', (name) => {
    const quoted = `"${name.toLowerCase().replace(/"/g, '""')}"`;
    for (const [what, build] of builders(name)) {
      const { sql, parameters } = build();
      expect({ what, quoted: sql.includes(quoted) }).toEqual({ what, quoted: true });
      // With the identifiers taken out, no statement separator, comment or string is left.
      expect({ what, rest: /[;'"]|--/.test(skeleton(sql)) }).toEqual({ what, rest: false });
      expect(parameters).toBeUndefined();
    }
  });

  it.each(REFUSED.map((name) => [JSON.stringify(name), name]))('refuse the name %s before any SQL is built', (_shown, name) => {
    for (const [what, build] of builders(name)) expect({ what, thrown: catchOf(build) }).toEqual({ what, thrown: InvalidIdentifierError });
  });

  it('take privileges from the pages lists only: anything else is refused, naming the list', () => {
    const role: Grantee = { kind: 'role', name: 'r' };
    expect(() => grantOnSchema('pii', ['USAGE; DROP TABLE t'], role)).toThrow(/is not one of USAGE, CREATE, ALTER, DROP/);
    expect(() => grantOnTables('pii', ['select'], role)).toThrow(/"select" is not one of SELECT/);
    expect(() => grantOnTables('pii', ['USAGE'], role)).toThrow(/is not one of/);
    // ALTER DEFAULT PRIVILEGES lists no ALTER for tables.
    expect(() => grantDefault('chatops_admin', 'pii', ['ALTER'], role)).toThrow(/is not one of/);
    expect(() => revokeOnTables('pii', [], role)).toThrow('needs at least one privilege');
    // A column grant is SELECT or UPDATE, and names at least one column.
    expect(() => revokeOnColumns('pii', 'customers', 'DELETE', ['email'], role)).toThrow(/is not one of SELECT, UPDATE/);
    expect(() => revokeOnColumns('pii', 'customers', 'SELECT', [], role)).toThrow('needs at least one column');
  });
});

function catchOf(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error instanceof Error ? error.constructor : error;
  }
  return undefined;
}
