import type { IncomingMessage } from 'node:http';
import { ManualClock, type Clock } from '../../../src/clock';
import { AwsRedshiftClients } from '../../../src/redshift/clients';
import type { Timings } from '../../../src/sandbox/aws/core';
import type { RedshiftDataOptions } from '../../../src/sandbox/aws/data/service';
import type { RedshiftLimits } from '../../../src/sandbox/aws/redshift';
import { startAwsEmulator, type AwsEmulator, type AwsEmulatorOptions } from '../../../src/sandbox/aws/server';
import { emulatorClientConfig } from '../../support/aws-services';

/** The whole emulator (standard seed, PGlite databases), with the production clients pointed at it. */
export interface TestEmulator extends AwsEmulator {
  clients: AwsRedshiftClients;
  /** Every request the server saw: the service's operation name, in order. */
  calls: string[];
}

export interface TestEmulatorOptions {
  /** Default: a ManualClock at the current time, so tests move time themselves. */
  clock?: Clock;
  timings?: Partial<Timings>;
  redshiftLimits?: Partial<RedshiftLimits>;
  /** SDK attempts per call; default 1 so a fault is seen once. */
  maxAttempts?: number;
  dataApi?: RedshiftDataOptions;
  /** Services asked first (a wrapper that loses responses). */
  extra?: AwsEmulatorOptions['extra'];
}

export async function startTestEmulator(options: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const calls: string[] = [];
  const emulator = await startAwsEmulator({
    clock: options.clock ?? new ManualClock(Date.now()),
    timings: options.timings,
    redshiftLimits: options.redshiftLimits,
    data: options.dataApi,
    extra: options.extra,
    onRequest: (req, body) => calls.push(operationOf(req, body)),
  });
  await emulator.ready;
  const clients = new AwsRedshiftClients(emulatorClientConfig(emulator.endpoint, options.maxAttempts));
  return {
    ...emulator,
    clients,
    calls,
    close: async () => {
      clients.destroy();
      await emulator.close();
    },
  };
}

/** `DescribeClusters` from a Query body, `GetWorkgroup` from X-Amz-Target. */
function operationOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.indexOf('.') + 1);
  return new URLSearchParams(body).get('Action') ?? `${req.method} ${req.url}`;
}
