/**
 * Where the Data API finds the database behind a cluster or workgroup, and the user behind a
 * Secrets Manager secret. The provisioned and serverless services implement it.
 */
export interface WarehouseDirectory {
  /** A live cluster: its database key (`cluster/<id>`) and ClusterStatus (`available`, `paused`…). */
  cluster(id: string): { key: string; status: string } | undefined;
  /** A live workgroup: its namespace's database key (`namespace/<name>`) and status (`AVAILABLE`…). */
  workgroup(name: string): { key: string; status: string } | undefined;
  /** The database user a secret holds (its `username`), if the secret exists. */
  secretUser(arn: string): string | undefined;
}
