import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepIdleConnections } from '../keep-alive';
import { systemClock, type Clock } from '../../clock';
import { decodeApiBody, decodeResponseUrlBody } from './decode';
import { stringField, type JsonObject } from './json';
import { MessageStore, type SavedMessages, type SlackMessages } from './message-store';
import { webApiMethods } from './methods';
import { CallRecorder } from './recorder';
import { ResponseUrls, type SavedResponseUrls } from './response-url';
import { RateLimits } from './rate-limits';
import { METHOD_SCOPES, TokenScopes } from './scopes';
import { defaultSlackSeed, type SlackSeed, type SlackSeedChannel, type SlackSeedUser } from './seed';
import type { CallListener, RecordedCall, ResponseUrlTarget } from './types';
import { ViewStore, type SlackViews } from './view-store';
import { Workspace, type SavedWorkspace } from './workspace';

export interface SlackStandInOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Replace the seeded people (the bot user is always there). */
  users?: readonly SlackSeedUser[];
  /** Replace the seeded usergroups (`S...` -> user ids). */
  usergroups?: Readonly<Record<string, readonly string[]>>;
  /** Replace the seeded channels. */
  channels?: readonly SlackSeedChannel[];
  /** Replace the bot token's scopes (default: manifest.yml's bot scopes). */
  scopes?: readonly string[];
  /** Drives message timestamps and call times; defaults to the system clock. */
  clock?: Clock;
  /**
   * When set, only these bot tokens are accepted (others get `invalid_auth`); by default any
   * `xoxb-` token is.
   */
  tokens?: readonly string[];
  /** Carry on from a saved sandbox's messages (see `save`). */
  saved?: SavedSlack;
}

/** What the stand-in keeps across a sandbox restart: messages, ids and response URLs; calls and views are not kept. */
export interface SavedSlack {
  messages: SavedMessages;
  workspace: SavedWorkspace;
  responseUrls: SavedResponseUrls;
}

export interface SlackStandIn {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  /** `${url}/api/`: what SLACK_API_URL and WebClient's slackApiUrl get. */
  readonly apiUrl: string;
  readonly seed: SlackSeed;
  /** Every call so far, oldest first (a snapshot). */
  readonly calls: RecordedCall[];
  /** Messages as they now stand, per channel. */
  readonly messages: SlackMessages;
  readonly views: SlackViews;
  callsTo(method: string): RecordedCall[];
  /** Resolves with the first matching call, already made or still to come; rejects after timeoutMs (default 5000). */
  waitFor(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** A fresh `${url}/response/<id>`; the target ties it to a message/channel/user for replace and ephemeral replies. */
  newResponseUrl(target?: ResponseUrlTarget): string;
  /** Shows a slash command's ack to its user, as the original that replace_original on the command's URL swaps. */
  showAck(responseUrl: string, ack: { text: string; blocks: JsonObject[] }): void;
  /** The next `times` calls to `method` answer `{ ok: false, error }`, to exercise the app's error paths. */
  failNext(method: string, error: string, times?: number): void;
  /** The next `times` calls to `method` ('*': any) get HTTP 429 with Retry-After, as Slack rate-limits. */
  rateLimitNext(method: string, retryAfterSeconds: number, times?: number): void;
  /** The bot token loses `scope` until reset(): x-oauth-scopes leaves it out and methods needing it answer missing_scope. */
  dropScope(scope: string): void;
  /** Take the bot out of a seeded channel until reset() (or `inviteBot`), as `/remove @bot` would. */
  removeBotFrom(channelId: string): void;
  inviteBot(channelId: string): void;
  /** Live updates for a console; returns an unsubscribe function. */
  onCall(listener: CallListener): () => void;
  save(): SavedSlack;
  /** Forgets calls, messages, views, response URLs, injected failures, dropped scopes and membership changes; the seed stays. */
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: JsonObject, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

function bearerToken(request: IncomingMessage, body: JsonObject): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header.trim());
  if (match !== null) return match[1];
  // Slack also reads the token from the body; WebClient never sends it there, other clients might.
  return stringField(body, 'token');
}

function externalHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const seed: SlackSeed = {
    ...defaultSlackSeed,
    ...(options.users !== undefined ? { users: options.users } : {}),
    ...(options.usergroups !== undefined ? { usergroups: options.usergroups } : {}),
    ...(options.channels !== undefined ? { channels: options.channels } : {}),
    ...(options.scopes !== undefined ? { scopes: options.scopes } : {}),
  };
  const clock = options.clock ?? systemClock;
  const workspace = new Workspace(seed, clock);
  const messages = new MessageStore();
  const views = new ViewStore(seed);
  const responseUrls = new ResponseUrls(workspace, messages);
  if (options.saved) {
    messages.restore(options.saved.messages);
    workspace.restore(options.saved.workspace);
    responseUrls.restore(options.saved.responseUrls);
  }
  const recorder = new CallRecorder();
  const failures = new Map<string, { error: string; remaining: number }>();
  const rateLimits = new RateLimits();
  const scopes = new TokenScopes(seed.scopes);

  const authError = (token: string | undefined): string | undefined => {
    if (token === undefined || !token.startsWith('xoxb-')) return 'not_authed';
    if (options.tokens !== undefined && !options.tokens.includes(token)) return 'invalid_auth';
    return undefined;
  };

  const injectedFailure = (method: string): string | undefined => {
    const failure = failures.get(method);
    if (failure === undefined) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) failures.delete(method);
    return failure.error;
  };

  const answerApi = (method: string, body: JsonObject, token: string | undefined): JsonObject => {
    const handler = webApiMethods[method];
    if (handler === undefined) return { ok: false, error: 'unknown_method', req_method: method };
    const auth = authError(token);
    if (auth !== undefined) return { ok: false, error: auth };
    const injected = injectedFailure(method);
    if (injected !== undefined) return { ok: false, error: injected };
    const missing = scopes.missing(METHOD_SCOPES[method] ?? []);
    if (missing !== undefined) return missing;
    return handler({ workspace, messages, views, scopes }, body);
  };

  /** Slack names the token's scopes, and those the method accepts, on every authenticated call. */
  const scopeHeaders = (method: string, token: string | undefined): Record<string, string> => {
    if (authError(token) !== undefined) return {};
    const accepted = METHOD_SCOPES[method];
    return {
      'X-OAuth-Scopes': scopes.list().join(', '),
      ...(accepted !== undefined ? { 'X-Accepted-OAuth-Scopes': accepted.join(', ') } : {}),
    };
  };

  const handleApi = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const raw = await readBody(request);
    const decoded = decodeApiBody(raw, request.headers['content-type'], url.searchParams);
    const body = decoded.ok ? decoded.body : {};
    const token = bearerToken(request, body);
    delete body.token;
    const retryAfter = webApiMethods[method] === undefined ? undefined : rateLimits.take(method);
    if (retryAfter !== undefined) {
      const limited = { ok: false, error: 'ratelimited' };
      recorder.record({ method, body, ...(token !== undefined ? { token } : {}), at: clock.now(), response: limited });
      response.writeHead(429, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': String(retryAfter) });
      response.end(JSON.stringify(limited));
      return;
    }
    // Slack answers API errors with HTTP 200 and ok:false; WebClient turns them into platform errors.
    const answer = decoded.ok ? answerApi(method, body, token) : { ok: false, error: decoded.error };
    recorder.record({ method, body, ...(token !== undefined ? { token } : {}), at: clock.now(), response: answer });
    sendJson(response, 200, answer, scopeHeaders(method, token));
  };

  const handleResponseUrl = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const id = decodeURIComponent(url.pathname.slice('/response/'.length));
    const raw = await readBody(request);
    const decoded = decodeResponseUrlBody(raw, request.headers['content-type']);
    const body = decoded.ok ? decoded.body : {};
    const outcome = decoded.ok
      ? responseUrls.post(id, body)
      : { status: 400, text: decoded.error, response: { ok: false, error: decoded.error } };
    recorder.record({ method: 'response_url', body, at: clock.now(), response: outcome.response, responseUrlId: id });
    response.writeHead(outcome.status, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(outcome.text);
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const route = url.pathname.startsWith('/api/')
      ? handleApi(request, response, url)
      : url.pathname.startsWith('/response/') && request.method === 'POST'
        ? handleResponseUrl(request, response, url)
        : Promise.resolve(sendJson(response, 404, { ok: false, error: 'not_found' }));
    route.catch((error: unknown) => {
      if (!response.headersSent) {
        sendJson(response, 500, { ok: false, error: 'internal_error', detail: String(error) });
      }
    });
  });
  keepIdleConnections(server);

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${externalHost(host)}:${port}`;

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    seed,
    get calls() {
      return recorder.all();
    },
    messages,
    views,
    callsTo: (method) => recorder.to(method),
    waitFor: (method, predicate = () => true, timeoutMs = 5000) => recorder.waitFor(method, predicate, timeoutMs),
    newResponseUrl: (target = {}) => `${baseUrl}/response/${responseUrls.register(target)}`,
    showAck: (responseUrl, ack) =>
      responseUrls.showAck(decodeURIComponent(responseUrl.slice(responseUrl.indexOf('/response/') + '/response/'.length)), ack),
    failNext: (method, error, times = 1) => {
      failures.set(method, { error, remaining: times });
    },
    rateLimitNext: (method, retryAfterSeconds, times = 1) => rateLimits.limit(method, retryAfterSeconds, times),
    dropScope: (scope) => scopes.drop(scope),
    removeBotFrom: (channelId) => workspace.setBotMember(channelId, false),
    inviteBot: (channelId) => workspace.setBotMember(channelId, true),
    onCall: (listener) => recorder.onCall(listener),
    save: () => ({ messages: messages.saved(), workspace: workspace.saved(), responseUrls: responseUrls.saved() }),
    reset: () => {
      recorder.clear();
      messages.clear();
      views.clear();
      responseUrls.clear();
      workspace.reset();
      failures.clear();
      rateLimits.clear();
      scopes.reset();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        recorder.abandon('Slack stand-in closed');
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from fetch would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
