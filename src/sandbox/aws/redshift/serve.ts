import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newRequestId } from '../core';
import type { RedshiftService } from './service';
import { errorDocument } from './xml';

export interface ServedRedshift {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Serves only the Redshift service on its own port (127.0.0.1, a free port by default): for its
 * conformance tests and for running it alone. The emulator's server mounts it beside the others.
 */
export async function serveRedshift(service: RedshiftService, options: { host?: string; port?: number } = {}): Promise<ServedRedshift> {
  const server = createServer((req, res) => {
    void readBody(req)
      .then(async (body) => {
        if (service.matches(req, body)) return service.handle(req, res, body);
        const requestId = newRequestId();
        res.writeHead(400, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId });
        res.end(errorDocument('Sender', 'InvalidAction', `Not a Redshift Query-protocol request: ${req.method} ${req.url}`, requestId));
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(error instanceof Error ? error.message : String(error));
      });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
