import { conflict } from '../faults';
import type { NamespaceRecord, WorkgroupRecord } from '../records';
import type { ServerlessState } from '../state';

/** The namespace, which must be AVAILABLE for the change asked of it. */
export function availableNamespace(state: ServerlessState, name: string): NamespaceRecord {
  const { record, status } = state.findNamespace(name);
  if (status !== 'AVAILABLE') throw conflict(`Namespace ${name} is currently ${status}. Retry the operation when it is AVAILABLE.`);
  return record;
}

export function availableWorkgroup(state: ServerlessState, name: string): WorkgroupRecord {
  const { record, status } = state.findWorkgroup(name);
  if (status !== 'AVAILABLE') throw conflict(`Workgroup ${name} is currently ${status}. Retry the operation when it is AVAILABLE.`);
  return record;
}
