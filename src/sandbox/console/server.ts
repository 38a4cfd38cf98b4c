import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bundleConsoleApp } from './bundle';
import { ConsoleError, type Interactions } from './interactions';
import { CONSOLE_CSS, CONSOLE_HTML } from './page';
import type { ClockAnswer, ConsoleState, SqlAnswer, SqlRequest } from './types';
import {
  parseActionRequest,
  parseClockRequest,
  parseCloseRequest,
  parseCommandRequest,
  parseSqlRequest,
  parseSubmitRequest,
  parseSuggestRequest,
  RequestError,
} from './requests';

export interface ConsolePorts {
  interactions: Interactions;
  state(): ConsoleState;
  runSql(request: SqlRequest): Promise<SqlAnswer>;
  advanceClock(ms: number): Promise<ClockAnswer>;
  /** Calls back on every change worth redrawing; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
}

export interface ConsoleServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/** The console: the page, its script, JSON endpoints and a Server-Sent Events stream of changes. */
export async function startConsoleServer(ports: ConsolePorts, options: { port: number; host?: string }): Promise<ConsoleServer> {
  const script = await bundleConsoleApp();
  const streams = new Set<ServerResponse>();
  const unsubscribe = ports.onChange(() => {
    for (const stream of streams) stream.write('event: change\ndata: {}\n\n');
  });

  const post = async <T>(request: IncomingMessage, parse: (body: unknown) => T): Promise<T> =>
    parse(JSON.parse(await readBody(request)) as unknown);

  const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void> | void> = {
    'GET /': (_request, response) => send(response, 200, 'text/html; charset=utf-8', CONSOLE_HTML),
    'GET /console.css': (_request, response) => send(response, 200, 'text/css; charset=utf-8', CONSOLE_CSS),
    'GET /console.js': (_request, response) => send(response, 200, 'text/javascript; charset=utf-8', script),
    'GET /favicon.ico': (_request, response) => send(response, 204, 'image/x-icon', ''),
    'GET /api/state': (_request, response) => json(response, 200, ports.state()),
    'GET /api/events': (request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      // retry: a stopped sandbox that starts again is seen within a second.
      response.write('retry: 1000\nevent: change\ndata: {}\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
    },
    'POST /api/command': async (request, response) => {
      await ports.interactions.command(await post(request, parseCommandRequest));
      json(response, 200, { ok: true });
    },
    'POST /api/action': async (request, response) => {
      await ports.interactions.action(await post(request, parseActionRequest));
      json(response, 200, { ok: true });
    },
    'POST /api/submit': async (request, response) =>
      json(response, 200, await ports.interactions.submit(await post(request, parseSubmitRequest))),
    'POST /api/close': async (request, response) => {
      const { user, viewId } = await post(request, parseCloseRequest);
      ports.interactions.close(user, viewId);
      json(response, 200, { ok: true });
    },
    'POST /api/suggest': async (request, response) =>
      json(response, 200, await ports.interactions.suggest(await post(request, parseSuggestRequest))),
    'POST /api/sql': async (request, response) => json(response, 200, await ports.runSql(await post(request, parseSqlRequest))),
    'POST /api/clock': async (request, response) =>
      json(response, 200, await ports.advanceClock((await post(request, parseClockRequest)).advanceMs)),
  };

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://console').pathname;
    const route = routes[`${request.method ?? 'GET'} ${path}`];
    if (route === undefined) return json(response, 404, { error: `no ${request.method} ${path}` });
    Promise.resolve(route(request, response)).catch((error: unknown) => {
      if (response.headersSent) return;
      const known = error instanceof ConsoleError || error instanceof SyntaxError || error instanceof RequestError;
      json(response, known ? 400 : 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        unsubscribe();
        for (const stream of streams) stream.end();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new RequestError('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));
}
