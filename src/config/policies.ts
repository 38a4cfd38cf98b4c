import { approvalsShortfall } from './access';
import { flag, numberIn, strictObject, usergroupList, userList } from './fields';

/** The actions whose use is governed by `policies:` in chatops.yml. */
const policyActions = [
  'snapshot',
  'restore',
  'pause',
  'resume',
  'delete',
  'retention',
  'vacuum',
  'usageLimit',
  'maintenance',
  'permissions',
  'doctor',
] as const;
export type PolicyAction = (typeof policyActions)[number];

/** Approvals an action needs when chatops.yml says nothing: reading and backing up are free, changes need a second person. */
const defaultApprovals: Readonly<Record<PolicyAction, number>> = {
  snapshot: 0,
  vacuum: 0,
  restore: 1,
  pause: 1,
  resume: 1,
  retention: 1,
  usageLimit: 1,
  maintenance: 1,
  // grants apply changes who can read what, the pii schema included.
  permissions: 1,
  delete: 2,
  // Only reads: approvals would guard nothing (readOnlyPolicySchema refuses them).
  doctor: 0,
};

export interface People {
  users: string[];
  usergroups: string[];
  /** Everyone in the workspace; as approvers, everyone but the requester. */
  everyone: boolean;
}

const everyone: People = { users: [], usergroups: [], everyone: true };
const nobody: People = { users: [], usergroups: [], everyone: false };

const peopleSchema = (fix: string) =>
  strictObject({ users: userList.default([]), usergroups: usergroupList.default([]), everyone: flag().default(false) }, fix);

const isNobody = (people: People) => people.users.length === 0 && people.usergroups.length === 0 && !people.everyone;

function policySchema(action: PolicyAction) {
  const shape = {
    enabled: flag().default(true),
    // Left out, anyone may ask and anyone else may approve; written, only the people listed.
    allowed: peopleSchema('list who may ask, such as { usergroups: [S0DATALEADS] } or { everyone: true }').default(everyone),
    approvers: peopleSchema('list who may approve, such as { users: [U0APPROVER, U0ADMIN] }').default(everyone),
    approvalsRequired: numberIn(0, 5, { whole: true, example: String(defaultApprovals[action]) }).optional(),
    skipFinalSnapshotExtraApproval: flag().optional(),
  };
  return strictObject(shape, 'set enabled, allowed, approvers and approvalsRequired, or leave the action out for its defaults')
    // Left out, the action's default; whether it was written is kept (approvalsExplicit) for the operations that need more by default.
    .transform((policy) => ({ ...policy, approvalsExplicit: policy.approvalsRequired !== undefined, approvalsRequired: policy.approvalsRequired ?? defaultApprovals[action] }))
    .superRefine((policy, ctx) => {
      if (policy.skipFinalSnapshotExtraApproval !== undefined && action !== 'delete') {
        ctx.addIssue({
          code: 'custom',
          path: ['skipFinalSnapshotExtraApproval'],
          message: `only applies to delete; remove it from ${action}`,
        });
      }
      if (policy.enabled && isNobody(policy.allowed)) {
        ctx.addIssue({
          code: 'custom',
          path: ['allowed'],
          message: `names nobody; list users or usergroups, set everyone: true, or set enabled: false to turn ${action} off`,
        });
      }
      if (policy.approvalsRequired > 0 && isNobody(policy.approvers)) {
        ctx.addIssue({
          code: 'custom',
          path: ['approvers'],
          message: `names nobody, but approvalsRequired is ${policy.approvalsRequired}; list users or usergroups, set everyone: true, or set approvalsRequired: 0`,
        });
      } else if (!policy.approvers.everyone && policy.approvers.usergroups.length === 0) {
        const listed = new Set(policy.approvers.users).size;
        if (policy.approvalsRequired > listed) {
          ctx.addIssue({ code: 'custom', path: ['approvalsRequired'], message: approvalsShortfall(policy.approvalsRequired, listed) });
        }
      }
    })
    .transform(
      (policy): ActionPolicy => ({
        enabled: policy.enabled,
        // A turned-off action allows nobody, so code that only checks `allowed` still refuses it.
        allowed: policy.enabled ? policy.allowed : nobody,
        approvers: policy.approvers,
        approvalsRequired: policy.approvalsRequired,
        // Skipping delete's final snapshot is unrecoverable, so by default it takes one approval more.
        skipFinalSnapshotExtraApproval: action === 'delete' ? (policy.skipFinalSnapshotExtraApproval ?? true) : false,
        ...(policy.approvalsExplicit ? { approvalsExplicit: true } : {}),
      }),
    )
    .prefault({});
}

/**
 * A policy for an action that only reads (`/redshift doctor`): who may run it and whether it is on.
 * Approvals would guard nothing, so approvers or approvalsRequired above 0 are refused by name rather
 * than left as an unknown field, with what to do instead.
 */
function readOnlyPolicySchema(action: PolicyAction) {
  const shape = {
    enabled: flag().default(true),
    allowed: peopleSchema('list who may run it, such as { usergroups: [S0DATALEADS] } or { everyone: true }').default(everyone),
    approvers: peopleSchema('remove approvers').optional(),
    // Any count parses, so a wrong one gets the message below rather than a range.
    approvalsRequired: numberIn(0, Infinity, { whole: true, example: '0' }).optional(),
  };
  return strictObject(shape, `set enabled and allowed, or leave ${action} out for its defaults`)
    .superRefine((policy, ctx) => {
      if (policy.enabled && isNobody(policy.allowed)) {
        ctx.addIssue({
          code: 'custom',
          path: ['allowed'],
          message: `names nobody; list users or usergroups, set everyone: true, or set enabled: false to turn ${action} off`,
        });
      }
      if (policy.approvalsRequired !== undefined && policy.approvalsRequired > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['approvalsRequired'],
          message: `is ${policy.approvalsRequired}, but ${action} only reads and changes nothing, so there is nothing to approve; remove approvalsRequired or set it to 0`,
        });
      }
      if (policy.approvers !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['approvers'],
          message: `cannot be set: ${action} only reads and changes nothing, so there is nothing to approve; remove approvers (allowed says who may run it)`,
        });
      }
    })
    .transform(
      (policy): ActionPolicy => ({
        enabled: policy.enabled,
        allowed: policy.enabled ? policy.allowed : nobody,
        approvers: nobody,
        approvalsRequired: 0,
        skipFinalSnapshotExtraApproval: false,
      }),
    )
    .prefault({});
}

export type ActionPolicy = {
  enabled: boolean;
  allowed: People;
  approvers: People;
  approvalsRequired: number;
  /** delete only (false elsewhere): skipping the final snapshot needs one approval more. */
  skipFinalSnapshotExtraApproval: boolean;
  /** True when chatops.yml wrote approvalsRequired; absent when it is the action's default. */
  approvalsExplicit?: true;
};

export const policiesSchema = strictObject(
  {
    snapshot: policySchema('snapshot'),
    restore: policySchema('restore'),
    pause: policySchema('pause'),
    resume: policySchema('resume'),
    delete: policySchema('delete'),
    retention: policySchema('retention'),
    vacuum: policySchema('vacuum'),
    usageLimit: policySchema('usageLimit'),
    maintenance: policySchema('maintenance'),
    permissions: policySchema('permissions'),
    doctor: readOnlyPolicySchema('doctor'),
  } satisfies Record<PolicyAction, unknown>,
  'map actions to their policies, such as { pause: { approvalsRequired: 1 } }',
).prefault({});
