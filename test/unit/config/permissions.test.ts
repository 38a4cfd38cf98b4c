import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { configProblems } from '../../support/config';

const EXAMPLE = join(__dirname, '../../../chatops.example.yml');

/** Two targets, pii_users handed out by access on both, and the schedules every config needs. */
function base(permissions: unknown): string {
  return stringify({
    targets: {
      prod: { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' },
      lake: { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' },
    },
    channels: { approvals: 'C0APPROVALS', alerts: 'C0ALERTS', audit: 'C0AUDIT' },
    access: { roles: { pii_users: { approvers: { usergroups: ['S0DATALEADS'] } } } },
    schedules: [
      { name: 'access-expiry', task: 'access.expire', cron: '* * * * *' },
      { name: 'jobs-advance', task: 'jobs.advance', cron: '* * * * *' },
    ],
    permissions,
  });
}

const problemsOf = configProblems;

const matrix = {
  roles: {
    analytics_users: { schemas: { analytics: 'select', adhoc: 'all' } },
    pii_users: { schemas: { pii: 'select' }, temporaryOnly: true },
  },
  standing: { alice: ['analytics_users'] },
  tableCreators: ['etl_user'],
};

describe('permissions in chatops.yml', () => {
  it('reads the matrix with defaults filled in', () => {
    const config = parseChatopsConfig(base({ prod: matrix }));
    expect(config.permissions).toEqual({
      prod: {
        roles: {
          analytics_users: { mode: 'role', schemas: { analytics: 'select', adhoc: 'all' }, temporaryOnly: false },
          pii_users: { mode: 'role', schemas: { pii: 'select' }, temporaryOnly: true },
        },
        standing: { alice: ['analytics_users'] },
        tableCreators: ['etl_user'],
      },
    });
  });

  it('is empty when left out, and the permissions policy needs one approval by default', () => {
    const config = parseChatopsConfig(base(undefined));
    expect(config.permissions).toEqual({});
    expect(config.policies.permissions.approvalsRequired).toBe(1);
    expect(config.policies.permissions.enabled).toBe(true);
  });

  it('refuses a key that is not a target', () => {
    expect(problemsOf(base({ staging: matrix }))).toEqual([
      'chatops.yml: permissions.staging: "staging" is not a target in targets:; use one of prod, lake',
    ]);
  });

  it('refuses a level it does not know, naming the levels', () => {
    const problems = problemsOf(base({ prod: { roles: { analytics_users: { schemas: { analytics: 'read' } } } } }));
    expect(problems).toEqual([
      'chatops.yml: permissions.prod.roles.analytics_users.schemas.analytics: "read" is not a level; use usage (the schema only), select (read its tables) or all (read, write and create tables)',
    ]);
  });

  it('refuses names that are not Redshift names, with an example', () => {
    const problems = problemsOf(base({ prod: { roles: { 'Bad;Role': { schemas: { 'pii"x': 'select' } } }, tableCreators: ['x y'] } }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^chatops\.yml: permissions\.prod\.roles\["Bad;Role"\]: "Bad;Role" is not a role name; use a Redshift name in lower case.*such as analytics_users$/,
        ),
        expect.stringMatching(
          /^chatops\.yml: permissions\.prod\.tableCreators\[0\]: "x y" is not a database user name; .*such as etl_user$/,
        ),
      ]),
    );
  });

  it('refuses a hostile name in every slot of the baseline, naming each, so no statement is ever built from it', () => {
    const hostile = 'x"; drop table pii.customers; --';
    const problems = problemsOf(
      base({
        prod: {
          roles: { [hostile]: { schemas: { analytics: 'select' } }, analytics_users: { schemas: { [hostile]: 'select' } } },
          standing: { [hostile]: ['analytics_users'] },
          tableCreators: [hostile],
        },
      }),
    );
    for (const slot of [
      /permissions\.prod\.roles\["x\\"; drop table pii\.customers; --"\]: .* is not a role name/,
      /permissions\.prod\.roles\.analytics_users\.schemas\["x\\"; drop table pii\.customers; --"\]: .* is not a schema name/,
      /permissions\.prod\.standing\["x\\"; drop table pii\.customers; --"\]: .* is not a database user name/,
      /permissions\.prod\.tableCreators\[0\]: .* is not a database user name/,
    ]) {
      expect({ slot: String(slot), found: problems.some((problem) => slot.test(problem)) }).toEqual({ slot: String(slot), found: true });
    }
  });

  it('refuses standing roles that are not declared, and standing members of a temporary-only role', () => {
    const problems = problemsOf(base({ prod: { ...matrix, standing: { alice: ['analytics_user'], bob: ['pii_users'] } } }));
    expect(problems).toEqual([
      'chatops.yml: permissions.prod.standing.alice[0]: "analytics_user" is not a role in roles:; use one of analytics_users, pii_users',
      'chatops.yml: permissions.prod.standing.bob[0]: pii_users is temporaryOnly, so nobody may hold it standing; remove it here (people ask for it with /redshift access) or set temporaryOnly: false',
    ]);
  });

  it('refuses a role listed twice for one user and a table creator listed twice', () => {
    const problems = problemsOf(
      base({ prod: { ...matrix, standing: { alice: ['analytics_users', 'analytics_users'] }, tableCreators: ['etl', 'etl'] } }),
    );
    expect(problems).toEqual([
      'chatops.yml: permissions.prod.standing.alice[1]: analytics_users is listed twice for alice; list it once',
      'chatops.yml: permissions.prod.tableCreators[1]: etl is listed twice; list it once',
    ]);
  });

  it('refuses a schema guarded by a temporary-only role that a standing role also reaches', () => {
    const roles = { ...matrix.roles, analytics_users: { schemas: { analytics: 'select', pii: 'usage' } } };
    expect(problemsOf(base({ prod: { roles } }))).toEqual([
      'chatops.yml: permissions.prod.roles.analytics_users.schemas.pii: pii is guarded by pii_users (temporaryOnly), so analytics_users, which may be held standing, would reach it too; remove pii from analytics_users or make analytics_users temporaryOnly',
    ]);
  });

  it('asks for temporaryOnly in writing when access also hands the role out on that target', () => {
    const roles = { pii_users: { schemas: { pii: 'select' } } };
    expect(problemsOf(base({ lake: { roles } }))).toEqual([
      'chatops.yml: permissions.lake.roles.pii_users.temporaryOnly: is missing; access.roles.pii_users hands this role out for a limited time on lake, so say whether it may also be held standing: temporaryOnly: true (only through access requests) or temporaryOnly: false (and list standing members under standing:)',
    ]);
    expect(() => parseChatopsConfig(base({ lake: { roles: { pii_users: { ...roles.pii_users, temporaryOnly: false } } } }))).not.toThrow();
  });

  it('refuses a mode that differs from the access role', () => {
    const roles = { pii_users: { mode: 'group', schemas: { pii: 'select' }, temporaryOnly: true } };
    expect(problemsOf(base({ prod: { roles } }))).toEqual([
      'chatops.yml: permissions.prod.roles.pii_users.mode: is group, but access.roles.pii_users grants it as a role; use the same mode in both',
    ]);
  });

  it('refuses unknown fields with a suggestion', () => {
    const problems = problemsOf(base({ prod: { ...matrix, tableCreator: ['etl_user'] } }));
    expect(problems).toEqual([
      'chatops.yml: permissions.prod.tableCreator: is not a known field (did you mean tableCreators?); allowed here: roles, standing, tableCreators',
    ]);
  });

  it('the example carries the brief matrix on both sandbox targets', () => {
    const config = parseChatopsConfig(readFileSync(EXAMPLE, 'utf8'), 'chatops.example.yml');
    for (const target of ['prod', 'lake']) {
      const block = config.permissions[target];
      expect(block.roles.analytics_authors.schemas).toEqual({ analytics: 'all', adhoc: 'all', raw_data: 'select' });
      expect(block.roles.analytics_users.schemas).toEqual({ analytics: 'select', adhoc: 'all', raw_data: 'select' });
      expect(block.roles.pii_users).toEqual({ mode: 'role', schemas: { pii: 'select' }, temporaryOnly: true });
      expect(block.tableCreators).toEqual(['chatops_admin']);
    }
  });
});
