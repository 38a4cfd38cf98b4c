import { constraint, invalidPagination, notFound, quotaExceeded, validation } from '../faults';
import { optionalInteger, optionalString, requiredInteger, requiredString } from '../input';
import { paginate } from '../paging';
import type { UsageLimitRecord } from '../records';
import { checkMaxResults } from '../rules';
import type { ServerlessState } from '../state';
import { usageLimitWire } from '../wire';
import type { Operation } from './types';

const USAGE_TYPES = ['serverless-compute', 'cross-region-datasharing'] as const;
const PERIODS = ['daily', 'weekly', 'monthly'] as const;
const BREACH_ACTIONS = ['log', 'emit-metric', 'deactivate'] as const;

function oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const found = allowed.find((option) => option === value);
  if (!found) throw constraint(value, field, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  return found;
}

/**
 * The resource a limit applies to: serverless-compute limits RPU-hours of a workgroup,
 * cross-region-datasharing limits a namespace. Refuses anything else.
 */
function checkResource(state: ServerlessState, resourceArn: string, usageType: string): void {
  const match = /^arn:aws:redshift-serverless:([a-z0-9-]+):(\d{12}):(workgroup|namespace)\/([0-9a-f-]+)$/.exec(resourceArn);
  if (!match) throw validation(`The resourceArn ${resourceArn} is not a valid Redshift Serverless workgroup or namespace ARN.`);
  const kind = match[3];
  const wanted = usageType === 'serverless-compute' ? 'workgroup' : 'namespace';
  if (kind !== wanted) throw validation(`Usage type ${usageType} applies to a ${wanted}; ${resourceArn} is a ${kind}.`);
  const live =
    kind === 'workgroup'
      ? [...state.workgroups.values()].some((wg) => state.arn('workgroup', wg.id) === resourceArn && state.workgroupStatus(wg) !== undefined)
      : [...state.namespaces.values()].some((ns) => state.arn('namespace', ns.id) === resourceArn && state.namespaceStatus(ns) !== undefined);
  if (!live) throw notFound(`The resource ${resourceArn} does not exist.`, resourceArn);
}

function findLimit(state: ServerlessState, id: string): UsageLimitRecord {
  const limit = state.usageLimits.get(id);
  if (!limit) throw notFound(`Usage limit ${id} does not exist.`, id);
  return limit;
}

/** amount is in RPU-hours; breachAction defaults to log, which alerts nobody. */
export const createUsageLimit: Operation = async (input, state) => {
  const resourceArn = requiredString(input, 'resourceArn');
  const usageType = oneOf('usageType', requiredString(input, 'usageType'), USAGE_TYPES, 'serverless-compute');
  const amount = requiredInteger(input, 'amount');
  const period = oneOf('period', optionalString(input, 'period'), PERIODS, 'monthly');
  const breachAction = oneOf('breachAction', optionalString(input, 'breachAction'), BREACH_ACTIONS, 'log');
  if (amount < 1) throw validation(`The amount ${amount} is not valid: a usage limit must be a positive whole number of ${usageType === 'serverless-compute' ? 'RPU-hours' : 'terabytes'}.`);
  checkResource(state, resourceArn, usageType);
  const existing = [...state.usageLimits.values()].filter((l) => l.resourceArn === resourceArn && l.usageType === usageType);
  if (existing.length >= state.limits.usageLimitsPerResource) {
    throw quotaExceeded(`You can create at most ${state.limits.usageLimitsPerResource} usage limits of type ${usageType} for a resource.`);
  }
  const id = globalThis.crypto.randomUUID();
  const limit: UsageLimitRecord = { id, arn: state.arn('usagelimit', id), resourceArn, usageType, amount, period, breachAction };
  state.usageLimits.set(id, limit);
  return { usageLimit: usageLimitWire(limit) };
};

export const getUsageLimit: Operation = async (input, state) => ({
  usageLimit: usageLimitWire(findLimit(state, requiredString(input, 'usageLimitId'))),
});

export const listUsageLimits: Operation = async (input, state) => {
  const resourceArn = optionalString(input, 'resourceArn');
  const usageType = optionalString(input, 'usageType');
  if (usageType !== undefined) oneOf('usageType', usageType, USAGE_TYPES, 'serverless-compute');
  const maxResults = checkMaxResults(optionalInteger(input, 'maxResults'));
  if (resourceArn !== undefined) checkResource(state, resourceArn, usageType ?? (resourceArn.includes(':namespace/') ? 'cross-region-datasharing' : 'serverless-compute'));
  const matching = [...state.usageLimits.values()].filter(
    (l) => (resourceArn === undefined || l.resourceArn === resourceArn) && (usageType === undefined || l.usageType === usageType),
  );
  const page = paginate(matching, 'ListUsageLimits', maxResults, optionalString(input, 'nextToken'), invalidPagination);
  return { usageLimits: page.items.map(usageLimitWire), nextToken: page.nextToken };
};

export const deleteUsageLimit: Operation = async (input, state) => {
  const limit = findLimit(state, requiredString(input, 'usageLimitId'));
  state.usageLimits.delete(limit.id);
  return { usageLimit: usageLimitWire(limit) };
};
