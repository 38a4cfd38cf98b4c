import { parseChatopsConfig } from '../../../src/config/chatops';
import { featureNeeds, privilegeResults, quoteStoredUser, roleResults } from '../../../src/doctor/database-needs';
import { systemCatalog } from '../../../src/redshift/catalog';
import type { SystemAccess } from '../../../src/redshift/visibility';

const config = parseChatopsConfig(`
targets:
  prod: { kind: provisioned, cluster: analytics-prod, database: dev, dbUser: chatops_bot }
  lake: { kind: serverless, workgroup: lake, namespace: lake, database: dev }
channels: { approvals: C0APPROVALS, alerts: C0ALERTS, audit: C0AUDIT }
identity: { map: { U0ANALYST: alice } }
access:
  roles:
    pii_users: { targets: [prod], approvers: { users: [U0APPROVER] }, endSessionsOnRevoke: true }
    auditors: { mode: group, targets: [prod], approvers: { users: [U0APPROVER] } }
schedules:
  - { name: access-expiry, task: access.expire, cron: "* * * * *" }
  - { name: jobs-advance, task: jobs.advance, cron: "* * * * *" }
`);
const prod = config.targets.prod;
const lake = config.targets.lake;
const base = { area: 'database' as const, target: 'prod' };
const plain: SystemAccess = { user: 'chatops_bot', superuser: false, syslogUnrestricted: false };

describe('featureNeeds', () => {
  it('reads only views the catalog lists', () => {
    const catalog = systemCatalog();
    for (const need of [...featureNeeds(config, 'prod'), ...featureNeeds(config, 'lake')]) {
      for (const view of need.views) expect(() => catalog.require(view)).not.toThrow();
    }
  });

  it('counts as required only what is configured on the target', () => {
    expect(
      featureNeeds(config, 'prod')
        .filter((need) => need.required)
        .map((need) => need.feature),
    ).toEqual(['access (verifying a grant)', 'access, group mode', 'access (ending sessions)']);
    expect(featureNeeds(config, 'lake').filter((need) => need.required)).toEqual([]);
  });
});

describe('privilegeResults', () => {
  it('says only "superuser" for a superuser', () => {
    const results = privilegeResults(base, prod, { ...plain, superuser: true }, featureNeeds(config, 'prod'));
    expect(results).toEqual([
      { ...base, name: 'database user chatops_bot is a superuser', status: 'ok', detail: 'sees every row of every system view' },
    ]);
  });

  it('makes the superuser fix required where access needs it, with each feature named', () => {
    const [superuser, syslog] = privilegeResults(base, prod, plain, featureNeeds(config, 'prod'));
    expect(superuser).toMatchObject({ status: 'missing', fix: 'ALTER USER "chatops_bot" CREATEUSER', optional: false });
    expect(superuser.detail).toContain('access, group mode: ALTER GROUP (only a superuser may alter groups)');
    expect(superuser.detail).toContain("access (ending sessions): PG_TERMINATE_BACKEND on another user's session");
    expect(syslog).toMatchObject({ status: 'missing', fix: 'ALTER USER "chatops_bot" SYSLOG ACCESS UNRESTRICTED', optional: true });
    expect(syslog.detail).toContain('SYS_QUERY_HISTORY');
    expect(syslog.detail).not.toContain('SVV_USER_GRANTS');
  });

  it('keeps to the superuser-only views once SYSLOG ACCESS is UNRESTRICTED, and is optional where nothing needs it', () => {
    const [superuser, syslog] = privilegeResults(
      { ...base, target: 'lake' },
      lake,
      { ...plain, syslogUnrestricted: true },
      featureNeeds(config, 'lake'),
    );
    expect(superuser.optional).toBe(true);
    expect(superuser.detail).toContain('SYS_SERVERLESS_USAGE');
    expect(superuser.detail).not.toContain('SYS_QUERY_HISTORY');
    expect(superuser.detail).not.toContain('SVV_VACUUM_PROGRESS'); // provisioned only
    expect(syslog.status).toBe('ok');
  });
});

describe('roleResults', () => {
  it("accepts the role's owner as its administrator", () => {
    const results = roleResults(base, config, 'prod', plain, {
      roles: new Map([['pii_users', 'chatops_bot']]),
      adminOf: new Set(),
      groups: new Set(['auditors']),
    });
    expect(results.find((r) => r.name === 'bot can grant role pii_users')).toMatchObject({ status: 'ok', detail: 'chatops_bot owns it' });
    expect(results.find((r) => r.name === 'group auditors exists')?.status).toBe('ok');
  });

  it('names both statements for a role that neither exists nor can be granted', () => {
    const results = roleResults(base, config, 'prod', plain, { roles: new Map(), adminOf: new Set(), groups: new Set() });
    expect(results.find((r) => r.name === 'role pii_users exists')).toMatchObject({ status: 'missing', fix: 'CREATE ROLE "pii_users"' });
    expect(results.find((r) => r.name === 'bot can grant role pii_users')?.fix).toBe(
      'after CREATE ROLE "pii_users": GRANT ROLE "pii_users" TO "chatops_bot" WITH ADMIN OPTION',
    );
  });
});

describe('quoteStoredUser', () => {
  it('quotes a folded name through quoteIdentifier and keeps the capitals of an IAM-mapped one', () => {
    expect(quoteStoredUser('bob')).toBe('"bob"');
    expect(quoteStoredUser('IAMR:chatops-"x"')).toBe('"IAMR:chatops-""x"""');
    expect(() => quoteStoredUser('bad\u0000name')).toThrow('control character');
  });
});
