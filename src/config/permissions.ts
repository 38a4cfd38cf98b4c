import { z } from 'zod';
import { describeValue } from './errors';
import { flag, list, mapOf, problemText, redshiftName, strictObject, targetName } from './fields';

/**
 * `permissions:` in chatops.yml: per target, the roles (or groups) and how far each reaches into
 * each schema, the users who may hold roles standing, and whose future tables default privileges
 * cover. Checks that need another section (targets, access) are in chatops.ts.
 */

const levelSchema = z.enum(['usage', 'select', 'all'], {
  error: (issue) =>
    problemText('a level', 'use usage (the schema only), select (read its tables) or all (read, write and create tables)', issue.input),
});

const permissionRoleSchema = strictObject(
  {
    mode: z
      .enum(['role', 'group'], {
        error: (issue) => problemText('a principal mode', 'use role (CREATE ROLE) or group (CREATE GROUP)', issue.input),
      })
      .default('role'),
    schemas: mapOf(redshiftName('a schema name', 'analytics'), levelSchema, 'map schema names to levels, such as { analytics: select }'),
    // Left out, it is false; chatops.ts asks for it in writing when access also hands the role out.
    temporaryOnly: flag().optional(),
  },
  'give the role its schemas, such as { schemas: { analytics: select } }',
);

const userName = redshiftName('a database user name', 'etl_user');
const roleName = redshiftName('a role name', 'analytics_users');

const targetPermissionsSchema = strictObject(
  {
    roles: mapOf(
      roleName,
      permissionRoleSchema,
      'map role names to their schemas, such as { analytics_users: { schemas: { analytics: select } } }',
    ),
    standing: mapOf(
      userName,
      list(roleName, 'list role names from roles:, such as [analytics_users]'),
      'map database users to the roles they hold standing, such as { etl_user: [analytics_authors] }',
    ).default({}),
    tableCreators: list(userName, 'list the database users who create tables, such as [etl_user]').default([]),
  },
  'set roles, and optionally standing and tableCreators, such as { roles: { analytics_users: { schemas: { analytics: select } } } }',
).superRefine((block, ctx) => {
  const declared = Object.keys(block.roles);
  for (const [user, roles] of Object.entries(block.standing)) {
    const seen = new Set<string>();
    roles.forEach((role, index) => {
      const path = ['standing', user, index];
      const rules = block.roles[role];
      if (rules === undefined) {
        const known = declared.length > 0 ? `use one of ${declared.join(', ')}` : 'declare it under roles: first';
        ctx.addIssue({ code: 'custom', path, message: `${describeValue(role)} is not a role in roles:; ${known}` });
      } else if (rules.temporaryOnly === true) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${role} is temporaryOnly, so nobody may hold it standing; remove it here (people ask for it with /redshift access) or set temporaryOnly: false`,
        });
      } else if (seen.has(role)) {
        ctx.addIssue({ code: 'custom', path, message: `${role} is listed twice for ${user}; list it once` });
      }
      seen.add(role);
    });
  }
  const creators = new Set<string>();
  block.tableCreators.forEach((user, index) => {
    if (creators.has(user))
      ctx.addIssue({ code: 'custom', path: ['tableCreators', index], message: `${user} is listed twice; list it once` });
    creators.add(user);
  });
  // A schema a temporary-only role guards must not be reachable through a standing role as well.
  for (const [role, rules] of Object.entries(block.roles)) {
    if (rules.temporaryOnly !== true) continue;
    for (const schema of Object.keys(rules.schemas)) {
      for (const [other, otherRules] of Object.entries(block.roles)) {
        if (other === role || otherRules.temporaryOnly === true || otherRules.schemas[schema] === undefined) continue;
        ctx.addIssue({
          code: 'custom',
          path: ['roles', other, 'schemas', schema],
          message: `${schema} is guarded by ${role} (temporaryOnly), so ${other}, which may be held standing, would reach it too; remove ${schema} from ${other} or make ${other} temporaryOnly`,
        });
      }
    }
  }
});

export const permissionsSchema = mapOf(
  targetName,
  targetPermissionsSchema,
  'map target names to their permissions, such as { prod: { roles: { analytics_users: { schemas: { analytics: select } } } } }',
).default({});

export type TargetPermissions = z.output<typeof targetPermissionsSchema>;

/** What the cross-section checks need of access.roles, before targets are filled in. */
interface AccessRoleView {
  targets?: readonly string[];
  mode: 'role' | 'group';
}

/**
 * Checks against other sections: each key is a target, and a role that access also hands out on that
 * target agrees with it (same mode; whether it may be held standing is written down, since access
 * grants are temporary and a standing member would outlive them).
 */
export function checkPermissionReferences(
  permissions: Readonly<Record<string, TargetPermissions>>,
  targets: readonly string[],
  accessRoles: Readonly<Record<string, AccessRoleView>>,
  ctx: z.RefinementCtx,
): void {
  const known = new Set(targets);
  for (const [target, block] of Object.entries(permissions)) {
    if (!known.has(target)) {
      ctx.addIssue({
        code: 'custom',
        path: ['permissions', target],
        message: `${describeValue(target)} is not a target in targets:; use one of ${targets.join(', ')}`,
      });
      continue;
    }
    for (const [role, rules] of Object.entries(block.roles)) {
      const access = accessRoles[role];
      if (access === undefined || !(access.targets ?? targets).includes(target)) continue;
      const path = ['permissions', target, 'roles', role];
      if (access.mode !== rules.mode) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'mode'],
          message: `is ${rules.mode}, but access.roles.${role} grants it as a ${access.mode}; use the same mode in both`,
        });
      }
      if (rules.temporaryOnly === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'temporaryOnly'],
          message: `is missing; access.roles.${role} hands this role out for a limited time on ${target}, so say whether it may also be held standing: temporaryOnly: true (only through access requests) or temporaryOnly: false (and list standing members under standing:)`,
        });
      }
    }
  }
}

/** A role with temporaryOnly filled in. */
export function resolvePermissions(permissions: Readonly<Record<string, TargetPermissions>>) {
  return Object.fromEntries(
    Object.entries(permissions).map(([target, block]) => [
      target,
      {
        ...block,
        roles: Object.fromEntries(
          Object.entries(block.roles).map(([name, role]) => [name, { ...role, temporaryOnly: role.temporaryOnly ?? false }]),
        ),
      },
    ]),
  );
}
