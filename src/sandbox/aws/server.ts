import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../clock';
import { defaultTimings, FaultInjector, type AwsService, type EmulatorContext, type Timings } from './core';
import { DatabaseHost } from './data/host';
import { RedshiftDataService } from './data/service';
import { LambdaService } from './lambda-service';
import { RedshiftService } from './redshift';
import { RedshiftServerlessService } from './serverless';

export interface AwsEmulatorOptions {
  port?: number;
  host?: string;
  clock?: Clock;
  timings?: Partial<Timings>;
  /** Start from the standard seed of DESIGN.md (default) or empty. */
  seed?: boolean;
}

export interface AwsEmulator {
  /** Base endpoint for AWS_ENDPOINT_URL and the SDK clients' `endpoint`. */
  endpoint: string;
  context: EmulatorContext;
  faults: FaultInjector;
  databases: DatabaseHost;
  redshift: RedshiftService;
  serverless: RedshiftServerlessService;
  data: RedshiftDataService;
  lambda: LambdaService;
  /** Resolves once the seed (clusters, namespaces, their databases) is in place. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * One local HTTP server for the AWS protocols the bot uses: Redshift (Query), Redshift Serverless and
 * the Data API (JSON 1.1 by X-Amz-Target), and Lambda's Invoke. Each service claims its requests.
 */
export async function startAwsEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  const faults = new FaultInjector();
  const context: EmulatorContext = {
    clock: options.clock ?? systemClock,
    timings: { ...defaultTimings, ...options.timings },
    faults,
    region: 'us-east-1',
    accountId: '123456789012',
  };
  const databases = new DatabaseHost({ clock: context.clock });
  const seed = options.seed ?? true;
  const redshift = new RedshiftService(context, databases, { seed });
  const serverless = new RedshiftServerlessService(context, databases, { seed });
  const data = new RedshiftDataService(context, databases, {
    cluster: (id) => redshift.state.cluster(id),
    workgroup: (name) => serverless.state.workgroup(name),
    secretUser: () => undefined,
  });
  const lambda = new LambdaService();
  const services: readonly AwsService[] = [redshift, serverless, data];

  const server: Server = createServer((req, res) => {
    void route(req, res, services, lambda).catch((error: unknown) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const ready = Promise.all([redshift.ready, serverless.ready]).then(() => undefined);
  return {
    endpoint: `http://${host}:${port}`,
    context,
    faults,
    databases,
    redshift,
    serverless,
    data,
    lambda,
    ready,
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await databases.closeAll();
    },
  };
}

async function route(req: IncomingMessage, res: ServerResponse, services: readonly AwsService[], lambda: LambdaService): Promise<void> {
  const body = await readBody(req);
  if (lambda.matches(req)) return lambda.handle(req, res, body);
  const service = services.find((candidate) => candidate.matches(req, body));
  if (service) return service.handle(req, res, body);
  res.writeHead(404, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'UnknownOperationException' });
  res.end(JSON.stringify({ message: `No emulated operation at ${req.method} ${req.url}` }));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
