import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { accessSchema, identitySchema } from './access';
import { approvalsSchema } from './approvals';
import { costSchema } from './cost';
import { ConfigError, configErrorFromZod, describeValue, messageOf } from './errors';
import { mapOf, pattern, slackChannelId, slackUserId, strictObject, targetName } from './fields';
import { checkPermissionReferences, permissionsSchema, resolvePermissions } from './permissions';
import { policiesSchema } from './policies';
import { schedulesSchema } from './schedules';
import { targetSchema } from './targets';
import { vacuumSchema } from './vacuum';
import { parseYaml } from './yaml';

export { ConfigError };

const targetsSchema = mapOf(targetName, targetSchema, 'map target names to targets, such as { prod: { kind: provisioned, ... } }').refine(
  (targets) => Object.keys(targets).length > 0,
  {
    error:
      'is empty; add at least one target, such as prod: { kind: provisioned, cluster: analytics-prod, database: dev, dbUser: chatops_admin }',
    abort: true,
  },
);

const channelsSchema = strictObject(
  { approvals: slackChannelId('C0APPROVALS'), alerts: slackChannelId('C0ALERTS'), audit: slackChannelId('C0AUDIT') },
  'set the approvals, alerts and audit channel ids, such as { approvals: C0APPROVALS, alerts: C0ALERTS, audit: C0AUDIT }',
);

const slackSchema = strictObject(
  {
    botId: pattern('a Slack bot id', 'use the id auth.test returns as bot_id, such as B0CHATOPS', /^B[A-Z0-9]{2,}$/).optional(),
    botUserId: slackUserId.optional(),
  },
  'set botId and botUserId, or leave slack out',
).prefault({});

const fileSchema = strictObject(
  {
    targets: targetsSchema,
    channels: channelsSchema,
    slack: slackSchema,
    identity: identitySchema,
    access: accessSchema,
    approvals: approvalsSchema,
    policies: policiesSchema,
    schedules: schedulesSchema,
    cost: costSchema,
    vacuum: vacuumSchema,
    permissions: permissionsSchema,
  },
  'start from chatops.example.yml: the file needs at least targets and channels',
);

type FileConfig = z.output<typeof fileSchema>;

/** References between sections: each must name something defined elsewhere in the file. */
function checkReferences(config: FileConfig, ctx: z.RefinementCtx): void {
  const names = Object.keys(config.targets);
  const known = new Set(names);
  const unknownTarget = (name: string, path: PropertyKey[]) =>
    ctx.addIssue({ code: 'custom', path, message: `${describeValue(name)} is not a target in targets:; use one of ${names.join(', ')}` });

  for (const [role, rules] of Object.entries(config.access.roles)) {
    rules.targets?.forEach((name, index) => known.has(name) || unknownTarget(name, ['access', 'roles', role, 'targets', index]));
  }
  for (const name of Object.keys(config.cost.budgets)) if (!known.has(name)) unknownTarget(name, ['cost', 'budgets', name]);
  checkPermissionReferences(config.permissions, names, config.access.roles, ctx);

  const firstByName = new Map<string, number>();
  config.schedules.forEach((schedule, index) => {
    schedule.targets?.forEach((name, at) => known.has(name) || unknownTarget(name, ['schedules', index, 'targets', at]));
    const first = firstByName.get(schedule.name);
    if (first === undefined) firstByName.set(schedule.name, index);
    else {
      ctx.addIssue({
        code: 'custom',
        path: ['schedules', index, 'name'],
        message: `${describeValue(schedule.name)} is already used by schedules[${first}]; give each schedule its own name`,
      });
    }
  });

  // Without these sweeps grants would never be revoked and long operations never reported.
  const runs = (task: string) => config.schedules.some((schedule) => schedule.enabled && schedule.task === task);
  if (!runs('jobs.advance')) {
    ctx.addIssue({
      code: 'custom',
      path: ['schedules'],
      message:
        'has no enabled jobs.advance schedule, so restores and other long operations would never finish; add { name: jobs-advance, task: jobs.advance, cron: "* * * * *" }',
    });
  }
  const hasRoles = Object.keys(config.access.roles).length > 0;
  if (hasRoles && !runs('access.expire')) {
    ctx.addIssue({
      code: 'custom',
      path: ['schedules'],
      message:
        'has no enabled access.expire schedule, so granted access would never be revoked; add { name: access-expiry, task: access.expire, cron: "* * * * *" }',
    });
  }
  if (hasRoles && !config.identity.emailLocalPart && Object.keys(config.identity.map).length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['identity'],
      message:
        'maps nobody to a database user (empty map, emailLocalPart false), so no one could request access; add map entries or set emailLocalPart: true',
    });
  }
}

/** Fills in "all targets" where a list of targets was left out, so readers never handle the absent case. */
function resolveTargets(config: FileConfig) {
  const all = Object.keys(config.targets);
  const roles = Object.fromEntries(
    Object.entries(config.access.roles).map(([name, role]) => [name, { ...role, targets: role.targets ?? all }]),
  );
  return {
    ...config,
    access: { ...config.access, roles },
    schedules: config.schedules.map((schedule) => ({ ...schedule, targets: schedule.targets ?? all })),
    permissions: resolvePermissions(config.permissions),
  };
}

/** chatops.yml as data: validated, with every default filled in. */
export const chatopsSchema = fileSchema.superRefine(checkReferences).transform(resolveTargets);

export type ChatopsConfig = z.output<typeof chatopsSchema>;
export type AccessRole = ChatopsConfig['access']['roles'][string];
export type Schedule = ChatopsConfig['schedules'][number];
export type Channels = ChatopsConfig['channels'];
export type TargetPermissionsConfig = ChatopsConfig['permissions'][string];

/** Parses and validates chatops.yml text; throws ConfigError with one line per problem. */
export function parseChatopsConfig(text: string, source = 'chatops.yml'): ChatopsConfig {
  const data = parseYaml(text, source);
  if (data === null || data === undefined) {
    throw new ConfigError([`${source}: is empty; copy chatops.example.yml and set at least targets and channels`]);
  }
  const result = chatopsSchema.safeParse(data);
  if (!result.success) throw configErrorFromZod(result.error, source);
  return result.data;
}

export function loadChatopsConfigFile(path: string): ChatopsConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (failure) {
    if (typeof failure === 'object' && failure !== null && 'code' in failure && failure.code === 'ENOENT') {
      throw new ConfigError([
        `${path}: file not found; copy chatops.example.yml to ${path} and edit it, or set CHATOPS_CONFIG to your file`,
      ]);
    }
    throw new ConfigError([`${path}: cannot be read (${messageOf(failure)})`]);
  }
  return parseChatopsConfig(text, path);
}

export function targetNames(config: Pick<ChatopsConfig, 'targets'>): string[] {
  return Object.keys(config.targets);
}

/** The target a command may leave out: the only one, when there is exactly one. */
export function defaultTarget(config: Pick<ChatopsConfig, 'targets'>): string | undefined {
  const names = targetNames(config);
  return names.length === 1 ? names[0] : undefined;
}
