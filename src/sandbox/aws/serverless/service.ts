import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsFault, FaultInjector, newRequestId, type AwsService, type EmulatorContext, type FaultKind } from '../core';
import { internal, serialization, ServerlessFault, throttling } from './faults';
import type { Input } from './input';
import { operations } from './ops';
import type { NamespaceDatabases } from './ports';
import { seedStandard } from './seed';
import { defaultServerlessLimits, ServerlessState, type ServerlessLimits } from './state';

export interface RedshiftServerlessOptions {
  /** Start from the standard seed (default true); false starts empty. */
  seed?: boolean;
  /** Fills the state instead of the seed (a saved sandbox); `ready` waits for it. */
  load?: (state: ServerlessState) => Promise<void>;
  limits?: Partial<ServerlessLimits>;
}

const TARGET_PREFIX = 'RedshiftServerless.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** HTTP status of each fault in the model, for named faults injected without one. */
const MODEL_STATUS: Readonly<Record<string, number>> = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
};

/**
 * Redshift Serverless over awsJson1_1 (`X-Amz-Target: RedshiftServerless.<Operation>`).
 *
 * Seeding is asynchronous (it awaits databases.create('namespace/lake') and an image): the
 * constructor starts it and `ready` resolves when it is done. Requests wait for `ready` by
 * themselves; await it before touching `state` directly. Requests run one at a time, so
 * name checks and the side effects of `state.settle()` never interleave.
 */
export class RedshiftServerlessService implements AwsService {
  readonly name = 'redshift-serverless' as const;
  readonly state: ServerlessState;
  readonly ready: Promise<void>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly context: EmulatorContext,
    databases: NamespaceDatabases,
    options: RedshiftServerlessOptions = {},
  ) {
    this.state = new ServerlessState(context, databases, { ...defaultServerlessLimits, ...options.limits });
    this.ready = options.load ? options.load(this.state) : options.seed === false ? Promise.resolve() : seedStandard(this.state);
    // A failed seed is reported on every request; this only keeps it from being an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  matches(req: IncomingMessage): boolean {
    const target = req.headers['x-amz-target'];
    return req.method === 'POST' && typeof target === 'string' && target.startsWith(TARGET_PREFIX);
  }

  async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const requestId = newRequestId();
    try {
      const result = await this.respond(String(req.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length), body);
      send(res, 200, requestId, result);
    } catch (error) {
      const fault = error instanceof AwsFault ? error : internal(error instanceof Error ? error.message : String(error));
      const members = fault instanceof ServerlessFault ? fault.members : {};
      send(res, fault.status, requestId, { __type: fault.code, message: fault.message, ...members }, fault.code);
    }
  }

  private async respond(operationName: string, body: string): Promise<Record<string, unknown>> {
    const operation = Object.hasOwn(operations, operationName) ? operations[operationName] : undefined;
    if (!operation) throw new ServerlessFault('UnknownOperationException', `Operation ${operationName || '(none)'} is not supported.`, 400);
    const input = parseBody(body);
    const injected = this.context.faults.take(this.name, operationName, input);
    if (injected) {
      const fault = toFault(injected);
      if (fault) throw fault;
    }
    await this.ready;
    return this.serialized(async () => {
      await this.state.settle();
      return operation(input, this.state);
    });
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function toFault(kind: FaultKind): AwsFault | undefined {
  if (kind.kind === 'throttle') return throttling();
  if (kind.kind === 'named' && kind.status === undefined) {
    return new ServerlessFault(kind.code, kind.message, MODEL_STATUS[kind.code] ?? 400);
  }
  return FaultInjector.toAwsFault('redshift-serverless', kind);
}

function parseBody(body: string): Input {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw serialization('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw serialization('The request body must be a JSON object.');
  return parsed as Input;
}

function send(res: ServerResponse, status: number, requestId: string, payload: Record<string, unknown>, errorType?: string): void {
  const headers: Record<string, string> = { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': requestId };
  if (errorType) headers['x-amzn-ErrorType'] = errorType;
  res.writeHead(status, headers);
  res.end(JSON.stringify(payload));
}
