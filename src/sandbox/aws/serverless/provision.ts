import { validation } from './faults';
import { namespaceKey } from './ports';
import type { NamespaceRecord, WorkgroupRecord } from './records';
import { checkResourceName } from './rules';
import type { ServerlessState } from './state';

/** Direct set-up for the seed and for tests (the bot never creates namespaces or workgroups). */
export interface NamespaceSpec {
  name: string;
  dbName?: string;
  adminUsername?: string;
  createdAt?: number;
}

export interface WorkgroupSpec {
  name: string;
  namespaceName: string;
  /** RPUs, 8–512 in steps of 8; default 128 as in AWS. */
  baseCapacity?: number;
  maxCapacity?: number;
  createdAt?: number;
  /** CREATING for this long from now (default 0: AVAILABLE at once). */
  creatingMs?: number;
  publiclyAccessible?: boolean;
}

/** Workgroup parameters AWS sets on a new workgroup. */
const DEFAULT_CONFIG_PARAMETERS = [
  { parameterKey: 'auto_mv', parameterValue: 'true' },
  { parameterKey: 'datestyle', parameterValue: 'ISO, MDY' },
  { parameterKey: 'enable_case_sensitive_identifier', parameterValue: 'false' },
  { parameterKey: 'enable_user_activity_logging', parameterValue: 'true' },
  { parameterKey: 'query_group', parameterValue: 'default' },
  { parameterKey: 'search_path', parameterValue: '$user, public' },
  { parameterKey: 'require_ssl', parameterValue: 'true' },
  { parameterKey: 'max_query_execution_time', parameterValue: '14400' },
];

/** Adds an AVAILABLE namespace and creates its databases (awaits databases.create). */
export async function addNamespace(state: ServerlessState, spec: NamespaceSpec): Promise<NamespaceRecord> {
  checkResourceName('namespaceName', spec.name);
  if (state.namespaceExists(spec.name)) throw validation(`Namespace ${spec.name} already exists.`);
  const record: NamespaceRecord = {
    id: globalThis.crypto.randomUUID(),
    name: spec.name,
    dbName: spec.dbName ?? 'dev',
    adminUsername: spec.adminUsername ?? 'admin',
    createdAt: spec.createdAt ?? state.now(),
  };
  await state.databases.create(namespaceKey(spec.name));
  state.namespaces.set(spec.name, record);
  return record;
}

export function addWorkgroup(state: ServerlessState, spec: WorkgroupSpec): WorkgroupRecord {
  checkResourceName('workgroupName', spec.name);
  state.findNamespace(spec.namespaceName);
  if (state.workgroup(spec.name)) throw validation(`Workgroup ${spec.name} already exists.`);
  const baseCapacity = spec.baseCapacity ?? 128;
  const maxCapacity = spec.maxCapacity ?? 512;
  const validRpu = (rpu: number): boolean => Number.isInteger(rpu) && rpu >= 8 && rpu <= 1024 && rpu % 8 === 0;
  if (!validRpu(baseCapacity) || baseCapacity > 512) throw validation(`Base capacity ${baseCapacity} is not valid: use 8 to 512 RPUs in steps of 8.`);
  if (!validRpu(maxCapacity) || maxCapacity < baseCapacity) throw validation(`Max capacity ${maxCapacity} must be a multiple of 8 no lower than the base capacity.`);
  const now = state.now();
  const record: WorkgroupRecord = {
    id: globalThis.crypto.randomUUID(),
    name: spec.name,
    namespaceName: spec.namespaceName,
    baseCapacity,
    maxCapacity,
    createdAt: spec.createdAt ?? now,
    readyAt: now + (spec.creatingMs ?? 0),
    publiclyAccessible: spec.publiclyAccessible ?? false,
    configParameters: DEFAULT_CONFIG_PARAMETERS.map((p) => ({ ...p })),
  };
  state.workgroups.set(spec.name, record);
  return record;
}
