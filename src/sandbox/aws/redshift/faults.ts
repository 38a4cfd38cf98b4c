import { AwsFault } from '../core';

/**
 * Redshift's faults as they come over the wire: the codes are the model's `awsQueryError` codes
 * (some keep the `Fault` suffix, e.g. InvalidRetentionPeriodFault), with the model's HTTP status.
 */
export const faults = {
  clusterNotFound: (id: string) => new AwsFault('ClusterNotFound', `Cluster ${id} not found.`, 404),
  snapshotNotFound: (id: string) => new AwsFault('ClusterSnapshotNotFound', `Snapshot ${id} not found.`, 404),
  snapshotAlreadyExists: (id: string) =>
    new AwsFault('ClusterSnapshotAlreadyExists', `Cannot create the snapshot because a snapshot with the identifier ${id} already exists`),
  snapshotQuotaExceeded: () =>
    new AwsFault('ClusterSnapshotQuotaExceeded', 'The request would result in the user exceeding the allowed number of cluster snapshots.'),
  invalidClusterState: (message: string) => new AwsFault('InvalidClusterState', message),
  invalidSnapshotState: (message: string) => new AwsFault('InvalidClusterSnapshotState', message),
  invalidRetention: (message: string) => new AwsFault('InvalidRetentionPeriodFault', message),
  invalidTableRestore: (message: string) => new AwsFault('InvalidTableRestoreArgument', message),
  tableRestoreQuota: () =>
    new AwsFault(
      'InProgressTableRestoreQuotaExceededFault',
      'You have exceeded the allowed number of table restore requests. Wait for your current table restore requests to complete before making a new request.',
    ),
  tableRestoreNotFound: (id: string) => new AwsFault('TableRestoreNotFoundFault', `Table restore request ${id} not found.`),
  copyAlreadyEnabled: (id: string) => new AwsFault('SnapshotCopyAlreadyEnabledFault', `Snapshot Copy is already enabled on Cluster ${id}.`),
  copyAlreadyDisabled: (id: string) =>
    new AwsFault('SnapshotCopyAlreadyDisabledFault', `Snapshot Copy is already disabled on Cluster ${id}.`),
  unknownCopyRegion: (region: string, message = `Unknown or unsupported region ${region}.`) =>
    new AwsFault('UnknownSnapshotCopyRegionFault', message, 404),
  clusterAlreadyExists: (id: string) => new AwsFault('ClusterAlreadyExists', `Cluster ${id} already exists.`),
  nodesPerClusterLimit: (max: number) =>
    new AwsFault('NumberOfNodesPerClusterLimitExceeded', `The operation would exceed the number of nodes allowed for a cluster (${max}).`),
  nodesQuota: (quota: number) =>
    new AwsFault('NumberOfNodesQuotaExceeded', `The operation would exceed the number of nodes allotted to the account (${quota}).`),
  invalidRestore: (message: string) => new AwsFault('InvalidRestore', message, 406),
  copyDisabled: (id: string) =>
    new AwsFault('SnapshotCopyDisabledFault', `Cannot modify retention period because snapshot copy is disabled on Cluster ${id}.`),
  copyGrantAlreadyExists: (name: string) =>
    new AwsFault(
      'SnapshotCopyGrantAlreadyExistsFault',
      `The snapshot copy grant ${name} can't be created because a grant with the same name already exists.`,
    ),
  copyGrantNotFound: (name: string) =>
    new AwsFault(
      'SnapshotCopyGrantNotFoundFault',
      `The snapshot copy grant ${name} can't be found. Make sure that the name is typed correctly and that the grant exists in the destination region.`,
    ),
  copyGrantInUse: (message: string) => new AwsFault('InvalidSnapshotCopyGrantStateFault', message),
  unsupported: (message: string) => new AwsFault('UnsupportedOperation', message),
  invalidValue: (message: string) => new AwsFault('InvalidParameterValue', message),
  invalidCombination: (message: string) => new AwsFault('InvalidParameterCombination', message),
  missingParameter: (name: string) => new AwsFault('MissingParameter', `The request must contain the parameter ${name}`),
  invalidAction: (action: string) => new AwsFault('InvalidAction', `The action ${action} is not valid for this web service.`),
  internal: () => new AwsFault('InternalFailure', 'An internal error occurred', 500, 'Receiver'),
};
