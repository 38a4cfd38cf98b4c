import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { Clock } from '../../src/clock';
import { emulatorContext, type EmulatorContext } from '../../src/sandbox/aws/core';
import type { WarehouseDirectory } from '../../src/sandbox/aws/data/directory';
import { DatabaseHost } from '../../src/sandbox/aws/data/host';
import { RedshiftDataService, type RedshiftDataOptions } from '../../src/sandbox/aws/data/service';
import { serveWithClient, type ServedWithClient } from './aws-services';

/** A directory the tests fill by hand: clusters, workgroups and secrets with the status they need. */
export class TestDirectory implements WarehouseDirectory {
  readonly clusters = new Map<string, { key: string; status: string }>();
  readonly workgroups = new Map<string, { key: string; status: string }>();
  readonly secrets = new Map<string, string>();

  cluster(id: string): { key: string; status: string } | undefined {
    return this.clusters.get(id);
  }

  workgroup(name: string): { key: string; status: string } | undefined {
    return this.workgroups.get(name);
  }

  secretUser(arn: string): string | undefined {
    return this.secrets.get(arn);
  }
}

export interface DataApiHarness {
  context: EmulatorContext;
  host: DatabaseHost;
  directory: TestDirectory;
  service: RedshiftDataService;
  /** Serves the Data API alone on a free port; resolves to the real SDK client pointed at it. */
  serve(): Promise<RedshiftDataClient>;
  /** Stops the client and server, and the host's warehouses. */
  close(): Promise<void>;
}

/** The Data API service over a real PGlite host, with a directory the test fills. */
export function dataApiHarness(clock: Clock, options: RedshiftDataOptions = {}): DataApiHarness {
  const context = emulatorContext(clock);
  const host = new DatabaseHost({ clock });
  const directory = new TestDirectory();
  const service = new RedshiftDataService(context, host, directory, options);
  let served: ServedWithClient<RedshiftDataClient> | undefined;
  return {
    context,
    host,
    directory,
    service,
    async serve() {
      served = await serveWithClient(service, RedshiftDataClient);
      return served.client;
    },
    async close() {
      await served?.close();
      await host.closeAll();
    },
  };
}
