import { visibilityOf } from '../../../../src/features/permissions/observe';
import {
  columnGrantsStatement,
  defaultGrantsStatement,
  EXPECTED_PER_STATEMENT,
  LIST_CAP,
  MAX_SCHEMAS,
  missingStatements,
  normalizeScope,
  ownershipStatement,
  rlsPoliciesStatement,
  SAMPLE_SIZE,
  schemaGrantsStatement,
  schemasStatement,
  tableGrantsStatement,
  type ObserveScope,
} from '../../../../src/features/permissions/observe-sql';
import { InvalidIdentifierError } from '../../../../src/redshift/sql';

const scope = (over: Partial<ObserveScope> = {}): ObserveScope =>
  normalizeScope({ schemas: ['Analytics', 'pii', 'analytics'], expected: [], ...over });

describe('normalizeScope', () => {
  it('folds, deduplicates and sorts the schemas; folds grantees; upper-cases privileges', () => {
    const s = scope({ expected: [{ schema: 'PII', grantee: { kind: 'role', name: 'PII_Users' }, privilege: 'select' }] });
    expect(s.schemas).toEqual(['analytics', 'pii']);
    expect(s.expected).toEqual([{ schema: 'pii', grantee: { kind: 'role', name: 'pii_users' }, privilege: 'SELECT' }]);
  });

  it('adds the schema of the one table asked about', () => {
    expect(scope({ table: { schema: 'Raw_Data', table: 'Events' } })).toMatchObject({
      schemas: ['analytics', 'pii', 'raw_data'],
      table: { schema: 'raw_data', table: 'events' },
    });
  });

  it('refuses bad names, no schema, too many schemas and unknown privileges, with a clear message', () => {
    expect(() => scope({ schemas: ['pii\u0000x'] })).toThrow(InvalidIdentifierError);
    expect(() => scope({ schemas: ['pii\u200b'] })).toThrow(/invisible character/);
    expect(() => normalizeScope({ schemas: [], expected: [] })).toThrow('observe needs at least one schema');
    const many = Array.from({ length: MAX_SCHEMAS + 1 }, (_, i) => `s${i}`);
    expect(() => normalizeScope({ schemas: many, expected: [] })).toThrow(`at most ${MAX_SCHEMAS} schemas`);
    expect(() => scope({ expected: [{ schema: 'pii', grantee: { kind: 'public', name: '' }, privilege: 'SELECT; DROP' }] })).toThrow(
      'is not a table privilege',
    );
  });
});

describe('the observe statements', () => {
  it('pass every schema as a parameter, never in the SQL text', () => {
    const hostile = normalizeScope({ schemas: ['x"; DROP TABLE t; --', "y'); --"], expected: [] });
    for (const build of [
      schemasStatement,
      ownershipStatement,
      schemaGrantsStatement,
      tableGrantsStatement,
      defaultGrantsStatement,
      columnGrantsStatement,
    ]) {
      const s = build(hostile);
      expect(s.sql).not.toMatch(/DROP|--/i);
      expect(s.sql).toContain('IN (:s0, :s1)');
      expect(s.parameters).toEqual({ s0: 'x"; drop table t; --', s1: "y'); --" });
    }
  });

  it('aggregate table grants in SQL: counted per group, sampled, capped one past the cap', () => {
    const s = tableGrantsStatement(scope());
    expect(s.sql).toContain('COUNT(*) OVER (PARTITION BY namespace_name, identity_type, identity_name, privilege_type) AS tables');
    expect(s.sql).toContain(`WHERE pick <= ${SAMPLE_SIZE}`);
    expect(s.sql).toMatch(new RegExp(`LIMIT ${LIST_CAP + 1}$`));
    expect(s.sql).toContain('FROM svv_relation_privileges');
  });

  it('narrow to one table with a parameter', () => {
    const s = tableGrantsStatement(scope({ table: { schema: 'pii', table: 'customers' } }));
    expect(s.sql).toContain('AND relation_name = :t');
    expect(s.parameters).toMatchObject({ t: 'customers' });
    expect(rlsPoliciesStatement(scope({ table: { schema: 'pii', table: 'customers' } })).sql).toContain('AND relname = :t');
  });

  it('read every privilege scope of SVV_SCHEMA_PRIVILEGES, and count scoped TABLES grants as covering every table', () => {
    expect(schemaGrantsStatement(scope()).sql).toContain('TRIM(privilege_scope) AS privilege_scope');
    const [missing] = missingStatements(
      scope({ expected: [{ schema: 'pii', grantee: { kind: 'role', name: 'r' }, privilege: 'SELECT' }] }),
    );
    expect(missing.sql).toContain(
      "LEFT JOIN svv_schema_privileges sp ON sp.namespace_name = e.schema_name AND sp.privilege_scope = 'TABLES'",
    );
    expect(missing.sql).toContain('WHERE p.relation_name IS NULL AND sp.namespace_name IS NULL');
  });

  it('check expectations in chunks whose SQL does not depend on the names', () => {
    const expected = Array.from({ length: EXPECTED_PER_STATEMENT + 1 }, (_, i) => ({
      schema: 'analytics',
      grantee: i === 0 ? { kind: 'public' as const, name: '' } : { kind: 'role' as const, name: `r${i}` },
      privilege: 'SELECT',
    }));
    const statements = missingStatements(scope({ expected }));
    expect(statements).toHaveLength(2);
    expect(statements[0].parameters).toMatchObject({ e0s: 'analytics', e0t: 'public', e0n: 'public', e0p: 'SELECT', e1n: 'r1' });
    expect(statements[1].parameters).toEqual({ e0s: 'analytics', e0t: 'role', e0n: `r${EXPECTED_PER_STATEMENT}`, e0p: 'SELECT' });
    const other = missingStatements(scope({ expected: [{ schema: 'pii', grantee: { kind: 'user', name: 'bob' }, privilege: 'INSERT' }] }));
    expect(other[0].sql).toBe(statements[1].sql);
    expect(other[0].sql).toContain('LEFT JOIN svv_relation_privileges p');
    expect(missingStatements(scope())).toEqual([]);
  });
});

describe('visibilityOf', () => {
  it('is complete for a superuser', () => {
    expect(visibilityOf({ user: 'chatops_admin', superuser: true, syslogUnrestricted: false })).toEqual({ complete: true });
  });

  it('names what a regular user cannot see; SYSLOG ACCESS UNRESTRICTED widens only SVV_RELATION_PRIVILEGES', () => {
    const plain = visibilityOf({ user: 'bob', superuser: false, syslogUnrestricted: false });
    expect(plain).toMatchObject({ complete: false });
    const why = plain.complete ? '' : plain.why;
    expect(why).toContain("the bot's database user bob is not a superuser");
    for (const view of [
      'SVV_SCHEMA_PRIVILEGES',
      'SVV_RELATION_PRIVILEGES',
      'SVV_COLUMN_PRIVILEGES',
      'SVV_DEFAULT_PRIVILEGES',
      'SVV_USER_GRANTS',
      'SVV_ROLE_GRANTS',
      'SVV_RLS_RELATION',
    ]) {
      expect(why).toContain(view);
    }
    const unrestricted = visibilityOf({ user: 'bob', superuser: false, syslogUnrestricted: true });
    expect(unrestricted.complete ? '' : unrestricted.why).not.toContain('SVV_RELATION_PRIVILEGES');
  });
});
