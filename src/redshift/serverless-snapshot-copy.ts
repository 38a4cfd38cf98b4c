import {
  CreateSnapshotCopyConfigurationCommand,
  DeleteSnapshotCopyConfigurationCommand,
  paginateListSnapshotCopyConfigurations,
  UpdateSnapshotCopyConfigurationCommand,
  type RedshiftServerlessClient,
  type SnapshotCopyConfiguration,
} from '@aws-sdk/client-redshift-serverless';
import { awsCall, toAwsOperationError, WarehouseRequestError } from './errors';
import { namespaceCopyStatus } from './restore-mapping';
import { checkCopyRegion, checkNamespaceCopyRetention, type SnapshotCopyDestination, type SnapshotCopyStatus } from './warehouse-restore';

/** ListSnapshotCopyConfigurations takes 1–100 results a page. */
const PAGE = 100;

/**
 * A namespace's cross-region snapshot copy: its snapshot copy configurations (one per destination
 * Region), through client-redshift-serverless.
 */
export class NamespaceSnapshotCopy {
  constructor(
    private readonly namespace: string,
    private readonly client: RedshiftServerlessClient,
  ) {}

  /** Every configuration of the namespace, through the SDK paginator. */
  async status(): Promise<SnapshotCopyStatus> {
    const found: SnapshotCopyConfiguration[] = [];
    await awsCall(
      'ListSnapshotCopyConfigurations',
      async () => {
        const pages = paginateListSnapshotCopyConfigurations({ client: this.client, pageSize: PAGE }, { namespaceName: this.namespace });
        for await (const page of pages) found.push(...(page.snapshotCopyConfigurations ?? []));
      },
      this.context(),
    );
    return namespaceCopyStatus(found, this.namespace);
  }

  async enable(region: string, retentionDays: number, options: { grantName?: string } = {}): Promise<SnapshotCopyStatus> {
    if (options.grantName !== undefined) {
      throw new WarehouseRequestError(
        `Namespace ${this.namespace} is Redshift Serverless: it copies encrypted snapshots with a KMS key in the destination Region, not a snapshot copy grant`,
      );
    }
    const destination = checkCopyRegion(region, await this.client.config.region());
    const days = checkNamespaceCopyRetention(retentionDays);
    const current = await this.status();
    if (current.destinations.some((copy) => copy.region === destination)) {
      throw new WarehouseRequestError(
        `Namespace ${this.namespace} already copies snapshots to ${destination}; change how long they are kept instead`,
      );
    }
    try {
      await this.client.send(
        new CreateSnapshotCopyConfigurationCommand({
          namespaceName: this.namespace,
          destinationRegion: destination,
          snapshotRetentionPeriod: days,
        }),
      );
    } catch (raw) {
      const error = toAwsOperationError(raw, 'CreateSnapshotCopyConfiguration', this.context());
      // Serverless answers a clash and a busy namespace alike; another request may have added this Region meanwhile.
      if (error.fault === 'ConflictException' && (await this.status()).destinations.some((copy) => copy.region === destination)) {
        throw error.withContext({ hint: `Snapshots are already copied to ${destination}; change how long they are kept instead` });
      }
      throw error;
    }
    return this.status();
  }

  async setRetention(retentionDays: number, region?: string): Promise<SnapshotCopyStatus> {
    const days = checkNamespaceCopyRetention(retentionDays);
    const copy = pickOne(await this.status(), this.namespace, region);
    await awsCall(
      'UpdateSnapshotCopyConfiguration',
      () =>
        this.client.send(
          new UpdateSnapshotCopyConfigurationCommand({ snapshotCopyConfigurationId: copy.configurationId, snapshotRetentionPeriod: days }),
        ),
      this.context(),
    );
    return this.status();
  }

  /** Deletes the configuration for `region`, or every one; one deleted meanwhile counts as done. */
  async disable(region?: string): Promise<SnapshotCopyStatus> {
    const current = await this.status();
    const wanted =
      region === undefined ? current.destinations : current.destinations.filter((copy) => copy.region === region.toLowerCase());
    if (wanted.length === 0) {
      throw new WarehouseRequestError(
        region === undefined
          ? `Namespace ${this.namespace} does not copy snapshots to another Region; nothing to turn off`
          : `Namespace ${this.namespace} does not copy snapshots to ${region}; nothing to turn off`,
      );
    }
    for (const copy of wanted) {
      try {
        await this.client.send(new DeleteSnapshotCopyConfigurationCommand({ snapshotCopyConfigurationId: copy.configurationId }));
      } catch (raw) {
        const error = toAwsOperationError(raw, 'DeleteSnapshotCopyConfiguration', this.context());
        if (error.fault !== 'ResourceNotFoundException') throw error;
      }
    }
    return this.status();
  }

  private context() {
    return { resource: `namespace ${this.namespace}` };
  }
}

/** The configuration a retention change is for: the one to `region`, or the only one. */
function pickOne(
  status: SnapshotCopyStatus,
  namespace: string,
  region: string | undefined,
): SnapshotCopyDestination & { configurationId: string } {
  const candidates =
    region === undefined ? status.destinations : status.destinations.filter((copy) => copy.region === region.toLowerCase());
  const regions = status.destinations.map((copy) => copy.region).join(', ');
  if (candidates.length === 0) {
    throw new WarehouseRequestError(
      status.destinations.length === 0
        ? `Namespace ${namespace} does not copy snapshots to another Region; turn copy on first`
        : `Namespace ${namespace} does not copy snapshots to ${region ?? 'that Region'}; it copies to ${regions}`,
    );
  }
  const [only] = candidates;
  if (candidates.length > 1 || only === undefined) {
    throw new WarehouseRequestError(`Namespace ${namespace} copies snapshots to ${regions}; name the Region to change`);
  }
  if (only.configurationId === undefined) {
    throw new WarehouseRequestError(`AWS did not give the id of the snapshot copy configuration to ${only.region}; try again`);
  }
  return { ...only, configurationId: only.configurationId };
}
