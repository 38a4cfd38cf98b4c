/**
 * The lifecycle port: the control-plane calls that change whether a warehouse exists or runs
 * (pause, resume, delete, defer maintenance). Reads stay on the Warehouse port; these are kept apart
 * because each one costs money or loses data when made twice or by mistake. Pure types.
 */

/** What a deletion does with the final snapshot: take it (name, retention) or skip it explicitly. */
export type FinalSnapshot = { skip: false; name: string; retentionDays: number | 'forever' } | { skip: true };

/** A provisioned cluster's lifecycle calls. States are AWS's own words (an open string: `pausing`). */
export interface ClusterLifecycle {
  readonly kind: 'provisioned';
  readonly target: string;
  readonly cluster: string;
  /** The cluster's state, or undefined once it no longer exists. */
  state(): Promise<string | undefined>;
  /** PauseCluster; returns the state AWS reports (usually `pausing`). */
  pause(): Promise<string>;
  /** ResumeCluster; returns the state AWS reports (usually `resuming`). */
  resume(): Promise<string>;
  /** DeleteCluster with the final snapshot settings; returns the state AWS reports. */
  delete(finalSnapshot: FinalSnapshot): Promise<string>;
  /** ModifyClusterMaintenance: defers maintenance for 1–60 days from now; returns when the deferment ends. */
  deferMaintenance(days: number): Promise<{ until?: Date }>;
}

/** A Serverless workgroup and namespace: deleted in that order (the namespace refuses while a workgroup uses it). */
export interface ServerlessLifecycle {
  readonly kind: 'serverless';
  readonly target: string;
  readonly workgroup: string;
  readonly namespace: string;
  /** The workgroup's status, or undefined once it no longer exists. */
  workgroupState(): Promise<string | undefined>;
  namespaceState(): Promise<string | undefined>;
  deleteWorkgroup(): Promise<string>;
  /** DeleteNamespace with finalSnapshotName / finalSnapshotRetentionPeriod unless skipped. */
  deleteNamespace(finalSnapshot: FinalSnapshot): Promise<string>;
}

export type WarehouseLifecycle = ClusterLifecycle | ServerlessLifecycle;

/** The lifecycle adapter of each chatops.yml target, created on first use. */
export interface LifecycleDirectory {
  get(target: string): WarehouseLifecycle;
}
