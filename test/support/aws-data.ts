import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { Clock } from '../../src/clock';
import { defaultTimings, FaultInjector, type AwsService, type EmulatorContext, type Timings } from '../../src/sandbox/aws/core';
import type { WarehouseDirectory } from '../../src/sandbox/aws/data/directory';

/** Mounts one emulated AWS service alone on 127.0.0.1:<free port>. */
export async function startServiceForTest(service: AwsService): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!service.matches(req, body)) {
        res.writeHead(404).end();
        return;
      }
      void service.handle(req, res, body).catch((error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export function testContext(clock: Clock, timings: Partial<Timings> = {}): EmulatorContext {
  return { clock, timings: { ...defaultTimings, ...timings }, faults: new FaultInjector(), region: 'us-east-1', accountId: '123456789012' };
}

/** The real SDK client, pointed at the emulator, with retries off so a fault surfaces at once. */
export function dataClient(endpoint: string): RedshiftDataClient {
  return new RedshiftDataClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

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
