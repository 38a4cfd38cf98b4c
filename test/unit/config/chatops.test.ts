import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { defaultTarget, loadChatopsConfigFile, parseChatopsConfig, targetNames } from '../../../src/config/chatops';
import { ConfigError } from '../../../src/config/errors';
import { configProblems } from '../../support/config';

const MINIMAL = join(__dirname, '../../fixtures/config/minimal.yml');
const HOUR = 3_600_000;

const problemsOf = configProblems;

/** A valid config with two targets, one role and the two schedules every config needs. */
function base(): Record<string, unknown> {
  return {
    targets: {
      prod: { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' },
      lake: { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' },
    },
    channels: { approvals: 'C0APPROVALS', alerts: 'C0ALERTS', audit: 'C0AUDIT' },
    access: { roles: { pii_users: { approvers: { usergroups: ['S0DATALEADS'] }, defaultDuration: '4h', maxDuration: '8h' } } },
    schedules: [
      { name: 'access-expiry', task: 'access.expire', cron: '* * * * *' },
      { name: 'jobs-advance', task: 'jobs.advance', cron: '* * * * *' },
      { name: 'billing-digest', task: 'cost.digest', cron: '0 9 * * *' },
    ],
  };
}

/** base() with one value set (or removed, for undefined) at a dotted path; numbers index lists. */
function edited(path: string, value: unknown): string {
  const config = base();
  const keys = path.split('.');
  let node = config as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === undefined) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return stringify(config);
}

describe('parseChatopsConfig', () => {
  it('accepts the base config used by these tests', () => {
    expect(() => parseChatopsConfig(stringify(base()))).not.toThrow();
  });

  it('fills in every default for a minimal file', () => {
    const config = parseChatopsConfig(readFileSync(MINIMAL, 'utf8'));
    const everyone = { users: [], usergroups: [], everyone: true };
    const policy = (approvalsRequired: number, skipFinalSnapshotExtraApproval = false) => ({
      enabled: true,
      allowed: everyone,
      approvers: everyone,
      approvalsRequired,
      skipFinalSnapshotExtraApproval,
    });
    const schedule = (name: string, task: string, cron: string, extra: object = {}) => ({
      name,
      task,
      cron,
      timezone: 'UTC',
      enabled: true,
      targets: ['prod'],
      ...extra,
    });
    expect(config).toEqual({
      targets: { prod: { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' } },
      channels: { approvals: 'C0APPROVALS', alerts: 'C0ALERTS', audit: 'C0AUDIT' },
      slack: {},
      identity: { map: {}, emailLocalPart: true },
      access: { pendingExpiry: 24 * HOUR, roles: {} },
      approvals: { maxOpenPerPerson: 5 },
      policies: {
        snapshot: policy(0),
        restore: policy(1),
        pause: policy(1),
        resume: policy(1),
        delete: policy(2, true),
        retention: policy(1),
        vacuum: policy(0),
        usageLimit: policy(1),
        maintenance: policy(1),
        permissions: policy(1),
        doctor: { ...policy(0), approvers: { users: [], usergroups: [], everyone: false } },
      },
      schedules: [
        schedule('access-expiry', 'access.expire', '* * * * *'),
        schedule('jobs-advance', 'jobs.advance', '* * * * *'),
        schedule('cost-budgets', 'cost.budgets', '0 * * * *'),
        schedule('billing-digest', 'cost.digest', '0 9 * * *', { period: 'day' }),
        schedule('billing-digest-weekly', 'cost.digest', '0 9 * * 1', { period: 'week' }),
        schedule('vacuum-reminder', 'vacuum.reminder', '0 10 * * 1'),
        schedule('maintenance-check', 'lifecycle.maintenance', '0 8 * * *'),
        schedule('permissions-drift', 'permissions.drift', '0 7 * * 1'),
      ],
      cost: {
        prices: {
          spectrumPerTB: 5,
          serverlessPerRpuHour: 0.375,
          managedStoragePerGBMonth: 0.024,
          mlPerMillionCells: 20,
          backupStoragePerGBMonth: 0.023,
          crossRegionTransferPerGB: 0.02,
          nodeHour: { 'dc2.large': 0.25, 'ra3.xlplus': 1.086, 'ra3.4xlarge': 3.26, 'ra3.16xlarge': 13.04 },
        },
        costExplorer: { enabled: false },
        budgets: {},
        alertThresholds: [50, 80, 100],
        idleHours: 12,
      },
      vacuum: {
        unsortedPct: 5,
        statsOffPct: 10,
        largeTableGB: 700,
        largeTableMaxUnsortedPct: 50,
        toPercent: 95,
        recentlyVacuumedHours: 24,
        snoozeDays: 7,
        maxCandidates: 10,
      },
      permissions: {},
    });
  });

  it('fills in role defaults, keeping them within a short maxDuration', () => {
    const config = parseChatopsConfig(
      edited('access.roles.pii_users', { approvers: { users: ['U0APPROVER'] } }) +
        stringify({ identity: { map: { U0ANALYST: 'alice' } } }),
    );
    expect(config.access.roles.pii_users).toEqual({
      targets: ['prod', 'lake'],
      mode: 'role',
      approvers: { users: ['U0APPROVER'], usergroups: [] },
      approvalsRequired: 1,
      defaultDuration: 4 * HOUR,
      maxDuration: 8 * HOUR,
      reasonRequired: true,
      breakGlass: { enabled: false, maxDuration: HOUR },
      endSessionsOnRevoke: false,
    });
    const short = parseChatopsConfig(edited('access.roles.pii_users', { approvers: { usergroups: ['S0DATALEADS'] }, maxDuration: '30m' }));
    expect(short.access.roles.pii_users).toMatchObject({ maxDuration: 30 * 60_000, defaultDuration: 30 * 60_000, breakGlass: { maxDuration: 30 * 60_000 } });
  });

  it('merges node prices over the defaults and fills cost.digest periods', () => {
    const config = parseChatopsConfig(edited('cost', { prices: { nodeHour: { 'ra3.xlplus': 1.2, 'ra3.large': 0.5 } } }));
    expect(config.cost.prices.nodeHour).toEqual({ 'dc2.large': 0.25, 'ra3.xlplus': 1.2, 'ra3.4xlarge': 3.26, 'ra3.16xlarge': 13.04, 'ra3.large': 0.5 });
    expect(config.schedules[2]).toMatchObject({ task: 'cost.digest', period: 'day', targets: ['prod', 'lake'] });
  });

  it('turns a disabled action into one nobody may run', () => {
    const config = parseChatopsConfig(edited('policies', { delete: { enabled: false } }));
    expect(config.policies.delete).toMatchObject({ enabled: false, allowed: { users: [], usergroups: [], everyone: false } });
  });

  it('canonicalises time zones and accepts six-field crons', () => {
    const config = parseChatopsConfig(edited('schedules.2', { name: 'fast', task: 'access.expire', cron: '*/5 * * * * *', timezone: 'europe/london' }));
    expect(config.schedules[2]).toMatchObject({ cron: '*/5 * * * * *', timezone: 'Europe/London' });
  });

  it('treats keys left empty as left out', () => {
    const text = `${readFileSync(MINIMAL, 'utf8')}identity:\naccess:\n  roles:\nschedules:\n`;
    const config = parseChatopsConfig(text);
    expect(config.identity).toEqual({ map: {}, emailLocalPart: true });
    expect(config.schedules).toHaveLength(8);
  });

  const DURATION = 'use a number with m, h or d, such as 30m, 4h or 2d';
  const CLUSTER = 'use 1-63 lower-case letters, digits or hyphens, starting with a letter, with no double or trailing hyphen, such as analytics-prod';
  const KIND = 'use kind: provisioned (a cluster) or kind: serverless (a Serverless workgroup)';
  const CRON = 'use 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, such as "0 9 * * 1" or "*/30 * * * * *"';
  const TARGET_FIELDS = 'allowed here: kind, workgroup, namespace, database, secretArn, region, description';
  const ROLE_FIELDS =
    'allowed here: targets, mode, approvers, approvalsRequired, defaultDuration, maxDuration, reasonRequired, breakGlass, endSessionsOnRevoke, description';
  const BOOL = 'write true or false (without quotes)';

  it.each<[string, unknown, string]>([
    // targets
    ['targets', {}, 'targets: is empty; add at least one target, such as prod: { kind: provisioned, cluster: analytics-prod, database: dev, dbUser: chatops_admin }'],
    ['targets', undefined, 'targets: is missing; map target names to targets, such as { prod: { kind: provisioned, ... } }'],
    ['targets.Prod', { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' }, 'targets.Prod: "Prod" is not a target name; use up to 40 lower-case letters, digits, - or _, starting with a letter, such as prod'],
    ['targets.prod.kind', 'cluster', `targets.prod.kind: "cluster" is not a target kind; ${KIND}`],
    ['targets.prod.kind', undefined, `targets.prod.kind: is missing; ${KIND}`],
    ['targets.prod.cluster', 'Analytics-Prod', `targets.prod.cluster: "Analytics-Prod" is not a cluster identifier; ${CLUSTER}`],
    ['targets.prod.cluster', 'analytics--prod', `targets.prod.cluster: "analytics--prod" is not a cluster identifier; ${CLUSTER}`],
    ['targets.prod.cluster', 'analytics-', `targets.prod.cluster: "analytics-" is not a cluster identifier; ${CLUSTER}`],
    ['targets.prod.cluster', '1analytics', `targets.prod.cluster: "1analytics" is not a cluster identifier; ${CLUSTER}`],
    ['targets.prod.cluster', 'a'.repeat(64), `targets.prod.cluster: "${'a'.repeat(57)}..." is not a cluster identifier; ${CLUSTER}`],
    ['targets.prod.cluster', undefined, `targets.prod.cluster: is missing; ${CLUSTER}`],
    ['targets.prod.database', 'Dev', 'targets.prod.database: "Dev" is not a database name; use a Redshift name in lower case: a letter or _ first, then letters, digits, _ or $, at most 127 characters, such as dev'],
    ['targets.prod.dbUser', undefined, 'targets.prod.dbUser: is missing; set exactly one of dbUser (the database user the bot acts as, such as chatops_admin) or secretArn'],
    ['targets.prod.secretArn', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:chatops-AbCdEf', 'targets.prod.secretArn: is set together with dbUser; set exactly one of dbUser or secretArn'],
    ['targets.lake.secretArn', 'arn:aws:iam::123456789012:role/x', 'targets.lake.secretArn: "arn:aws:iam::123456789012:role/x" is not a Secrets Manager ARN; use the secret\'s full ARN, such as arn:aws:secretsmanager:us-east-1:123456789012:secret:redshift-chatops-AbCdEf'],
    ['targets.prod.region', 'Virginia', 'targets.prod.region: "Virginia" is not an AWS region; use a region code such as us-east-1 or eu-west-1'],
    ['targets.lake.workgroup', 'la', 'targets.lake.workgroup: "la" is not a workgroup name; use 3-64 lower-case letters, digits or hyphens, such as lake'],
    ['targets.lake.namespace', undefined, 'targets.lake.namespace: is missing; use 3-64 lower-case letters, digits or hyphens, such as lake'],
    ['targets.lake.dbUser', 'chatops_admin', `targets.lake.dbUser: is not a known field; ${TARGET_FIELDS}`],
    ['targets.lake.workgrup', 'lake', `targets.lake.workgrup: is not a known field (did you mean workgroup?); ${TARGET_FIELDS}`],
    // channels and slack
    ['channels.approvals', '#redshift-approvals', 'channels.approvals: "#redshift-approvals" is not a Slack channel id; use an id such as C0APPROVALS (channel details > About, at the bottom), not the #name'],
    ['channels.audit', undefined, 'channels.audit: is missing; use an id such as C0AUDIT (channel details > About, at the bottom), not the #name'],
    ['channels.general', 'C0GENERAL', 'channels.general: is not a known field; allowed here: approvals, alerts, audit'],
    ['channels', 'C0APPROVALS', 'channels: "C0APPROVALS" is not a mapping; set the approvals, alerts and audit channel ids, such as { approvals: C0APPROVALS, alerts: C0ALERTS, audit: C0AUDIT }'],
    ['slack.botId', 'U0BOT', 'slack.botId: "U0BOT" is not a Slack bot id; use the id auth.test returns as bot_id, such as B0CHATOPS'],
    // identity
    ['identity.map', { alice: 'U0ANALYST' }, 'identity.map.alice: "alice" is not a Slack user id; use an id such as U0ANALYST (profile > ... > Copy member ID)'],
    ['identity.map', { U0ANALYST: 'Alice' }, 'identity.map.U0ANALYST: "Alice" is not a database user name; use a Redshift name in lower case: a letter or _ first, then letters, digits, _ or $, at most 127 characters, such as alice'],
    ['identity.map', { U0ANALYST: 'alice', U0OTHER: 'alice' }, 'identity.map.U0OTHER: maps to alice, like U0ANALYST; give each person their own database user'],
    ['identity.emailLocalPart', 'yes', `identity.emailLocalPart: "yes" is not true or false; ${BOOL}`],
    ['identity.emailDomains', [], 'identity.emailDomains: is an empty list; list at least one domain, or remove emailDomains to accept any domain'],
    ['identity.emailDomains', ['@example.com'], 'identity.emailDomains[0]: "@example.com" is not an e-mail domain; use a domain such as example.com'],
    ['identity', { emailLocalPart: false, emailDomains: ['example.com'], map: { U0ANALYST: 'alice' } }, 'identity.emailDomains: only applies when emailLocalPart is true; remove it or set emailLocalPart: true'],
    ['identity', { emailLocalPart: false }, 'identity: maps nobody to a database user (empty map, emailLocalPart false), so no one could request access; add map entries or set emailLocalPart: true'],
    // access
    ['access.pendingExpiry', '1 day', `access.pendingExpiry: "1 day" is not a duration; ${DURATION}`],
    ['access.roles.PII', { approvers: { usergroups: ['S0DATALEADS'] } }, 'access.roles.PII: "PII" is not a role name; use a Redshift name in lower case: a letter or _ first, then letters, digits, _ or $, at most 127 characters, such as pii_users'],
    ['access.roles.pii_users.maxDuration', '9x', `access.roles.pii_users.maxDuration: "9x" is not a duration; ${DURATION}`],
    ['access.roles.pii_users.maxDuration', 4, `access.roles.pii_users.maxDuration: 4 is not a duration; ${DURATION}`],
    ['access.roles.pii_users.maxDuration', '31d', 'access.roles.pii_users.maxDuration: 31d is longer than 30d, the longest grant allowed; use 30d or less'],
    ['access.roles.pii_users.defaultDuration', '12h', 'access.roles.pii_users.defaultDuration: 12h is longer than maxDuration (8h); shorten it or raise maxDuration'],
    ['access.roles.pii_users', { approvers: { usergroups: ['S0DATALEADS'] }, defaultDuration: '9h' }, 'access.roles.pii_users.defaultDuration: 9h is longer than maxDuration (8h, the default); shorten it or raise maxDuration'],
    ['access.roles.pii_users.breakGlass', { enabled: true, maxDuration: '9h' }, "access.roles.pii_users.breakGlass.maxDuration: 9h is longer than the role's maxDuration (8h); shorten it or raise maxDuration"],
    ['access.roles.pii_users.mode', 'grant', 'access.roles.pii_users.mode: "grant" is not a grant mode; use role (GRANT ROLE) or group (ALTER GROUP ... ADD USER)'],
    ['access.roles.pii_users.approvers', undefined, 'access.roles.pii_users.approvers: is missing; list who may approve, such as { usergroups: [S0DATALEADS] } or { users: [U0APPROVER] }'],
    ['access.roles.pii_users.approvers', {}, 'access.roles.pii_users.approvers: names nobody; list users or usergroups who may approve'],
    ['access.roles.pii_users.approvers', { users: ['bob'] }, 'access.roles.pii_users.approvers.users[0]: "bob" is not a Slack user id; use an id such as U0ANALYST (profile > ... > Copy member ID)'],
    ['access.roles.pii_users.approvers', { usergroups: 'S0DATALEADS' }, 'access.roles.pii_users.approvers.usergroups: "S0DATALEADS" is not a list; list Slack user group ids, such as [S0DATALEADS]'],
    ['access.roles.pii_users', { approvers: { users: ['U0APPROVER', 'U0APPROVER'] }, approvalsRequired: 2 }, 'access.roles.pii_users.approvalsRequired: needs 2 approvals but approvers lists only 1 user; lower it, list more users, or add a user group'],
    ['access.roles.pii_users.approvalsRequired', 6, 'access.roles.pii_users.approvalsRequired: 6 is not a whole number from 1 to 5; use one, such as 1'],
    ['access.roles.pii_users.approvalsRequired', 0, 'access.roles.pii_users.approvalsRequired: 0 is not a whole number from 1 to 5; use one, such as 1'],
    ['access.roles.pii_users.approvalsRequired', '2', 'access.roles.pii_users.approvalsRequired: "2" is not a whole number from 1 to 5; write it without quotes, such as 1'],
    ['access.roles.pii_users.targets', ['prod', 'stage'], 'access.roles.pii_users.targets[1]: "stage" is not a target in targets:; use one of prod, lake'],
    ['access.roles.pii_users.reasonRequird', false, `access.roles.pii_users.reasonRequird: is not a known field (did you mean reasonRequired?); ${ROLE_FIELDS}`],
    ['access.roles.pii_users.breakGlass', { enabled: 'sometimes' }, `access.roles.pii_users.breakGlass.enabled: "sometimes" is not true or false; ${BOOL}`],
    // policies
    ['policies.reboot', { approvalsRequired: 1 }, 'policies.reboot: is not a known field; allowed here: snapshot, restore, pause, resume, delete, retention, vacuum, usageLimit, maintenance, permissions, doctor'],
    ['policies.pause', { approvalsRequired: 7 }, 'policies.pause.approvalsRequired: 7 is not a whole number from 0 to 5; use one, such as 1'],
    ['policies.pause', { approvers: { users: [] } }, 'policies.pause.approvers: names nobody, but approvalsRequired is 1; list users or usergroups, set everyone: true, or set approvalsRequired: 0'],
    ['policies.pause', { allowed: { everyone: false } }, 'policies.pause.allowed: names nobody; list users or usergroups, set everyone: true, or set enabled: false to turn pause off'],
    ['policies.delete', { approvers: { users: ['U0ADMIN'] } }, 'policies.delete.approvalsRequired: needs 2 approvals but approvers lists only 1 user; lower it, list more users, or add a user group'],
    ['policies.snapshot', { skipFinalSnapshotExtraApproval: true }, 'policies.snapshot.skipFinalSnapshotExtraApproval: only applies to delete; remove it from snapshot'],
    ['policies.restore', { approver: { users: ['U0ADMIN'] } }, 'policies.restore.approver: is not a known field (did you mean approvers?); allowed here: enabled, allowed, approvers, approvalsRequired, skipFinalSnapshotExtraApproval'],
    // schedules
    ['schedules.2.task', 'cost.report', 'schedules[2].task: "cost.report" is not a schedule task; use one of access.expire, jobs.advance, cost.budgets, cost.digest, vacuum.reminder, lifecycle.maintenance, permissions.drift'],
    ['schedules.2.cron', '0 9 * *', `schedules[2].cron: "0 9 * *" is not a valid cron expression (has 4 fields); ${CRON}`],
    ['schedules.2.cron', '@daily', `schedules[2].cron: "@daily" is not a valid cron expression (has 1 field); ${CRON}`],
    ['schedules.2.cron', '0 60 * * *', `schedules[2].cron: "0 60 * * *" is not a valid cron expression (Constraint error, got value 60 expected range 0-23); ${CRON}`],
    ['schedules.2.cron', 'H 9 * * *', `schedules[2].cron: "H 9 * * *" is not a valid cron expression (uses H, which node-cron does not support); ${CRON}`],
    ['schedules.2.cron', undefined, `schedules[2].cron: is missing; ${CRON}`],
    ['schedules.2.timezone', 'Mars/Olympus', 'schedules[2].timezone: "Mars/Olympus" is not a time zone; use an IANA time zone name, such as UTC, Europe/London or America/New_York'],
    ['schedules.2.name', 'Billing Digest', 'schedules[2].name: "Billing Digest" is not a schedule name; use lower-case letters, digits and -, starting with a letter, such as billing-digest'],
    ['schedules.2.name', 'jobs-advance', 'schedules[2].name: "jobs-advance" is already used by schedules[1]; give each schedule its own name'],
    ['schedules.2.targets', ['stage'], 'schedules[2].targets[0]: "stage" is not a target in targets:; use one of prod, lake'],
    ['schedules.2.period', 'year', 'schedules[2].period: "year" is not a digest period; use one of day, week, month'],
    ['schedules.1.enabled', false, 'schedules: has no enabled jobs.advance schedule, so restores and other long operations would never finish; add { name: jobs-advance, task: jobs.advance, cron: "* * * * *" }'],
    ['schedules.0.task', 'vacuum.reminder', 'schedules: has no enabled access.expire schedule, so granted access would never be revoked; add { name: access-expiry, task: access.expire, cron: "* * * * *" }'],
    ['schedules.1', { name: 'jobs-advance', task: 'jobs.advance', cron: '* * * * *', period: 'week' }, 'schedules[1].period: only applies to task cost.digest; remove it from this jobs.advance schedule'],
    // cost
    ['cost.prices.spectrumPerTB', -1, 'cost.prices.spectrumPerTB: -1 is not a number 0 or more; use one, such as 5'],
    ['cost.prices.nodeHour', { 'ra3 xlplus': 1 }, 'cost.prices.nodeHour["ra3 xlplus"]: "ra3 xlplus" is not a node type; use a Redshift node type such as ra3.xlplus or dc2.large'],
    ['cost.budgets.stage', { dailyUsd: 5 }, 'cost.budgets.stage: "stage" is not a target in targets:; use one of prod, lake'],
    ['cost.budgets.prod', {}, 'cost.budgets.prod: sets no limit; set dailyUsd, monthlyUsd or spectrumTBPerDay, or remove this budget'],
    ['cost.budgets.prod', { dailyUsd: '200' }, 'cost.budgets.prod.dailyUsd: "200" is not a number 0.01 or more; write it without quotes, such as 200'],
    ['cost.alertThresholds', [80, 50], 'cost.alertThresholds: [80, 50] is not in increasing order; list each percentage once, smallest first'],
    ['cost.alertThresholds', [], 'cost.alertThresholds: is an empty list; list at least one percentage, such as [100]'],
    ['cost.alertThresholds', [0, 50], 'cost.alertThresholds[0]: 0 is not a whole number from 1 to 1000; use one, such as 80'],
    ['cost.idleHours', -1, 'cost.idleHours: -1 is not a number from 0 to 720; use one, such as 12'],
    ['cost.costExplorer.enabled', 'no', `cost.costExplorer.enabled: "no" is not true or false; ${BOOL}`],
    // vacuum
    ['vacuum.toPercent', 95.5, 'vacuum.toPercent: 95.5 is not a whole number from 1 to 100; use one, such as 95'],
    ['vacuum.unsortedPct', 101, 'vacuum.unsortedPct: 101 is not a number from 0 to 100; use one, such as 5'],
    ['vacuum.maxCandidates', 0, 'vacuum.maxCandidates: 0 is not a whole number from 1 to 100; use one, such as 10'],
    ['vacuum.largeTableMaxUnsortedPct', 2, 'vacuum.largeTableMaxUnsortedPct: 2 is below unsortedPct (5), so no large table would ever qualify; raise it or lower unsortedPct'],
    // the file itself
    ['target', {}, 'target: is not a known field (did you mean targets?); allowed here: targets, channels, slack, identity, access, approvals, policies, schedules, cost, vacuum, permissions'],
  ])('%s = %j', (path, value, line) => {
    expect(problemsOf(edited(path, value))).toEqual([`chatops.yml: ${line}`]);
  });

  it('approvals.maxOpenPerPerson: a whole number from 1 to 100', () => {
    expect(problemsOf(edited('approvals', { maxOpenPerPerson: 0 }))[0]).toContain('approvals.maxOpenPerPerson');
    expect(problemsOf(edited('approvals', { maxOpenPerPerson: 2.5 }))[0]).toContain('approvals.maxOpenPerPerson');
  });

  it('reports several problems at once, one line each', () => {
    const config = base() as { targets: Record<string, Record<string, unknown>>; channels: Record<string, unknown>; access: unknown };
    config.targets.prod.cluster = 'Analytics_Prod';
    config.channels.alerts = '#alerts';
    config.access = { roles: { pii_users: { approvers: { usergroups: ['S0DATALEADS'] }, maxDuration: '9x', colour: 'red' } } };
    const problems = problemsOf(stringify(config));
    expect(problems).toEqual([
      `chatops.yml: targets.prod.cluster: "Analytics_Prod" is not a cluster identifier; ${CLUSTER}`,
      'chatops.yml: channels.alerts: "#alerts" is not a Slack channel id; use an id such as C0ALERTS (channel details > About, at the bottom), not the #name',
      `chatops.yml: access.roles.pii_users.maxDuration: "9x" is not a duration; ${DURATION}`,
      `chatops.yml: access.roles.pii_users.colour: is not a known field; ${ROLE_FIELDS}`,
    ]);
    for (const line of problems) expect(line).not.toContain('\n');
  });

  it('reports checks across sections together with checks inside one', () => {
    const config = base() as { access: { roles: Record<string, Record<string, unknown>> }; cost: unknown };
    config.access.roles.pii_users.targets = ['stage'];
    config.access.roles.pii_users.defaultDuration = '1d';
    config.cost = { budgets: { qa: { dailyUsd: 1 } } };
    expect(problemsOf(stringify(config))).toEqual([
      'chatops.yml: access.roles.pii_users.defaultDuration: 1d is longer than maxDuration (8h); shorten it or raise maxDuration',
      'chatops.yml: access.roles.pii_users.targets[0]: "stage" is not a target in targets:; use one of prod, lake',
      'chatops.yml: cost.budgets.qa: "qa" is not a target in targets:; use one of prod, lake',
    ]);
  });

  it('leaves comparisons out while a field they compare is itself wrong', () => {
    const config = base() as { access: { roles: Record<string, Record<string, unknown>> } };
    config.access.roles.pii_users.targets = ['Stage'];
    expect(problemsOf(stringify(config))).toEqual([
      'chatops.yml: access.roles.pii_users.targets[0]: "Stage" is not a target name; use up to 40 lower-case letters, digits, - or _, starting with a letter, such as prod',
    ]);
  });

  it.each<[string, string[]]>([
    ['targets:\n  prod: [kind: provisioned\nchannels: {}\n', ['chatops.yml: line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['targets: {}\ntargets: {}\n', ['chatops.yml: line 2, column 1: Map keys must be unique']],
    ['targets:\n\tprod: {}\n', ['chatops.yml: line 2, column 1: Tabs are not allowed as indentation']],
    ['channels: "C0APPROVALS\n', ['chatops.yml: line 2, column 1: Missing closing "quote']],
    ['targets: {}\n---\nchannels: {}\n', ['chatops.yml: line 2, column 1: holds more than one YAML document (---); keep one']],
  ])('reports YAML syntax errors with their line: %j', (text, lines) => {
    expect(problemsOf(text)).toEqual(lines);
  });

  it('explains an empty file and one that is not a mapping', () => {
    expect(problemsOf('# nothing yet\n')).toEqual(['chatops.yml: is empty; copy chatops.example.yml and set at least targets and channels']);
    expect(problemsOf('- prod\n')).toEqual([
      'chatops.yml: a list is not a mapping; start from chatops.example.yml: the file needs at least targets and channels',
    ]);
  });

  it('names the given source on every line', () => {
    expect(() => parseChatopsConfig('targets: 1\n', 'config/prod.yml')).toThrow(/^config\/prod\.yml: targets: 1 is not a mapping/);
  });
});

describe('loadChatopsConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-config-'));

  it('reads and validates a file', () => {
    expect(loadChatopsConfigFile(MINIMAL).targets.prod).toMatchObject({ cluster: 'analytics-prod' });
  });

  it('says to copy the example when the file is missing', () => {
    const path = join(dir, 'chatops.yml');
    expect(() => loadChatopsConfigFile(path)).toThrow(ConfigError);
    expect(() => loadChatopsConfigFile(path)).toThrow(
      `${path}: file not found; copy chatops.example.yml to ${path} and edit it, or set CHATOPS_CONFIG to your file`,
    );
  });

  it('names the file in each problem', () => {
    const path = join(dir, 'bad.yml');
    writeFileSync(path, 'targets: {}\nchannels: { approvals: C0APPROVALS, alerts: C0ALERTS, audit: C0AUDIT }\n');
    expect(() => loadChatopsConfigFile(path)).toThrow(`${path}: targets: is empty;`);
  });

  it('reports a path that cannot be read', () => {
    expect(() => loadChatopsConfigFile(dir)).toThrow(new RegExp(`^${dir}: cannot be read \\(EISDIR: `));
  });
});

describe('targetNames and defaultTarget', () => {
  it('names the only target as the default', () => {
    const config = parseChatopsConfig(readFileSync(MINIMAL, 'utf8'));
    expect(targetNames(config)).toEqual(['prod']);
    expect(defaultTarget(config)).toBe('prod');
  });

  it('has no default with two targets', () => {
    const config = parseChatopsConfig(stringify(base()));
    expect(targetNames(config)).toEqual(['prod', 'lake']);
    expect(defaultTarget(config)).toBeUndefined();
  });
});
