import type { Tag } from './model';

/**
 * Snapshot copy grants, per Region: "This name must be unique in the region for the AWS account"
 * (API_CreateSnapshotCopyGrant.html), and DescribeSnapshotCopyGrants lists those "in the destination
 * region". A grant is made in the Region its request is signed for, which is where EnableSnapshotCopy
 * looks for it when that Region is the copy's destination.
 */
export interface CopyGrantRecord {
  name: string;
  region: string;
  /** As given; absent when the request named none ("the default key is used": which one the reference does not say). */
  kmsKeyId?: string;
  tags: Tag[];
}

export class CopyGrants {
  private readonly byRegion = new Map<string, Map<string, CopyGrantRecord>>();

  find(region: string, name: string): CopyGrantRecord | undefined {
    return this.byRegion.get(region)?.get(name);
  }

  /** The Region's grants, by name. */
  list(region: string): CopyGrantRecord[] {
    return [...(this.byRegion.get(region)?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every Region's grants (a saved sandbox). */
  all(): CopyGrantRecord[] {
    return [...this.byRegion.values()].flatMap((grants) => [...grants.values()]);
  }

  add(grant: CopyGrantRecord): void {
    const grants = this.byRegion.get(grant.region) ?? new Map<string, CopyGrantRecord>();
    grants.set(grant.name, grant);
    this.byRegion.set(grant.region, grants);
  }

  remove(region: string, name: string): void {
    this.byRegion.get(region)?.delete(name);
  }
}
