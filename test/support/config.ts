import { parseChatopsConfig } from '../../src/config/chatops';
import { ConfigError } from '../../src/config/errors';

/** The smallest valid chatops.yml: one target and the three channels; everything else defaulted. */
export const minimalConfigYaml = `
targets:
  prod:
    kind: provisioned
    cluster: analytics-prod
    database: dev
    dbUser: chatops_admin
channels:
  approvals: C0APPROVALS
  alerts: C0ALERTS
  audit: C0AUDIT
`;

/**
 * `identity:` (alice is U0ANALYST) and `access:` with each role on its target, approved by U0APPROVER,
 * up to 8h; `options` are further role fields, one `key: value` each.
 */
export function accessYaml(roles: Record<string, string>, ...options: string[]): string {
  const role = ([name, target]: [string, string]) =>
    [
      `    ${name}:`,
      `      targets: [${target}]`,
      '      approvers: { users: [U0APPROVER] }',
      '      maxDuration: 8h',
      ...options.map((o) => `      ${o}`),
    ].join('\n');
  return `identity:\n  map:\n    U0ANALYST: alice\naccess:\n  roles:\n${Object.entries(roles).map(role).join('\n')}\n`;
}

/** `policies:` where anyone may ask for each action and U0APPROVER's one approval decides it. */
export function approvedByOneYaml(...actions: string[]): string {
  const policy = (action: string) =>
    [`  ${action}:`, '    allowed: { everyone: true }', '    approvers: { users: [U0APPROVER] }', '    approvalsRequired: 1'].join('\n');
  return `policies:\n${actions.map(policy).join('\n')}\n`;
}

/** The access.expire sweep and the jobs.advance tick, both on `cron`. */
export function sweepSchedulesYaml(cron: string): string {
  return `schedules:\n  - name: access-expiry\n    task: access.expire\n    cron: "${cron}"\n  - name: jobs-advance\n    task: jobs.advance\n    cron: "${cron}"\n`;
}

/**
 * pii_users on prod approved by the usergroup S0DATALEADS, and pause, delete and restore allowed to
 * it: every check needs usergroups.users.list, for tests where Slack is slow or rate-limited.
 */
export const usergroupGatedYaml = `access:
  roles:
    pii_users:
      targets: [prod]
      approvers: { usergroups: [S0DATALEADS] }
      maxDuration: 8h
policies:
  pause:
    allowed: { usergroups: [S0DATALEADS] }
  delete:
    allowed: { usergroups: [S0DATALEADS] }
  restore:
    allowed: { usergroups: [S0DATALEADS] }
`;

/** The problems chatops.yml `text` is refused with; fails the test when it is accepted. */
export function configProblems(text: string): string[] {
  try {
    parseChatopsConfig(text);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
  throw new Error('the config was accepted');
}

/** The brief's matrix as chatops.example.yml declares it, for `target` (the seeded prod cluster matches it); goes under `permissions:`. */
export const permissionsMatrix = (target: string): string => `  ${target}:
    roles:
      analytics_authors:
        schemas: { analytics: all, adhoc: all, raw_data: select }
        temporaryOnly: false
      analytics_users:
        schemas: { analytics: select, adhoc: all, raw_data: select }
        temporaryOnly: false
      pii_users:
        schemas: { pii: select }
        temporaryOnly: true
    standing:
      bob: [analytics_authors]
      alice: [analytics_users]
      carol: [analytics_users]
    tableCreators: [chatops_admin]
`;
