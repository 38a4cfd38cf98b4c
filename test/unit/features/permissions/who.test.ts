import { whoCanRead } from '../../../../src/features/permissions/who';
import { PUBLIC, seededObserved, user } from './fixtures';

const summary = (readers: ReturnType<typeof whoCanRead>) => readers.map((r) => [r.how, r.who.name, r.path.join(' → '), r.temporaryUntil]);

describe('whoCanRead', () => {
  it('lists the superuser, the owner and the role members for the seeded analytics schema', () => {
    expect(summary(whoCanRead(seededObserved(), 'analytics', undefined, []))).toEqual([
      ['superuser', 'chatops_admin', 'chatops_admin → superuser (bypasses permission checks)', undefined],
      ['owner', 'chatops_admin', 'chatops_admin → owns 3 of 3 tables of analytics', undefined],
      ['role', 'alice', 'alice → analytics_users → SELECT on 3 of 3 tables of analytics', undefined],
      ['role', 'bob', 'bob → analytics_authors → SELECT on 3 of 3 tables of analytics', undefined],
      ['role', 'carol', 'carol → analytics_users → SELECT on 3 of 3 tables of analytics', undefined],
    ]);
  });

  it('lists bob as a direct grant on pii, and a live temporary grant with its end time', () => {
    const observed = seededObserved();
    observed.schemaGrants = [...observed.schemaGrants, { schema: 'pii', grantee: user('bob'), privilege: 'USAGE' }];
    observed.tableGrants = [
      ...observed.tableGrants,
      { schema: 'pii', grantee: user('bob'), privilege: 'SELECT', tables: 1, sample: ['customers'] },
    ];
    observed.members = [...observed.members, { user: 'alice', principal: 'pii_users', via: 'role' }];
    const live = [{ user: 'alice', role: 'pii_users', endsAt: 1_800_000_000_000, grantId: 'g-1' }];
    const readers = whoCanRead(observed, 'pii', 'customers', live);
    expect(summary(readers).slice(2)).toEqual([
      ['direct', 'bob', 'bob → SELECT on pii.customers', undefined],
      ['role', 'alice', 'alice → pii_users → SELECT on pii.customers', 1_800_000_000_000],
    ]);
  });

  it('needs USAGE on the schema as well as SELECT, and says where USAGE comes from', () => {
    const observed = seededObserved();
    observed.tableGrants = [
      ...observed.tableGrants,
      { schema: 'pii', grantee: user('carol'), privilege: 'SELECT', tables: 1, sample: ['customers'] },
    ];
    expect(whoCanRead(observed, 'pii', undefined, []).map((r) => r.who.name)).not.toContain('carol');
    observed.schemaGrants = [...observed.schemaGrants, { schema: 'pii', grantee: PUBLIC, privilege: 'USAGE' }];
    const carol = whoCanRead(observed, 'pii', undefined, []).filter((r) => r.who.name === 'carol');
    expect(carol.map((r) => r.path)).toEqual([['carol', 'SELECT on 1 of 1 tables of pii', 'USAGE through PUBLIC']]);
  });

  it('lists a column-level SELECT as a way to read, naming the columns', () => {
    const observed = seededObserved();
    observed.schemaGrants = [...observed.schemaGrants, { schema: 'pii', grantee: user('carol'), privilege: 'USAGE' }];
    observed.columnGrants = [{ schema: 'pii', table: 'customers', grantee: user('carol'), privilege: 'SELECT', columns: ['email'] }];
    const carol = (t?: string) => summary(whoCanRead(observed, 'pii', t, [])).filter((r) => r[1] === 'carol');
    expect(carol()).toEqual([['direct', 'carol', 'carol → SELECT on column email of pii.customers (column-level)', undefined]]);
    expect(carol('customers')).toEqual(carol());
    expect(carol('other')).toEqual([]);
  });

  it('follows nested roles, safe against cycles', () => {
    const observed = seededObserved();
    observed.nesting = [
      { role: 'support', grantedRole: 'helpdesk' },
      { role: 'helpdesk', grantedRole: 'pii_users' },
      { role: 'pii_users', grantedRole: 'support' },
    ];
    observed.members = [...observed.members, { user: 'erin', principal: 'support', via: 'role' }];
    const readers = whoCanRead(observed, 'pii', undefined, []);
    expect(summary(readers).filter(([, name]) => name === 'erin')).toEqual([
      ['role', 'erin', 'erin → support → helpdesk → pii_users → SELECT on 1 of 1 tables of pii', undefined],
    ]);
  });

  it('shows PUBLIC once when PUBLIC holds both USAGE and SELECT, and groups as groups', () => {
    const observed = seededObserved();
    observed.schemaGrants = [
      ...observed.schemaGrants,
      { schema: 'raw_data', grantee: PUBLIC, privilege: 'USAGE' },
      { schema: 'raw_data', grantee: { kind: 'group', name: 'etl' }, privilege: 'USAGE' },
    ];
    observed.tableGrants = [
      ...observed.tableGrants,
      { schema: 'raw_data', grantee: PUBLIC, privilege: 'SELECT', tables: 1, sample: ['user_session_channel'] },
      { schema: 'raw_data', grantee: { kind: 'group', name: 'etl' }, privilege: 'SELECT', tables: 1, sample: ['user_session_channel'] },
    ];
    observed.members = [...observed.members, { user: 'dave', principal: 'etl', via: 'group' }];
    const readers = summary(whoCanRead(observed, 'raw_data', 'user_session_channel', []));
    expect(readers.filter(([how]) => how === 'public' || how === 'group')).toEqual([
      ['group', 'dave', 'dave → etl → SELECT on raw_data.user_session_channel', undefined],
      ['public', '', 'PUBLIC (every user) → SELECT on raw_data.user_session_channel', undefined],
    ]);
  });

  it('answers nothing for a schema that does not exist', () => {
    expect(whoCanRead(seededObserved(), 'nope', undefined, [])).toEqual([]);
  });
});
