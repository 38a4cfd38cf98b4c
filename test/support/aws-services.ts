import type { AwsService } from '../../src/sandbox/aws/core';
import { serveServices } from '../../src/sandbox/aws/serve';

/** What every SDK client needs to reach the emulator; one attempt, so a fault surfaces at once. */
export interface EmulatorClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
}

export function emulatorClientConfig(endpoint: string, maxAttempts = 1): EmulatorClientConfig {
  return { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts };
}

export interface ServedWithClient<C> {
  endpoint: string;
  client: C;
  close(): Promise<void>;
}

/** One emulated service alone on a free local port, driven by the real SDK client. */
export async function serveWithClient<C extends { destroy(): void }>(
  service: AwsService,
  Client: new (config: EmulatorClientConfig) => C,
): Promise<ServedWithClient<C>> {
  const served = await serveServices([service]);
  const client = new Client(emulatorClientConfig(served.endpoint));
  return {
    endpoint: served.endpoint,
    client,
    close: async () => {
      client.destroy();
      await served.close();
    },
  };
}

/** The SDK exception a call raised, expected to be a `type`; fails the test when the call succeeds. */
export async function failure<E>(call: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error('expected the call to fail');
}

/** Collects every page of an SDK paginator. */
export async function pages<T>(paginator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of paginator) out.push(page);
  return out;
}
