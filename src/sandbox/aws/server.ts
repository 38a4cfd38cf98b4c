import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaService } from './lambda-service';

export interface AwsEmulator {
  /** Base endpoint for AWS_ENDPOINT_URL and the SDK clients' `endpoint`. */
  endpoint: string;
  lambda: LambdaService;
  close(): Promise<void>;
}

/** One local HTTP server for the AWS protocols the bot uses; each service claims the requests it speaks. */
export async function startAwsEmulator(options: { port?: number; host?: string } = {}): Promise<AwsEmulator> {
  const lambda = new LambdaService();
  const server: Server = createServer((req, res) => {
    void route(req, res, lambda).catch((error: unknown) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    lambda,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function route(req: IncomingMessage, res: ServerResponse, lambda: LambdaService): Promise<void> {
  const body = await readBody(req);
  if (lambda.matches(req)) return lambda.handle(req, res, body);
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
