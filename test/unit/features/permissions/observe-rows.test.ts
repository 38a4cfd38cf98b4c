import {
  capped,
  defaultGrantsFrom,
  grantee,
  missingFrom,
  principalsFrom,
  rowSecurityFrom,
  schemaGrantsFrom,
  tableGrantsFrom,
} from '../../../../src/features/permissions/observe-rows';
import { LIST_CAP } from '../../../../src/features/permissions/observe-sql';

describe('observe rows into the model', () => {
  it('groups sampled table grants, keeping the count SQL gave', () => {
    const rows = ['a', 'b'].map((relation_name) => ({
      schema_name: 'pii',
      identity_type: 'user',
      identity_name: 'bob ',
      privilege_type: 'select',
      relation_name,
      tables: 40,
    }));
    rows.push({
      schema_name: 'pii',
      identity_type: 'public',
      identity_name: 'public',
      privilege_type: 'SELECT',
      relation_name: 'c',
      tables: 1,
    });
    expect(tableGrantsFrom(rows)).toEqual([
      { schema: 'pii', grantee: { kind: 'user', name: 'bob' }, privilege: 'SELECT', tables: 40, sample: ['a', 'b'] },
      { schema: 'pii', grantee: { kind: 'public', name: '' }, privilege: 'SELECT', tables: 1, sample: ['c'] },
    ]);
    expect(
      missingFrom([
        { schema_name: 'a', grantee_type: 'role', grantee_name: 'r', privilege_type: 'SELECT', relation_name: 't', tables: '7' },
      ]),
    ).toEqual([{ schema: 'a', grantee: { kind: 'role', name: 'r' }, privilege: 'SELECT', tables: 7, sample: ['t'] }]);
  });

  it('tells grants on a schema from scoped permissions on all its tables', () => {
    const row = (privilege_scope: string, privilege_type: string) => ({
      schema_name: 'pii',
      privilege_scope,
      identity_type: 'role',
      identity_name: 'pii_users',
      privilege_type,
    });
    expect(schemaGrantsFrom([row('SCHEMA', 'USAGE'), row('TABLES', 'SELECT')])).toEqual({
      schemaGrants: [{ schema: 'pii', grantee: { kind: 'role', name: 'pii_users' }, privilege: 'USAGE' }],
      scopedGrants: [{ schema: 'pii', scope: 'TABLES', grantee: { kind: 'role', name: 'pii_users' }, privilege: 'SELECT' }],
    });
    expect(() => schemaGrantsFrom([row('MODELS', 'SELECT')])).toThrow('privilege scope the bot does not know: "MODELS"');
  });

  it('refuses an identity or object type it does not know rather than guess', () => {
    expect(() => grantee('datashare', 'x')).toThrow('identity type the bot does not know: "datashare"');
    expect(() =>
      defaultGrantsFrom([
        { schema_name: null, owner_name: 'u', grantee_type: 'role', grantee_name: 'r', privilege_type: 'SELECT', object_type: 'MODEL' },
      ]),
    ).toThrow('object type the bot does not know');
  });

  it('reads a default privilege without a schema as one for every schema', () => {
    expect(
      defaultGrantsFrom([
        {
          schema_name: null,
          owner_name: 'bob',
          grantee_type: 'group',
          grantee_name: 'g',
          privilege_type: 'SELECT',
          object_type: 'RELATION',
        },
      ]),
    ).toEqual([{ owner: 'bob', grantee: { kind: 'group', name: 'g' }, privilege: 'SELECT', objectType: 'RELATION' }]);
  });

  it('marks a list cut at the cap', () => {
    const truncated: string[] = [];
    const rows = Array.from({ length: LIST_CAP + 1 }, (_, i) => ({ n: i }));
    expect(capped(rows, 'users', truncated)).toHaveLength(LIST_CAP);
    expect(capped(rows.slice(0, LIST_CAP), 'roles', truncated)).toHaveLength(LIST_CAP);
    expect(truncated).toEqual(['users']);
  });

  it('takes a name SVV_ROLES lists as a role even when PG_GROUP lists it too', () => {
    const { principals, members } = principalsFrom(
      [{ role_name: 'analytics_users' }],
      [{ user_name: 'alice', role_name: 'analytics_users' }],
      [
        { group_name: 'analytics_users', user_name: 'alice' },
        { group_name: 'auditors', user_name: 'carol' },
        { group_name: 'empty', user_name: null },
      ],
    );
    expect(principals).toEqual([
      { name: 'analytics_users', kind: 'role' },
      { name: 'auditors', kind: 'group' },
      { name: 'empty', kind: 'group' },
    ]);
    expect(members).toEqual([
      { user: 'alice', principal: 'analytics_users', via: 'role' },
      { user: 'carol', principal: 'auditors', via: 'group' },
    ]);
  });

  it('lists tables with row-level security on or policies attached', () => {
    expect(
      rowSecurityFrom(
        [
          { schema_name: 'pii', table_name: 'customers', is_rls_on: true },
          { schema_name: 'pii', table_name: 'off', is_rls_on: false },
        ],
        [
          { schema_name: 'pii', table_name: 'customers', policy_name: 'p2' },
          { schema_name: 'pii', table_name: 'customers', policy_name: 'p1' },
          { schema_name: 'a', table_name: 'attached_only', policy_name: 'p3' },
        ],
      ),
    ).toEqual([
      { schema: 'a', table: 'attached_only', policies: ['p3'] },
      { schema: 'pii', table: 'customers', policies: ['p1', 'p2'] },
    ]);
  });
});
