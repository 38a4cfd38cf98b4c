import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsFault, FaultInjector, newRequestId, type AwsService, type EmulatorContext } from '../core';
import { faults } from './faults';
import { operations } from './operations';
import type { ClusterDatabases } from './ports';
import { QueryInput } from './query-input';
import { seedRedshift } from './seed';
import { defaultRedshiftLimits, RedshiftState, type RedshiftLimits } from './state';
import { errorDocument, successDocument } from './xml';

const REDSHIFT_API_VERSION = '2012-12-01';

export interface RedshiftServiceOptions {
  /** Start from the standard seed (default true): `analytics-prod` and its automated snapshots. */
  seed?: boolean;
  /** Fills the state instead of the seed (a saved sandbox); `ready` waits for it. */
  load?: (state: RedshiftState) => Promise<void>;
  limits?: Partial<RedshiftLimits>;
}

/**
 * Provisioned Redshift over the Query protocol: form-encoded `Action=…&Version=2012-12-01` in,
 * `<{Op}Response>` XML out, `<ErrorResponse>` XML for faults with the model's HTTP status.
 */
export class RedshiftService implements AwsService {
  readonly name = 'redshift' as const;
  readonly state: RedshiftState;
  /** Resolves when the seed is in place (its database created and imaged); requests wait for it themselves. */
  readonly ready: Promise<void>;

  constructor(
    private readonly context: EmulatorContext,
    databases: ClusterDatabases,
    options: RedshiftServiceOptions = {},
  ) {
    this.state = new RedshiftState(context, databases, { ...defaultRedshiftLimits, ...options.limits });
    this.ready = options.load ? options.load(this.state) : options.seed === false ? Promise.resolve() : seedRedshift(this.state);
    // A failed seed is reported on every request; this only keeps it from being an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  matches(req: IncomingMessage, body: string): boolean {
    if (req.method !== 'POST') return false;
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (!type.startsWith('application/x-www-form-urlencoded')) return false;
    const params = new URLSearchParams(body);
    return params.has('Action') && params.get('Version') === REDSHIFT_API_VERSION;
  }

  async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const requestId = newRequestId();
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    try {
      await this.ready.catch((error: unknown) => {
        throw new AwsFault('InternalFailure', `The emulator's Redshift seed failed: ${messageOf(error)}`, 500, 'Receiver');
      });
      const input = new QueryInput(params);
      const injected = this.context.faults.take('redshift', action, input.record());
      const fault = injected && FaultInjector.toAwsFault('redshift', injected);
      if (fault) throw fault;
      const operation = operations[action];
      if (!operation) throw faults.invalidAction(action);
      await this.state.settle();
      const result = await operation(this.state, input, { region: signedRegion(req) ?? this.context.region });
      send(res, 200, successDocument(action, result, requestId), requestId);
    } catch (error) {
      const fault = error instanceof AwsFault ? error : new AwsFault('InternalFailure', messageOf(error), 500, 'Receiver');
      send(res, fault.status, errorDocument(fault.type, fault.code, fault.message, requestId), requestId);
    }
  }

  /** Test hook: the next snapshot started (manual, automated, final) ends `failed`. */
  failNextSnapshot(reason?: string): void {
    this.state.failNextSnapshot(reason);
  }

  /** Test hook: the next table restore requested ends FAILED (or CANCELED) with this message. */
  failNextTableRestore(message?: string, status?: 'FAILED' | 'CANCELED'): void {
    this.state.failNextTableRestore(message, status);
  }
}

function send(res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/xml',
    'Content-Length': Buffer.byteLength(xml),
    'x-amzn-RequestId': requestId,
  });
  res.end(xml);
}

/** `Credential=AKID/20261203/us-west-2/redshift/aws4_request` -> `us-west-2`: one endpoint serves every Region. */
function signedRegion(req: IncomingMessage): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/redshift\/aws4_request/.exec(String(req.headers.authorization ?? ''))?.[1];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
