import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import type { ManualClock } from '../../../../src/clock';
import type { SavedEmulator } from '../../../../src/sandbox/aws/persist/emulator';
import { startAwsEmulator, type AwsEmulator } from '../../../../src/sandbox/aws/server';
import { emulatorClientConfig } from '../../../support/aws-services';

/** The whole emulator (its databases in PGlite) on a test's clock, with SDK clients pointed at it. */
export interface RunningEmulator {
  emulator: AwsEmulator;
  redshift: RedshiftClient;
  serverless: RedshiftServerlessClient;
  data: RedshiftDataClient;
  close(): Promise<void>;
}

/** Seeded, or carried on from a save (`saved`), as the sandbox's second start does. */
export async function startFullEmulator(clock: ManualClock, saved?: { state: SavedEmulator; imageDir: string }): Promise<RunningEmulator> {
  const emulator = await startAwsEmulator({ clock, saved });
  await emulator.ready;
  const config = emulatorClientConfig(emulator.endpoint);
  const clients = {
    redshift: new RedshiftClient(config),
    serverless: new RedshiftServerlessClient(config),
    data: new RedshiftDataClient(config),
  };
  return {
    emulator,
    ...clients,
    async close() {
      Object.values(clients).forEach((client) => client.destroy());
      await emulator.close();
    },
  };
}
