import { DescribeClustersCommand, RedshiftClient, RedshiftServiceException, type Cluster } from '@aws-sdk/client-redshift';
import { ManualClock } from '../../../../src/clock';
import { emulatorContext, type EmulatorContext } from '../../../../src/sandbox/aws/core';
import { RedshiftService, type RedshiftLimits } from '../../../../src/sandbox/aws/redshift';
import { failure as failureOf, serveWithClient } from '../../../support/aws-services';
import { MemoryDatabases, type MemoryTable } from '../../../support/memory-databases';

/** Monday 25 November 2024, 10:00 UTC. */
export const START = Date.UTC(2024, 10, 25, 10, 0, 0);

export interface RedshiftHarness {
  clock: ManualClock;
  context: EmulatorContext;
  databases: MemoryDatabases;
  service: RedshiftService;
  client: RedshiftClient;
  endpoint: string;
  close(): Promise<void>;
}

export interface RedshiftHarnessOptions {
  /** Tables every cluster database starts with, keyed `database.schema.table`. */
  tables?: Record<string, MemoryTable>;
  limits?: Partial<RedshiftLimits>;
}

/** The Redshift service alone on a free port at START, over in-memory databases, driven by the real SDK client. */
export async function startRedshift(options: RedshiftHarnessOptions = {}): Promise<RedshiftHarness> {
  const clock = new ManualClock(START);
  const context = emulatorContext(clock);
  const databases = new MemoryDatabases(clock, options.tables);
  const service = new RedshiftService(context, databases, { limits: options.limits });
  await service.ready;
  return { clock, context, databases, service, ...(await serveWithClient(service, RedshiftClient)) };
}

/** The SDK exception a call raised; fails the test when the call succeeds. */
export function failure(call: Promise<unknown>): Promise<RedshiftServiceException> {
  return failureOf(call, RedshiftServiceException);
}

/** The one cluster DescribeClusters returns for `id`; fails the test unless there is exactly one. */
export async function describeCluster(h: RedshiftHarness, id = 'analytics-prod'): Promise<Cluster> {
  const out = await h.client.send(new DescribeClustersCommand({ ClusterIdentifier: id }));
  expect(out.Clusters).toHaveLength(1);
  return out.Clusters![0];
}
