import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock, type Clock } from '../../../src/clock';
import { AwsRedshiftClients } from '../../../src/redshift/clients';
import { defaultTimings, FaultInjector, type AwsService, type EmulatorContext, type Timings } from '../../../src/sandbox/aws/core';
import { MemoryClusterDatabases, RedshiftService, type RedshiftLimits } from '../../../src/sandbox/aws/redshift';
import { DatabaseHost } from '../../../src/sandbox/aws/data/host';
import { RedshiftDataService, type RedshiftDataOptions } from '../../../src/sandbox/aws/data/service';
import { MemoryNamespaceDatabases, RedshiftServerlessService } from '../../../src/sandbox/aws/serverless';

/**
 * The emulator's Redshift, Serverless and (on request) Data API services on one local HTTP server,
 * with the production clients pointed at it. Until startAwsEmulator() mounts them all, the tests
 * mount them here.
 */
export interface TestEmulator {
  endpoint: string;
  context: EmulatorContext;
  redshift: RedshiftService;
  serverless: RedshiftServerlessService;
  /** Present with `dataApi`: statements run on PGlite as their database user. */
  data?: RedshiftDataService;
  clients: AwsRedshiftClients;
  /** Every request the server saw: the service's operation name, in order. */
  calls: string[];
  close(): Promise<void>;
}

export interface TestEmulatorOptions {
  /** Default: a ManualClock at the current time, so tests move time themselves. */
  clock?: Clock;
  timings?: Partial<Timings>;
  redshiftLimits?: Partial<RedshiftLimits>;
  /** SDK attempts per call; default 1 so a fault is seen once. */
  maxAttempts?: number;
  /** Also serve the Data API; the warehouses' databases are then PGlite (slower to start) instead of in memory. */
  dataApi?: boolean | RedshiftDataOptions;
  /** Services asked first (the Data API, or a wrapper that loses responses). */
  extra?: (mounted: { context: EmulatorContext; redshift: RedshiftService; serverless: RedshiftServerlessService }) => AwsService[];
}

export async function startTestEmulator(options: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const clock = options.clock ?? new ManualClock(Date.now());
  const context: EmulatorContext = {
    clock,
    timings: { ...defaultTimings, ...options.timings },
    faults: new FaultInjector(),
    region: 'us-east-1',
    accountId: '123456789012',
  };
  const host = options.dataApi ? new DatabaseHost({ clock }) : undefined;
  const clusterDatabases = host ?? new MemoryClusterDatabases({ 'dev.analytics.events': { rows: 1000, megabytes: 12 } }, clock);
  const redshift = new RedshiftService(context, clusterDatabases, { limits: options.redshiftLimits });
  const serverless = new RedshiftServerlessService(context, host ?? new MemoryNamespaceDatabases(() => clock.now()));
  await Promise.all([redshift.ready, serverless.ready]);
  const data = host
    ? new RedshiftDataService(
        context,
        host,
        { cluster: (id) => redshift.state.cluster(id), workgroup: (name) => serverless.state.workgroup(name), secretUser: () => undefined },
        typeof options.dataApi === 'object' ? options.dataApi : {},
      )
    : undefined;
  const services: AwsService[] = [
    ...(options.extra?.({ context, redshift, serverless }) ?? []),
    redshift,
    serverless,
    ...(data ? [data] : []),
  ];
  const calls: string[] = [];

  const server = createServer((req, res) => {
    void readBody(req)
      .then(async (body) => {
        calls.push(operationOf(req, body));
        const service = services.find((s) => s.matches(req, body));
        if (service) return service.handle(req, res, body);
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: `No emulated service for ${req.method} ${req.url}` }));
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients = new AwsRedshiftClients({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    maxAttempts: options.maxAttempts ?? 1,
  });

  return {
    endpoint,
    context,
    redshift,
    serverless,
    data,
    clients,
    calls,
    close: async () => {
      clients.destroy();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await host?.closeAll();
    },
  };
}

/** `DescribeClusters` from a Query body, `GetWorkgroup` from X-Amz-Target. */
function operationOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.indexOf('.') + 1);
  return new URLSearchParams(body).get('Action') ?? `${req.method} ${req.url}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
