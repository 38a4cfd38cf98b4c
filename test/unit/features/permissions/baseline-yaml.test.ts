import { parse } from 'yaml';
import { permissionsSchema, resolvePermissions } from '../../../../src/config/permissions';
import { baselineOf } from '../../../../src/features/permissions/baseline';
import { baselineYaml } from '../../../../src/features/permissions/baseline-yaml';
import { drift } from '../../../../src/features/permissions/drift';
import type { Observed } from '../../../../src/features/permissions/types';
import { exampleBaseline, role, seededObserved, user } from './fixtures';

/** The printed block read back as chatops.yml reads it, and the drift against the same warehouse. */
function roundTrip(observed: Observed, temporaryOnly: readonly string[] = []) {
  const text = baselineYaml(observed, { temporaryOnly });
  const parsed = permissionsSchema.parse((parse(text) as { permissions: unknown }).permissions);
  const baseline = baselineOf(observed.target, resolvePermissions(parsed)[observed.target]);
  return { text, baseline, result: drift(baseline, observed, []) };
}

describe('baselineYaml', () => {
  it('prints the seeded warehouse as the brief matrix, which parses and has no drift against it', () => {
    const { text, baseline, result } = roundTrip(seededObserved(), ['pii_users']);
    expect(text).toBe(
      [
        '# permissions of prod as Redshift reports them; review before adding to chatops.yml.',
        'permissions:',
        '  prod:',
        '    roles:',
        '      analytics_authors:',
        '        schemas: { analytics: all, adhoc: all, raw_data: select }',
        '        temporaryOnly: false',
        '      analytics_users:',
        '        schemas: { analytics: select, adhoc: all, raw_data: select }',
        '        temporaryOnly: false',
        '      pii_users:',
        '        schemas: { pii: select }',
        '        temporaryOnly: true',
        '    standing:',
        '      alice: [ analytics_users ]',
        '      bob: [ analytics_authors ]',
        '      carol: [ analytics_users ]',
        '    tableCreators: [ chatops_admin ]',
        '',
      ].join('\n'),
    );
    expect(baseline).toEqual(exampleBaseline());
    expect(result).toEqual({ findings: [], notes: [], complete: true });
  });

  it('says in comments what the block cannot declare, and grants check then reports exactly that', () => {
    const observed = seededObserved();
    observed.tableGrants = [
      ...observed.tableGrants,
      { schema: 'pii', grantee: user('bob'), privilege: 'SELECT', tables: 1, sample: ['customers'] },
    ];
    observed.members = [...observed.members, { user: 'alice', principal: 'pii_users', via: 'role' }];
    observed.columnGrants = [{ schema: 'pii', table: 'customers', grantee: user('carol'), privilege: 'SELECT', columns: ['email'] }];
    observed.rowSecurity = [{ schema: 'analytics', table: 'sessions', policies: ['own_rows'] }];
    const { text, result } = roundTrip(observed, ['pii_users']);
    expect(text).toContain(
      '# user carol holds SELECT on column(s) email of pii.customers: chatops.yml cannot declare a column-level grant, so grants check will propose revoking it\n',
    );
    expect(text).toContain(
      '# analytics.sessions has row-level security: chatops.yml cannot declare it, so grants check will advise a separate table\n',
    );
    expect(text).toContain('# alice holds pii_users standing, which is temporaryOnly: grants check will propose revoking it\n');
    expect(text).toContain(
      '# user bob holds SELECT on 1 table(s) of pii: chatops.yml cannot declare it, so grants check will propose revoking it\n',
    );
    expect(result.findings.map((f) => f.kind)).toEqual([
      'pii-reached-by-other',
      'standing-temporary-member',
      'column-grant',
      'row-level-security',
    ]);
  });

  it('prints the level that covers what a role holds, and notes what that level still needs', () => {
    const observed = seededObserved();
    // analytics_users may INSERT into raw_data, without CREATE on it.
    observed.tableGrants = [
      ...observed.tableGrants,
      { schema: 'raw_data', grantee: role('analytics_users'), privilege: 'INSERT', tables: 1, sample: ['user_session_channel'] },
    ];
    const { text, result } = roundTrip(observed, ['pii_users']);
    expect(text).toContain('schemas: { analytics: select, adhoc: all, raw_data: all }');
    expect(text).toContain(
      '# role analytics_users on raw_data: printed as all, which also needs CREATE on the schema, UPDATE on 1 of its 1 tables and DELETE on 1 of its 1 tables; grants check will propose granting it\n',
    );
    expect(result.findings.map((f) => f.kind)).toContain('missing-schema-privilege');
  });

  it('says when the observation was incomplete, and keeps hostile names out of the YAML', () => {
    const observed = seededObserved();
    observed.visibility = { complete: false, why: 'the bot is not a superuser' };
    observed.principals = [...observed.principals, { name: 'evil\npermissions: {}', kind: 'role' }];
    observed.tableGrants = [
      ...observed.tableGrants,
      { schema: 'adhoc', grantee: role('evil\npermissions: {}'), privilege: 'SELECT', tables: 1, sample: ['campaign_scratch'] },
    ];
    const text = baselineYaml(observed, { temporaryOnly: ['pii_users'] });
    expect(text.split('\n').slice(0, 3)).toEqual([
      '# permissions of prod as Redshift reports them; review before adding to chatops.yml.',
      '# incomplete: the bot is not a superuser',
      '# role "evil\\npermissions: {}" is not a lower-case Redshift name chatops.yml accepts: left out',
    ]);
    expect(Object.keys((parse(text) as { permissions: { prod: { roles: object } } }).permissions.prod.roles)).toEqual([
      'analytics_authors',
      'analytics_users',
      'pii_users',
    ]);
  });
});
