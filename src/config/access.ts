import { z } from 'zod';
import { formatDuration } from './duration';
import { describeValue } from './errors';
import {
  durationSchema,
  flag,
  list,
  mapOf,
  numberIn,
  pattern,
  problemText,
  redshiftName,
  slackUserId,
  strictObject,
  targetName,
  usergroupList,
  userList,
} from './fields';

const HOUR = 3_600_000;
const LONGEST_GRANT_MS = 30 * 24 * HOUR;
const DEFAULT_MAX_DURATION_MS = 8 * HOUR;
const DEFAULT_DURATION_MS = 4 * HOUR;
const DEFAULT_BREAK_GLASS_MS = 1 * HOUR;

const emailDomain = pattern(
  'an e-mail domain',
  'use a domain such as example.com',
  /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i,
).transform((domain) => domain.toLowerCase());

export const identitySchema = strictObject(
  {
    map: mapOf(
      slackUserId,
      redshiftName('a database user name', 'alice'),
      'map Slack user ids to database users, such as { U0ANALYST: alice }',
    ).default({}),
    emailLocalPart: flag().default(true),
    emailDomains: list(emailDomain, 'list e-mail domains, such as [example.com]')
      .min(1, { error: 'is an empty list; list at least one domain, or remove emailDomains to accept any domain' })
      .optional(),
  },
  'set map, emailLocalPart and emailDomains, or leave identity out',
)
  .superRefine((identity, ctx) => {
    // A database user shared by two people would hand one person's grant to the other.
    const owner = new Map<string, string>();
    for (const [slackUser, dbUser] of Object.entries(identity.map)) {
      const first = owner.get(dbUser);
      if (first === undefined) owner.set(dbUser, slackUser);
      else {
        ctx.addIssue({
          code: 'custom',
          path: ['map', slackUser],
          message: `maps to ${dbUser}, like ${first}; give each person their own database user`,
        });
      }
    }
    if (identity.emailDomains !== undefined && !identity.emailLocalPart) {
      ctx.addIssue({
        code: 'custom',
        path: ['emailDomains'],
        message: 'only applies when emailLocalPart is true; remove it or set emailLocalPart: true',
      });
    }
  })
  .prefault({});

const approversSchema = strictObject(
  { users: userList.default([]), usergroups: usergroupList.default([]) },
  'list who may approve, such as { usergroups: [S0DATALEADS] } or { users: [U0APPROVER] }',
);

const roleSchema = strictObject(
  {
    targets: list(targetName, 'list target names from targets:, such as [prod, lake], or leave it out for all targets').optional(),
    mode: z
      .enum(['role', 'group'], {
        error: (issue) => problemText('a grant mode', 'use role (GRANT ROLE) or group (ALTER GROUP ... ADD USER)', issue.input),
      })
      .default('role'),
    approvers: approversSchema,
    approvalsRequired: numberIn(1, 5, { whole: true, example: '1' }).default(1),
    defaultDuration: durationSchema.optional(),
    maxDuration: durationSchema.optional(),
    reasonRequired: flag().default(true),
    breakGlass: strictObject(
      { enabled: flag().default(false), maxDuration: durationSchema.optional() },
      'set enabled and maxDuration, such as { enabled: true, maxDuration: 1h }',
    ).prefault({}),
    endSessionsOnRevoke: flag().default(false),
    description: z.string({ error: (issue) => `${describeValue(issue.input)} is not text; write a short description` }).optional(),
  },
  'give the role at least approvers, such as { approvers: { usergroups: [S0DATALEADS] } }',
)
  .superRefine((role, ctx) => {
    const users = new Set(role.approvers.users);
    if (users.size === 0 && role.approvers.usergroups.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['approvers'], message: 'names nobody; list users or usergroups who may approve' });
    } else if (role.approvers.usergroups.length === 0 && role.approvalsRequired > users.size) {
      ctx.addIssue({ code: 'custom', path: ['approvalsRequired'], message: approvalsShortfall(role.approvalsRequired, users.size) });
    }
    const max = role.maxDuration ?? DEFAULT_MAX_DURATION_MS;
    const maxLabel = role.maxDuration === undefined ? `${formatDuration(max)}, the default` : formatDuration(max);
    if (max > LONGEST_GRANT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxDuration'],
        message: `${formatDuration(max)} is longer than 30d, the longest grant allowed; use 30d or less`,
      });
    }
    if (role.defaultDuration !== undefined && role.defaultDuration > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultDuration'],
        message: `${formatDuration(role.defaultDuration)} is longer than maxDuration (${maxLabel}); shorten it or raise maxDuration`,
      });
    }
    if (role.breakGlass.maxDuration !== undefined && role.breakGlass.maxDuration > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['breakGlass', 'maxDuration'],
        message: `${formatDuration(role.breakGlass.maxDuration)} is longer than the role's maxDuration (${maxLabel}); shorten it or raise maxDuration`,
      });
    }
  })
  .transform((role) => {
    const maxDuration = role.maxDuration ?? DEFAULT_MAX_DURATION_MS;
    return {
      ...role,
      maxDuration,
      // Defaults never exceed the role's own maximum, so a short maxDuration needs no other edits.
      defaultDuration: role.defaultDuration ?? Math.min(DEFAULT_DURATION_MS, maxDuration),
      breakGlass: {
        enabled: role.breakGlass.enabled,
        maxDuration: role.breakGlass.maxDuration ?? Math.min(DEFAULT_BREAK_GLASS_MS, maxDuration),
      },
    };
  });

/** The message when fewer people are listed than approvals are required. */
export function approvalsShortfall(required: number, listed: number): string {
  return `needs ${required} approvals but approvers lists only ${listed} user${listed === 1 ? '' : 's'}; lower it, list more users, or add a user group`;
}

export const accessSchema = strictObject(
  {
    pendingExpiry: durationSchema.prefault('24h'),
    roles: mapOf(
      redshiftName('a role name', 'pii_users'),
      roleSchema,
      'map role names to their rules, such as { pii_users: { ... } }',
    ).default({}),
  },
  'set pendingExpiry and roles, or leave access out',
).prefault({});
