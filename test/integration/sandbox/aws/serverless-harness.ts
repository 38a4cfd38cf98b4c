import { CreateSnapshotCommand, RedshiftServerlessClient, RedshiftServerlessServiceException } from '@aws-sdk/client-redshift-serverless';
import { ManualClock } from '../../../../src/clock';
import { emulatorContext, type EmulatorContext, type Timings } from '../../../../src/sandbox/aws/core';
import { RedshiftServerlessService, type RedshiftServerlessOptions } from '../../../../src/sandbox/aws/serverless';
import { failure as failureOf, serveWithClient } from '../../../support/aws-services';
import { MemoryDatabases } from '../../../support/memory-databases';

export { pages } from '../../../support/aws-services';

/** 12:10 UTC: recovery point slots fall at 12:00, 11:30, … */
export const START = Date.parse('2024-06-03T12:10:00.000Z');
export const DAY_MS = 86_400_000;
export const ACCOUNT = '123456789012';

export interface ServerlessHarness {
  clock: ManualClock;
  context: EmulatorContext;
  databases: MemoryDatabases;
  service: RedshiftServerlessService;
  client: RedshiftServerlessClient;
  endpoint: string;
  close(): Promise<void>;
}

/** The Serverless service alone on a free port, over in-memory databases, driven by the real SDK client. */
export async function startServerless(
  options: RedshiftServerlessOptions & { timings?: Partial<Timings> } = {},
): Promise<ServerlessHarness> {
  const clock = new ManualClock(START);
  const context = emulatorContext(clock, options.timings);
  const databases = new MemoryDatabases(clock);
  const service = new RedshiftServerlessService(context, databases, options);
  await service.ready;
  return { clock, context, databases, service, ...(await serveWithClient(service, RedshiftServerlessClient)) };
}

/** The SDK exception a call raised; fails the test when the call succeeds. */
export function failure(call: Promise<unknown>): Promise<RedshiftServerlessServiceException> {
  return failureOf(call, RedshiftServerlessServiceException);
}

/** Namespace lake's databases, as the emulator keys them. */
export const LAKE_KEY = 'namespace/lake';
export const ORDERS = [
  { id: 1, customer: 'acme', total: 120.5 },
  { id: 2, customer: 'globex', total: 80 },
  { id: 3, customer: 'initech', total: 42.25 },
];

/** The emulator with lake's analytics.orders snapshotted as `snapshotName` (available), then two of its three rows deleted. */
export async function startWithRowsLost(snapshotName: string): Promise<ServerlessHarness> {
  const h = await startServerless();
  h.databases.putTable(LAKE_KEY, 'dev', 'analytics', 'orders', ORDERS);
  await h.client.send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName }));
  h.clock.advance(h.context.timings.snapshotCreateMs);
  h.databases.putTable(LAKE_KEY, 'dev', 'analytics', 'orders', ORDERS.slice(0, 1));
  return h;
}
