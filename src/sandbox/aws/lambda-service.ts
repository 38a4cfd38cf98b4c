import type { IncomingMessage, ServerResponse } from 'node:http';
import { newRequestId, type AwsService } from './core';

/** A function the local Lambda service can invoke: the worker handler, in-process. */
export type LocalFunction = (event: unknown) => Promise<unknown>;

export interface LambdaInvocation {
  functionName: string;
  invocationType: string;
  payload: unknown;
  at: number;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * Lambda's Invoke (REST-JSON: POST /2015-03-31/functions/{name}/invocations). An `Event` invocation
 * answers 202 at once and runs the function afterwards, as Lambda does, so the Lambda worker path
 * runs locally end to end.
 */
export class LambdaService implements AwsService {
  readonly name = 'lambda' as const;
  readonly invocations: LambdaInvocation[] = [];
  private readonly functions = new Map<string, LocalFunction>();
  private readonly pending = new Set<Promise<unknown>>();

  register(functionName: string, handler: LocalFunction): void {
    this.functions.set(functionName, handler);
  }

  matches(req: IncomingMessage): boolean {
    return req.method === 'POST' && INVOKE_PATH.test(new URL(req.url ?? '/', 'http://local').pathname);
  }

  async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const name = decodeURIComponent(INVOKE_PATH.exec(new URL(req.url ?? '/', 'http://local').pathname)?.[1] ?? '');
    const functionName = name.includes(':function:') ? name.split(':function:')[1].split(':')[0] : name;
    const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    const handler = this.functions.get(functionName);
    if (!handler) {
      return sendError(res, 404, 'ResourceNotFoundException', `Function not found: ${functionName}`);
    }
    let payload: unknown;
    try {
      payload = body ? JSON.parse(body) : {};
    } catch {
      return sendError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
    }
    this.invocations.push({ functionName, invocationType, payload, at: Date.now() });
    if (invocationType === 'Event') {
      res.writeHead(202, { 'Content-Type': 'application/json', 'x-amzn-RequestId': newRequestId() });
      res.end();
      const run = new Promise((resolve) => setImmediate(resolve)).then(() => handler(payload)).catch(() => undefined);
      this.pending.add(run);
      void run.finally(() => this.pending.delete(run));
      return;
    }
    try {
      const result = await handler(payload);
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST' });
      res.end(JSON.stringify(result ?? null));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Amz-Function-Error': 'Unhandled' });
      res.end(JSON.stringify({ errorType: 'Error', errorMessage: message }));
    }
  }

  /** Resolves when every asynchronous invocation so far has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type });
  res.end(JSON.stringify({ Type: 'User', message }));
}
