import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsService } from './core';
import { keepIdleConnections } from '../keep-alive';
import { answerUnserved } from './unserved';

export interface ServeOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Sees every request, body read, before a service claims it (tests count the operations called). */
  onRequest?: (req: IncomingMessage, body: string) => void;
}

export interface ServedServices {
  /** Base endpoint for AWS_ENDPOINT_URL and the SDK clients' `endpoint`. */
  endpoint: string;
  close(): Promise<void>;
}

/**
 * AWS services on one local HTTP port: each request goes to the first service that claims it (by
 * X-Amz-Target, form Action or path). The emulator mounts them all; a service's own tests mount it alone.
 */
export async function serveServices(services: readonly AwsService[], options: ServeOptions = {}): Promise<ServedServices> {
  const server = createServer((req, res) => {
    void route(req, res, services, options.onRequest).catch((error: unknown) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
    });
  });
  keepIdleConnections(server);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  services: readonly AwsService[],
  onRequest: ServeOptions['onRequest'],
): Promise<void> {
  const body = await readBody(req);
  onRequest?.(req, body);
  const service = services.find((candidate) => candidate.matches(req, body));
  if (service) return service.handle(req, res, body);
  answerUnserved(req, res, body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
