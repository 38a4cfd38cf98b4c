import {
  DeleteClusterCommand,
  DescribeClustersCommand,
  ModifyClusterMaintenanceCommand,
  PauseClusterCommand,
  ResumeClusterCommand,
  type RedshiftClient,
} from '@aws-sdk/client-redshift';
import { type AwsOperationError, explainingLookup, isFault, toAwsOperationError } from './errors';
import type { ClusterLifecycle, FinalSnapshot } from './lifecycle';
import { retentionValue } from './paging';

/** Pause, resume, delete and maintenance deferral of one provisioned cluster through client-redshift. */
export class ProvisionedLifecycle implements ClusterLifecycle {
  readonly kind = 'provisioned' as const;

  constructor(
    readonly target: string,
    readonly cluster: string,
    private readonly client: RedshiftClient,
  ) {}

  async state(): Promise<string | undefined> {
    try {
      const output = await this.client.send(new DescribeClustersCommand({ ClusterIdentifier: this.cluster }));
      return output.Clusters?.find((c) => c.ClusterIdentifier === this.cluster)?.ClusterStatus ?? undefined;
    } catch (raw) {
      const error = this.fault(raw, 'DescribeClusters');
      if (isFault(error, 'ClusterNotFound')) return undefined;
      throw error;
    }
  }

  async pause(): Promise<string> {
    return this.change(
      'PauseCluster',
      async () => (await this.client.send(new PauseClusterCommand({ ClusterIdentifier: this.cluster }))).Cluster?.ClusterStatus,
    );
  }

  async resume(): Promise<string> {
    return this.change(
      'ResumeCluster',
      async () => (await this.client.send(new ResumeClusterCommand({ ClusterIdentifier: this.cluster }))).Cluster?.ClusterStatus,
    );
  }

  async delete(finalSnapshot: FinalSnapshot): Promise<string> {
    // Validated before the call, so a bad retention never reaches AWS.
    const input = finalSnapshot.skip
      ? { ClusterIdentifier: this.cluster, SkipFinalClusterSnapshot: true }
      : {
          ClusterIdentifier: this.cluster,
          SkipFinalClusterSnapshot: false,
          FinalClusterSnapshotIdentifier: finalSnapshot.name,
          FinalClusterSnapshotRetentionPeriod: retentionValue(finalSnapshot.retentionDays),
        };
    return this.change('DeleteCluster', async () => (await this.client.send(new DeleteClusterCommand(input))).Cluster?.ClusterStatus);
  }

  async deferMaintenance(days: number): Promise<{ until?: Date }> {
    if (!Number.isInteger(days) || days < 1 || days > 60) throw new RangeError(`Maintenance can be deferred 1 to 60 days, not ${days}`);
    try {
      const output = await this.client.send(
        new ModifyClusterMaintenanceCommand({ ClusterIdentifier: this.cluster, DeferMaintenance: true, DeferMaintenanceDuration: days }),
      );
      const windows = output.Cluster?.DeferredMaintenanceWindows ?? [];
      return { until: windows[windows.length - 1]?.DeferMaintenanceEndTime };
    } catch (raw) {
      throw await this.explained(this.fault(raw, 'ModifyClusterMaintenance'));
    }
  }

  /** One state-changing call; an "invalid state" fault comes back with the cluster's state in it. */
  private async change(operation: string, call: () => Promise<string | undefined>): Promise<string> {
    try {
      return (await call()) ?? 'unknown';
    } catch (raw) {
      throw await this.explained(this.fault(raw, operation));
    }
  }

  private fault(raw: unknown, operation: string): AwsOperationError {
    return toAwsOperationError(raw, operation, { resource: `cluster ${this.cluster}` });
  }

  private async explained(error: AwsOperationError): Promise<AwsOperationError> {
    if (!isFault(error, 'InvalidClusterState')) return error;
    // state() answers "no such cluster" (ClusterNotFound) with undefined itself.
    const state = await explainingLookup(() => this.state());
    return state ? error.withContext({ state }) : error;
  }
}
