import { RedshiftServerlessClient, RedshiftServerlessServiceException } from '@aws-sdk/client-redshift-serverless';
import { ManualClock } from '../../../../src/clock';
import { defaultTimings, FaultInjector, type EmulatorContext, type Timings } from '../../../../src/sandbox/aws/core';
import {
  MemoryNamespaceDatabases,
  RedshiftServerlessService,
  serveAlone,
  type RedshiftServerlessOptions,
} from '../../../../src/sandbox/aws/serverless';

/** 12:10 UTC: recovery point slots fall at 12:00, 11:30, … */
export const START = Date.parse('2024-06-03T12:10:00.000Z');
export const DAY_MS = 86_400_000;
export const ACCOUNT = '123456789012';

export interface ServerlessHarness {
  clock: ManualClock;
  context: EmulatorContext;
  databases: MemoryNamespaceDatabases;
  service: RedshiftServerlessService;
  client: RedshiftServerlessClient;
  endpoint: string;
  close(): Promise<void>;
}

/** The Serverless service alone on a free port, over in-memory databases, driven by the real SDK client. */
export async function startServerless(options: RedshiftServerlessOptions & { timings?: Partial<Timings> } = {}): Promise<ServerlessHarness> {
  const clock = new ManualClock(START);
  const context: EmulatorContext = {
    clock,
    timings: { ...defaultTimings, ...options.timings },
    faults: new FaultInjector(),
    region: 'us-east-1',
    accountId: ACCOUNT,
  };
  const databases = new MemoryNamespaceDatabases(() => clock.now());
  const service = new RedshiftServerlessService(context, databases, options);
  await service.ready;
  const served = await serveAlone(service);
  const client = new RedshiftServerlessClient({
    endpoint: served.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return {
    clock,
    context,
    databases,
    service,
    client,
    endpoint: served.endpoint,
    close: async () => {
      client.destroy();
      await served.close();
    },
  };
}

/** The SDK exception a call raised; fails the test when the call succeeds. */
export async function failure(call: Promise<unknown>): Promise<RedshiftServerlessServiceException> {
  try {
    await call;
  } catch (error) {
    if (error instanceof RedshiftServerlessServiceException) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Collects every page of an SDK paginator. */
export async function pages<T>(paginator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of paginator) out.push(page);
  return out;
}
