import type { DatabaseImage } from '../../databases';
import { conflict, invalidPagination, validation } from '../faults';
import { optionalBoolean, optionalInteger, optionalString, requiredString, type Input } from '../input';
import { paginate } from '../paging';
import { namespaceKey } from '../ports';
import { refreshAllRecoveryPoints } from '../recovery-schedule';
import type { TableRestoreRecord } from '../records';
import { checkIdentifier, checkMaxResults } from '../rules';
import type { ServerlessState } from '../state';
import { tableRestoreWire } from '../wire';
import { availableNamespace, availableWorkgroup } from './guards';
import type { Operation } from './types';

type Source = { snapshotName: string } | { recoveryPointId: string };

interface Request {
  namespaceName: string;
  workgroupName: string;
  sourceDatabaseName: string;
  sourceSchemaName: string;
  sourceTableName: string;
  targetDatabaseName: string;
  targetSchemaName: string;
  newTableName: string;
}

/** The members both restore operations share; targets default to the source database and schema. */
function readRequest(input: Input): Request {
  const namespaceName = requiredString(input, 'namespaceName');
  const workgroupName = requiredString(input, 'workgroupName');
  const caseSensitive = optionalBoolean(input, 'activateCaseSensitiveIdentifier') ?? false;
  const id = (field: string, value: string): string => checkIdentifier(field, value, caseSensitive);
  const sourceDatabaseName = id('sourceDatabaseName', requiredString(input, 'sourceDatabaseName'));
  const sourceTableName = id('sourceTableName', requiredString(input, 'sourceTableName'));
  const newTableName = id('newTableName', requiredString(input, 'newTableName'));
  const sourceSchemaName = id('sourceSchemaName', optionalString(input, 'sourceSchemaName') ?? 'public');
  const targetDatabaseName = id('targetDatabaseName', optionalString(input, 'targetDatabaseName') ?? sourceDatabaseName);
  const targetSchemaName = id('targetSchemaName', optionalString(input, 'targetSchemaName') ?? sourceSchemaName);
  return { namespaceName, workgroupName, sourceDatabaseName, sourceSchemaName, sourceTableName, targetDatabaseName, targetSchemaName, newTableName };
}

/** Namespace and workgroup must exist, belong together and be AVAILABLE. */
function checkPlace(state: ServerlessState, request: Request): void {
  availableNamespace(state, request.namespaceName);
  const { record: wg } = state.findWorkgroup(request.workgroupName);
  if (wg.namespaceName !== request.namespaceName) {
    throw validation(`Workgroup ${request.workgroupName} is not associated with namespace ${request.namespaceName}.`);
  }
  availableWorkgroup(state, request.workgroupName);
}

/**
 * Refuses a target table that exists or that another restore is writing, then records the restore
 * PENDING; ServerlessState.settle copies the table when it comes due.
 */
async function accept(state: ServerlessState, request: Request, source: Source, image: DatabaseImage): Promise<TableRestoreRecord> {
  const { namespaceName, targetDatabaseName, targetSchemaName, newTableName } = request;
  if (await state.databases.tableExists(namespaceKey(namespaceName), targetDatabaseName, targetSchemaName, newTableName)) {
    throw validation(
      `Cannot restore table: table ${targetSchemaName}.${newTableName} already exists in database ${targetDatabaseName}. ` +
        'Choose a newTableName that does not exist yet.',
    );
  }
  const clash = state
    .unfinishedRestores()
    .find(
      (r) =>
        r.namespaceName === namespaceName &&
        r.targetDatabaseName === targetDatabaseName &&
        r.targetSchemaName === targetSchemaName &&
        r.newTableName === newTableName,
    );
  if (clash) throw conflict(`Table restore ${clash.id} is already restoring into ${targetSchemaName}.${newTableName}.`);
  const record: TableRestoreRecord = {
    id: globalThis.crypto.randomUUID(),
    ...request,
    ...source,
    requestedAt: state.now(),
    image,
    forcedFailure: state.takeRestoreFailure(),
  };
  state.tableRestores.set(record.id, record);
  return record;
}

export const restoreTableFromSnapshot: Operation = async (input, state) => {
  const snapshotName = requiredString(input, 'snapshotName');
  const request = readRequest(input);
  checkPlace(state, request);
  const { record: snapshot, status } = state.findSnapshot(snapshotName);
  if (snapshot.namespaceName !== request.namespaceName) {
    throw validation(`Snapshot ${snapshotName} was taken of namespace ${snapshot.namespaceName}, not ${request.namespaceName}.`);
  }
  if (status !== 'AVAILABLE') throw conflict(`Snapshot ${snapshotName} is ${status}. A table can be restored only from an AVAILABLE snapshot.`);
  const record = await accept(state, request, { snapshotName }, snapshot.image);
  return { tableRestoreStatus: tableRestoreWire(state, record) };
};

export const restoreTableFromRecoveryPoint: Operation = async (input, state) => {
  const recoveryPointId = requiredString(input, 'recoveryPointId');
  const request = readRequest(input);
  checkPlace(state, request);
  await refreshAllRecoveryPoints(state);
  const point = state.findRecoveryPoint(recoveryPointId);
  if (point.namespaceName !== request.namespaceName) {
    throw validation(`Recovery point ${recoveryPointId} belongs to namespace ${point.namespaceName}, not ${request.namespaceName}.`);
  }
  const record = await accept(state, request, { recoveryPointId }, point.image);
  return { tableRestoreStatus: tableRestoreWire(state, record) };
};

export const getTableRestoreStatus: Operation = async (input, state) => {
  const restore = state.findTableRestore(requiredString(input, 'tableRestoreRequestId'));
  return { tableRestoreStatus: tableRestoreWire(state, restore) };
};

export const listTableRestoreStatus: Operation = async (input, state) => {
  const namespaceName = optionalString(input, 'namespaceName');
  const workgroupName = optionalString(input, 'workgroupName');
  const maxResults = checkMaxResults(optionalInteger(input, 'maxResults'));
  if (namespaceName !== undefined) state.findNamespace(namespaceName);
  if (workgroupName !== undefined) state.findWorkgroup(workgroupName);
  const matching = [...state.tableRestores.values()]
    .filter((r) => (namespaceName === undefined || r.namespaceName === namespaceName) && (workgroupName === undefined || r.workgroupName === workgroupName))
    .sort((a, b) => b.requestedAt - a.requestedAt || a.id.localeCompare(b.id));
  const page = paginate(matching, 'ListTableRestoreStatus', maxResults, optionalString(input, 'nextToken'), invalidPagination);
  return { tableRestoreStatuses: page.items.map((r) => tableRestoreWire(state, r)), nextToken: page.nextToken };
};
