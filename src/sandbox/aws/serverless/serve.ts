import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsService } from '../core';

export interface ServedService {
  /** For the SDK client's `endpoint`. */
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Serves one AwsService alone on 127.0.0.1 (a free port), for that service's own tests; the
 * emulator's server.ts mounts all services together.
 */
export async function serveAlone(service: AwsService): Promise<ServedService> {
  const server = createServer((req, res) => {
    void readBody(req)
      .then(async (body) => {
        if (service.matches(req, body)) return service.handle(req, res, body);
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: `Not served here: ${req.method} ${req.url}` }));
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
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
