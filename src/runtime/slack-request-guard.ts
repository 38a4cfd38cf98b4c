import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AwsEvent, AwsResponse } from './lambda-event';
import type { Clock } from '../clock';

/**
 * Checks every request to /slack/events makes before Bolt verifies its signature. Bolt refuses only
 * stale timestamps; a request signed for the future would stay replayable until that future came,
 * so both directions are held to Slack's five minutes here.
 */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * The largest body accepted. The biggest thing Slack sends this app is a view_submission: the modal
 * (Slack refuses views over 250 kB: views.open's `view_too_large`) with its state, form-encoded,
 * which can grow it up to threefold. 1 MiB covers that; slash commands and button clicks are a few kB.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 413; reason: string };

/** Pure: is this timestamp header within the allowed skew of `nowMs`, and the body within the cap? */
export function checkSlackRequest(request: { timestamp: string | undefined; bodyBytes?: number }, nowMs: number): GuardVerdict {
  if (request.bodyBytes !== undefined && request.bodyBytes > MAX_BODY_BYTES) {
    return { ok: false, status: 413, reason: `body of ${request.bodyBytes} bytes is over the ${MAX_BODY_BYTES}-byte limit` };
  }
  const raw = request.timestamp?.trim() ?? '';
  if (!/^\d{1,12}$/.test(raw)) return { ok: false, status: 401, reason: 'missing or malformed X-Slack-Request-Timestamp' };
  const skew = Number(raw) - Math.floor(nowMs / 1000);
  if (Math.abs(skew) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, status: 401, reason: `X-Slack-Request-Timestamp is ${skew} s from now (allowed ±${MAX_CLOCK_SKEW_SECONDS} s)` };
  }
  return { ok: true };
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/**
 * Wraps the HTTP receiver's listener: POSTs to `path` are refused (401, or 413 when Content-Length
 * is over the cap) before Bolt reads them. A body without Content-Length is capped by Bolt's own
 * `bodyLimit`, set to the same MAX_BODY_BYTES.
 */
export function guardRequestListener(
  inner: RequestListener,
  options: { path: string; clock: Clock; onRefused?: (reason: string) => void },
): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (req.method?.toUpperCase() !== 'POST' || pathname !== options.path) return inner(req, res);
    const length = header(req.headers, 'content-length');
    const verdict = checkSlackRequest(
      {
        timestamp: header(req.headers, 'x-slack-request-timestamp'),
        bodyBytes: length && /^\d+$/.test(length) ? Number(length) : undefined,
      },
      options.clock.now(),
    );
    if (!verdict.ok) return refuse(res, req, verdict.status, verdict.reason, options.onRefused);
    readBody(req, MAX_BODY_BYTES).then(
      (body) => {
        const shape = bodyShapeProblem(header(req.headers, 'content-type'), body);
        if (shape) return refuse(res, req, 400, shape, options.onRefused);
        // Bolt takes a request whose rawBody is already read as it is (isBufferedIncomingMessage).
        Object.assign(req, { rawBody: body });
        return inner(req, res);
      },
      (error: unknown) => refuse(res, req, 413, error instanceof Error ? error.message : String(error), options.onRefused),
    );
  };
}

function refuse(res: ServerResponse, req: IncomingMessage, status: number, reason: string, onRefused?: (reason: string) => void): void {
  onRefused?.(reason);
  // Closing the connection spares reading a body we refuse.
  res.writeHead(status, { Connection: 'close' });
  res.end();
  req.resume();
}

/** The whole body, refused past `limit` bytes (a body sent without Content-Length, or longer than it said). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new Error(`body is over the ${limit}-byte limit`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * What Slack sends, by content type: JSON bodies (Events API) are objects; forms carry a slash command
 * (`command`), an interaction (`payload`, a JSON object with a `type`) or an `ssl_check`. Bolt reads
 * fields of whatever arrives: a signed `null` made it throw outside any handler (ending the process),
 * and a form with none of these waited out Bolt's 3-second unhandled-request timer before a 404.
 */
export function bodyShapeProblem(contentType: string | undefined, body: Buffer): string | undefined {
  const type = contentType?.trim() ?? '';
  if (/^application\/json\b/i.test(type)) return isObject(parseJson(body.toString('utf8'))) ? undefined : 'a JSON body that is not an object';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return undefined;
  const form = new URLSearchParams(body.toString('utf8'));
  if (form.has('ssl_check')) return undefined;
  const command = form.get('command');
  if (command !== null) return command.startsWith('/') ? undefined : 'a form whose command is not a slash command';
  const payload = form.get('payload');
  if (payload === null) return 'a form with neither a command nor a payload';
  const parsed = parseJson(payload);
  return isObject(parsed) && typeof parsed.type === 'string' ? undefined : 'a form whose payload is not an interaction object';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The same checks for the Lambda handler, on API Gateway's event. */
export function guardLambdaEvent(event: AwsEvent, nowMs: number): AwsResponse | undefined {
  const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  const verdict = checkSlackRequest({ timestamp: header(event.headers, 'x-slack-request-timestamp'), bodyBytes: raw.length }, nowMs);
  if (!verdict.ok) return { statusCode: verdict.status, body: '' };
  return bodyShapeProblem(header(event.headers, 'content-type'), raw) ? { statusCode: 400, body: '' } : undefined;
}
