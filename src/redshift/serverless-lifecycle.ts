import {
  DeleteNamespaceCommand,
  DeleteWorkgroupCommand,
  GetNamespaceCommand,
  GetWorkgroupCommand,
  type RedshiftServerlessClient,
} from '@aws-sdk/client-redshift-serverless';
import { awsCall, isFault } from './errors';
import type { FinalSnapshot, ServerlessLifecycle } from './lifecycle';
import { retentionValue } from './paging';

/** Deleting a Serverless workgroup, then its namespace, through client-redshift-serverless. */
export class ServerlessLifecycleAdapter implements ServerlessLifecycle {
  readonly kind = 'serverless' as const;

  constructor(
    readonly target: string,
    readonly workgroup: string,
    readonly namespace: string,
    private readonly client: RedshiftServerlessClient,
  ) {}

  async workgroupState(): Promise<string | undefined> {
    const read = async () => (await this.client.send(new GetWorkgroupCommand({ workgroupName: this.workgroup }))).workgroup?.status;
    return gone(awsCall('GetWorkgroup', read, { resource: `workgroup ${this.workgroup}` }));
  }

  async namespaceState(): Promise<string | undefined> {
    const read = async () => (await this.client.send(new GetNamespaceCommand({ namespaceName: this.namespace }))).namespace?.status;
    return gone(awsCall('GetNamespace', read, { resource: `namespace ${this.namespace}` }));
  }

  async deleteWorkgroup(): Promise<string> {
    const status = await awsCall(
      'DeleteWorkgroup',
      async () => (await this.client.send(new DeleteWorkgroupCommand({ workgroupName: this.workgroup }))).workgroup?.status,
      { resource: `workgroup ${this.workgroup}` },
    );
    return status ?? 'DELETING';
  }

  async deleteNamespace(finalSnapshot: FinalSnapshot): Promise<string> {
    const input = finalSnapshot.skip
      ? { namespaceName: this.namespace }
      : {
          namespaceName: this.namespace,
          finalSnapshotName: finalSnapshot.name,
          finalSnapshotRetentionPeriod: retentionValue(finalSnapshot.retentionDays),
        };
    const status = await awsCall(
      'DeleteNamespace',
      async () => (await this.client.send(new DeleteNamespaceCommand(input))).namespace?.status,
      {
        resource: `namespace ${this.namespace}`,
      },
    );
    return status ?? 'DELETING';
  }
}

/** A resource AWS no longer knows is gone (undefined), not a failure. */
async function gone(read: Promise<string | undefined>): Promise<string | undefined> {
  try {
    return (await read) ?? 'UNKNOWN';
  } catch (error) {
    if (isFault(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}
