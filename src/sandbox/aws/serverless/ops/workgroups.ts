import { conflict, validation } from '../faults';
import { optionalInteger, optionalString, requiredString } from '../input';
import { paginate } from '../paging';
import { checkMaxResults, checkResourceName } from '../rules';
import { workgroupWire } from '../wire';
import type { Operation } from './types';

export const getWorkgroup: Operation = async (input, state) => {
  const name = checkResourceName('workgroupName', requiredString(input, 'workgroupName'));
  const { record, status } = state.findWorkgroup(name);
  return { workgroup: workgroupWire(state, record, status) };
};

export const listWorkgroups: Operation = async (input, state) => {
  const maxResults = checkMaxResults(optionalInteger(input, 'maxResults'));
  const ownerAccount = optionalString(input, 'ownerAccount');
  const live = [...state.workgroups.values()]
    .map((record) => ({ record, status: state.workgroupStatus(record) }))
    .filter((entry) => entry.status !== undefined)
    .filter(() => ownerAccount === undefined || ownerAccount === state.context.accountId)
    .sort((a, b) => a.record.createdAt - b.record.createdAt || a.record.name.localeCompare(b.record.name));
  const page = paginate(live, 'ListWorkgroups', maxResults, optionalString(input, 'nextToken'), validation);
  return {
    workgroups: page.items.map(({ record, status }) => workgroupWire(state, record, status ?? 'AVAILABLE')),
    nextToken: page.nextToken,
  };
};

/** DELETING for timings.workgroupDeleteMs, then gone (with its usage limits). */
export const deleteWorkgroup: Operation = async (input, state) => {
  const name = checkResourceName('workgroupName', requiredString(input, 'workgroupName'));
  const { record, status } = state.findWorkgroup(name);
  if (status === 'DELETING') throw conflict(`Workgroup ${name} is already being deleted.`);
  if (status !== 'AVAILABLE') throw conflict(`Workgroup ${name} is currently ${status}. Retry the operation when it is AVAILABLE.`);
  if (state.unfinishedRestores().some((r) => r.workgroupName === name)) {
    throw conflict(`Workgroup ${name} has a table restore in progress. Retry when it has finished.`);
  }
  record.deletingAt = state.now();
  return { workgroup: workgroupWire(state, record, 'DELETING') };
};
