import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../clock';

/**
 * What every emulated AWS service shares: the clock that moves states along, how long each
 * transition takes, and injected faults.
 */
export type ServiceName = 'redshift' | 'redshift-serverless' | 'redshift-data' | 'lambda' | 'cost-explorer' | 'sts' | 'iam';

/**
 * Each service's code for a failure on its side: the Query-protocol services' InternalFailure (the
 * common errors), IAM's own ServiceFailure (its API reference), the JSON services' InternalServerException.
 */
export const INTERNAL_CODE: Readonly<Record<ServiceName, string>> = {
  redshift: 'InternalFailure',
  sts: 'InternalFailure',
  iam: 'ServiceFailure',
  'redshift-serverless': 'InternalServerException',
  'redshift-data': 'InternalServerException',
  lambda: 'InternalServerException',
  'cost-explorer': 'InternalServerException',
};

/** How long state changes take in the emulator (ms); tests shorten or lengthen them. */
export interface Timings {
  snapshotCreateMs: number;
  snapshotDeleteMs: number;
  clusterPauseMs: number;
  clusterResumeMs: number;
  clusterDeleteMs: number;
  clusterModifyMs: number;
  tableRestoreMs: number;
  /** A cluster restored from a snapshot: `creating` until it is `available`. */
  clusterRestoreMs: number;
  workgroupDeleteMs: number;
  namespaceDeleteMs: number;
  /** A namespace and its workgroup MODIFYING while a snapshot or recovery point is restored into it. */
  namespaceRestoreMs: number;
  /** SUBMITTED -> STARTED -> FINISHED for Data API statements. */
  statementMs: number;
}

const defaultTimings: Timings = {
  snapshotCreateMs: 2_000,
  snapshotDeleteMs: 500,
  clusterPauseMs: 3_000,
  clusterResumeMs: 3_000,
  clusterDeleteMs: 3_000,
  clusterModifyMs: 1_000,
  tableRestoreMs: 2_000,
  clusterRestoreMs: 5_000,
  workgroupDeleteMs: 2_000,
  namespaceDeleteMs: 2_000,
  namespaceRestoreMs: 3_000,
  statementMs: 0,
};

/** A fault in AWS's own terms: the error code (e.g. `InvalidClusterState`), its message and HTTP status. */
export class AwsFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Query-protocol error type: Sender (the caller's fault) or Receiver (AWS's). */
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export type FaultKind =
  | { kind: 'throttle' }
  | { kind: 'internal' }
  | { kind: 'named'; code: string; message: string; status?: number }
  /** Data API only: the statement takes this long before it finishes. */
  | { kind: 'slow'; ms: number };

export interface FaultRule {
  service: ServiceName;
  /** The operation name as the SDK calls it, e.g. `CreateClusterSnapshot`, `ExecuteStatement`. */
  operation: string;
  fault: FaultKind;
  /** How many calls it affects; default 1. Infinity for all. */
  times?: number;
  /** Only calls whose input matches (e.g. a Data API statement whose Sql contains a text). */
  when?: (input: Readonly<Record<string, unknown>>) => boolean;
}

export class FaultInjector {
  private rules: Array<FaultRule & { left: number }> = [];

  inject(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this call, if one is armed; counts it down. */
  take(service: ServiceName, operation: string, input: Readonly<Record<string, unknown>> = {}): FaultKind | undefined {
    const rule = this.rules.find((r) => r.left > 0 && r.service === service && r.operation === operation && (!r.when || r.when(input)));
    if (!rule) return undefined;
    rule.left -= 1;
    return rule.fault;
  }

  /** Turns a throttle/internal/named fault into the AwsFault the protocol layer writes on the wire. */
  static toAwsFault(service: ServiceName, fault: FaultKind): AwsFault | undefined {
    switch (fault.kind) {
      case 'throttle':
        // Query-protocol services name it Throttling; the JSON ones ThrottlingException.
        return service === 'redshift' || service === 'sts' || service === 'iam'
          ? new AwsFault('Throttling', 'Rate exceeded', 400)
          : new AwsFault('ThrottlingException', 'Rate exceeded', 400);
      case 'internal':
        return new AwsFault(INTERNAL_CODE[service], 'An internal error occurred', 500, 'Receiver');
      case 'named':
        return new AwsFault(fault.code, fault.message, fault.status ?? 400);
      case 'slow':
        return undefined;
    }
  }
}

export interface EmulatorContext {
  clock: Clock;
  timings: Timings;
  faults: FaultInjector;
  region: string;
  accountId: string;
}

/** A fresh context in the emulator's region and account, with no faults armed. */
export function emulatorContext(clock: Clock, timings: Partial<Timings> = {}): EmulatorContext {
  return { clock, timings: { ...defaultTimings, ...timings }, faults: new FaultInjector(), region: 'us-east-1', accountId: '123456789012' };
}

/** One AWS protocol endpoint on the shared emulator server. */
export interface AwsService {
  readonly name: ServiceName;
  /** Whether this request is for this service (by X-Amz-Target, form Action, or path). */
  matches(req: IncomingMessage, body: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void>;
}

export function newRequestId(): string {
  return globalThis.crypto.randomUUID();
}
