import {
  expectedTableGrants,
  guardedSchemas,
  observeScope,
  schemaAllows,
  tableAllows,
} from '../../../../src/features/permissions/baseline';
import { grantDefault, grantOnTables, revokeOnSchema } from '../../../../src/features/permissions/statements';
import { exampleBaseline } from './fixtures';

describe('baseline', () => {
  const baseline = exampleBaseline();

  it('reads the example matrix as declared roles, sorted by name', () => {
    expect(baseline.roles).toEqual([
      { name: 'analytics_authors', kind: 'role', schemas: { analytics: 'all', adhoc: 'all', raw_data: 'select' }, temporaryOnly: false },
      { name: 'analytics_users', kind: 'role', schemas: { analytics: 'select', adhoc: 'all', raw_data: 'select' }, temporaryOnly: false },
      { name: 'pii_users', kind: 'role', schemas: { pii: 'select' }, temporaryOnly: true },
    ]);
    expect(baseline.standing).toEqual({ bob: ['analytics_authors'], alice: ['analytics_users'], carol: ['analytics_users'] });
    expect(baseline.tableCreators).toEqual(['chatops_admin']);
    expect([...guardedSchemas(baseline)]).toEqual([['pii', ['pii_users']]]);
  });

  it('asks observe for every declared schema and the table privileges each level needs on every table', () => {
    const scope = observeScope(baseline);
    expect(scope.schemas).toEqual(['adhoc', 'analytics', 'pii', 'raw_data']);
    const authors = expectedTableGrants(baseline).filter((e) => e.grantee.name === 'analytics_authors' && e.schema === 'analytics');
    expect(authors.map((e) => e.privilege)).toEqual(['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
    expect(expectedTableGrants(baseline).filter((e) => e.schema === 'pii')).toEqual([
      { schema: 'pii', grantee: { kind: 'role', name: 'pii_users' }, privilege: 'SELECT' },
    ]);
  });

  it('maps levels to privileges: usage the schema only, select reads, all accepts every privilege', () => {
    expect(schemaAllows('usage', 'USAGE')).toBe(true);
    expect(schemaAllows('select', 'CREATE')).toBe(false);
    expect(schemaAllows('all', 'DROP')).toBe(true);
    expect(tableAllows('usage', 'SELECT')).toBe(false);
    expect(tableAllows('select', 'SELECT')).toBe(true);
    expect(tableAllows('select', 'INSERT')).toBe(false);
    expect(tableAllows('all', 'TRUNCATE')).toBe(true);
  });

  it('builds statements from the pages lists only', () => {
    expect(grantOnTables('analytics', ['SELECT'], { kind: 'group', name: 'Readers' }).sql).toBe(
      'GRANT SELECT ON ALL TABLES IN SCHEMA "analytics" TO GROUP "readers"',
    );
    expect(() => grantOnTables('analytics', ['SELECT; DROP TABLE x'], { kind: 'public', name: '' })).toThrow(RangeError);
    expect(() => revokeOnSchema('analytics', ['SELECT'], { kind: 'public', name: '' })).toThrow(RangeError);
    expect(() => grantDefault('etl', 'analytics', ['ALTER'], { kind: 'role', name: 'r' })).toThrow(RangeError);
    expect(() => grantOnTables('analytics', [], { kind: 'public', name: '' })).toThrow(RangeError);
  });
});
