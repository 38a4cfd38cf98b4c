import { redactAccountDetails } from './redact';

/**
 * AWS faults as typed errors with words a user can act on. Built from what the SDK puts on its
 * exceptions: `name` (the modeled class, e.g. InvalidClusterStateFault), the Query protocol's wire
 * `Code` (e.g. InvalidClusterState), `$fault`, `$metadata.httpStatusCode` and `$retryable`.
 */

/** Where the fault happened and what state it was in, when the adapter could find out. */
export interface AwsErrorContext {
  /** e.g. `cluster analytics-prod`, `namespace lake`. */
  resource?: string;
  /** AWS's state word at the time, e.g. `paused`. */
  state?: string;
  /** What to do, when the adapter knows better than the fault name (e.g. a name clash behind a ConflictException). */
  hint?: string;
}

export class AwsOperationError extends Error {
  /** Canonical fault name: the wire code without Redshift's `Fault` suffix, e.g. InvalidClusterState. */
  readonly fault: string;
  /** The code exactly as AWS or the SDK named it. */
  readonly code: string;
  readonly operation: string;
  readonly status?: number;
  /** Worth trying again later (throttling, a 5xx, a network fault); the SDK has already retried. */
  readonly retryable: boolean;
  /** AWS's own message. */
  readonly awsMessage: string;
  readonly requestId?: string;
  /** How many times the SDK sent the request (retries included). */
  readonly attempts?: number;
  readonly context: AwsErrorContext;

  constructor(fields: {
    fault: string;
    code?: string;
    operation: string;
    status?: number;
    retryable: boolean;
    awsMessage: string;
    requestId?: string;
    attempts?: number;
    context?: AwsErrorContext;
    cause?: unknown;
  }) {
    super(`${fields.operation} failed: ${fields.fault}: ${fields.awsMessage}`, { cause: fields.cause });
    this.name = 'AwsOperationError';
    this.fault = fields.fault;
    this.code = fields.code ?? fields.fault;
    this.operation = fields.operation;
    this.status = fields.status;
    this.retryable = fields.retryable;
    this.awsMessage = fields.awsMessage;
    this.requestId = fields.requestId;
    this.attempts = fields.attempts;
    this.context = fields.context ?? {};
  }

  /** The same error with what the adapter learned about the resource (e.g. its state). */
  withContext(context: AwsErrorContext): AwsOperationError {
    return new AwsOperationError({ ...this, context: { ...this.context, ...context }, cause: this.cause });
  }

  /**
   * "<Operation> failed: <Fault>: <AWS message>", then what the user can do about it, if we know.
   * Account ids and ARNs are left out (see redact.ts); `message` keeps them for the audit log.
   */
  userMessage(): string {
    return withHint(redactAccountDetails(this.message), hintFor(this));
  }

  /** userMessage() with account ids and ARNs kept: for approvers and operators. */
  detailedMessage(): string {
    return withHint(this.message, hintFor(this));
  }
}

function withHint(message: string, hint: string | undefined): string {
  if (!hint) return message;
  return /[.!?]$/.test(message) ? `${message} ${hint}.` : `${message}. ${hint}.`;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
]);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'NotAuthorized']);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'CredentialsProviderError',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'TimeoutError', 'RequestTimeout']);
/** Faults that pass by themselves though AWS sends them as 4xx: a busy service or a full statement queue. */
const BUSY = new Set(['ServiceUnavailable', 'ServiceUnavailableException', 'RequestTimeoutException']);
const NOT_AVAILABLE = new Set(['InvalidClusterState', 'InvalidClusterSnapshotState', 'ConflictException']);
/**
 * Whole-warehouse restore and cross-region snapshot copy faults (canonical names, `Fault` dropped),
 * as the Redshift API Reference lists them for RestoreFromClusterSnapshot, EnableSnapshotCopy,
 * ModifySnapshotCopyRetentionPeriod and DisableSnapshotCopy.
 */
const RESTORE_AND_COPY_HINTS: Readonly<Record<string, string>> = {
  ClusterAlreadyExists: 'A cluster with that name already exists; pick another name for the restored cluster',
  ClusterSnapshotNotFound: 'There is no snapshot by that name for this cluster; see /redshift snapshot list',
  AccessToSnapshotDenied: "The snapshot's owner has not allowed this account to restore it",
  InvalidRestore: 'The snapshot cannot be restored with these options; try its own node type and count',
  ClusterQuotaExceeded: 'The account is at its cluster quota; delete a cluster no longer needed or ask for a higher quota',
  NumberOfNodesQuotaExceeded: 'The account is at its node quota; delete or pause clusters no longer needed, or ask for a higher quota',
  NumberOfNodesPerClusterLimitExceeded: 'That is more nodes than a cluster of this node type can have; ask for fewer',
  InsufficientClusterCapacity: 'AWS has no capacity for that node type right now; try again later or another node type',
  SnapshotCopyAlreadyEnabled:
    'Cross-region snapshot copy is already on; change how long copies are kept, or turn it off first to pick another Region',
  SnapshotCopyAlreadyDisabled: 'Cross-region snapshot copy is already off; nothing was changed',
  // The reference words it "temporarily disabled"; it is also what a retention change on a cluster without copy gets.
  SnapshotCopyDisabled: 'Cross-region snapshot copy is not on for this cluster right now; check /redshift backup retention, then try again',
  UnknownSnapshotCopyRegion: "Pick another Region: the destination must be a valid AWS Region other than the warehouse's own",
  CopyToRegionDisabled: 'Copying to that Region is switched off for now; try again later',
  SnapshotCopyGrantNotFound:
    "The snapshot copy grant is not in the destination Region (deleted, or never made there): create it there with CreateSnapshotCopyGrant, and name it under the target's snapshotCopyGrants in chatops.yml",
};

function hintFor(error: AwsOperationError): string | undefined {
  const { fault, context } = error;
  if (context.hint) return context.hint;
  const subject = context.resource ?? 'the warehouse';
  if (NOT_AVAILABLE.has(fault)) {
    const now = context.state ? `${subject} is ${context.state}` : `${subject} is busy or not available`;
    return fault === 'InvalidClusterSnapshotState'
      ? 'The snapshot is not in a state that allows this; try again once it is available'
      : `${capitalize(now)}; try again after it is available (see /redshift status)`;
  }
  if (fault === 'ClusterSnapshotAlreadyExists') return 'A snapshot with that name already exists; pick another name';
  const restoreOrCopy = RESTORE_AND_COPY_HINTS[fault];
  if (restoreOrCopy) return restoreOrCopy;
  if (fault === 'InvalidRetentionPeriod' && /SnapshotCopy/.test(error.operation))
    return 'Copied automated snapshots can be kept 1 to 35 days';
  // The reference names no fault for an encrypted cluster without a grant; a bad parameter is the likely answer.
  if (fault === 'InvalidParameterValue' && error.operation === 'EnableSnapshotCopy') {
    return 'Check the Region; a cluster encrypted with a KMS key also needs a snapshot copy grant in the destination Region, named when turning copy on';
  }
  // Serverless uses one quota fault for everything; it is the snapshot quota only on snapshot calls.
  if (
    fault === 'ClusterSnapshotQuotaExceeded' ||
    (fault === 'ServiceQuotaExceededException' && /Snapshot|RecoveryPoint/.test(error.operation))
  ) {
    return 'The account is at its snapshot quota; delete old manual snapshots (/redshift snapshot delete <snapshot>) and try again';
  }
  if (fault === 'ServiceQuotaExceededException')
    return 'An AWS service quota is reached; remove what is no longer needed or ask for a higher quota';
  if (THROTTLING.has(fault)) return 'AWS is throttling requests; the bot already retried automatically, so try again shortly';
  if (ACCESS_DENIED.has(fault))
    return `The bot's IAM role lacks the permission for ${error.operation}; ask an AWS administrator to allow it`;
  if (BAD_CREDENTIALS.has(fault))
    return "The bot's AWS credentials are missing, invalid or expired; ask an AWS administrator to check them";
  if (fault === 'ClusterNotFound' || fault === 'ResourceNotFoundException')
    return `Check that ${subject} exists in this account and region (chatops.yml targets)`;
  if (NETWORK.has(fault)) return 'The bot could not reach AWS; try again shortly';
  if (error.retryable) return 'This looks temporary; try again shortly';
  return undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The parts of an SDK exception we read; everything optional because `error` is unknown. */
interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  Code?: unknown;
  code?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown; attempts?: unknown };
}

/** The fields an SDK (or Node network) error may carry, read from whatever was thrown; each is checked where it is used. */
function sdkErrorShape(error: unknown): SdkErrorShape {
  if (typeof error !== 'object' || error === null) return {};
  const metadata = '$metadata' in error && typeof error.$metadata === 'object' && error.$metadata !== null ? error.$metadata : undefined;
  return {
    name: 'name' in error ? error.name : undefined,
    message: 'message' in error ? error.message : undefined,
    Code: 'Code' in error ? error.Code : undefined,
    code: 'code' in error ? error.code : undefined,
    $fault: '$fault' in error ? error.$fault : undefined,
    $retryable: '$retryable' in error ? error.$retryable : undefined,
    $metadata: metadata && {
      httpStatusCode: 'httpStatusCode' in metadata ? metadata.httpStatusCode : undefined,
      requestId: 'requestId' in metadata ? metadata.requestId : undefined,
      attempts: 'attempts' in metadata ? metadata.attempts : undefined,
    },
  };
}

/** Wraps whatever a client threw; an AwsOperationError passes through unchanged. */
export function toAwsOperationError(error: unknown, operation: string, context?: AwsErrorContext): AwsOperationError {
  if (error instanceof AwsOperationError) return context ? error.withContext(context) : error;
  const shape = sdkErrorShape(error);
  const name = typeof shape.name === 'string' && shape.name !== 'Error' ? shape.name : undefined;
  // Query protocol errors keep the wire code; Node network errors put theirs in `code`.
  const wireCode = typeof shape.Code === 'string' ? shape.Code : typeof shape.code === 'string' ? shape.code : undefined;
  const code = wireCode ?? name ?? 'UnknownError';
  const fault = code.endsWith('Fault') && code !== 'Fault' ? code.slice(0, -'Fault'.length) : code;
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const message =
    typeof shape.message === 'string' && shape.message.length > 0
      ? shape.message
      : typeof error === 'string'
        ? error
        : 'no message from AWS';
  const retryable =
    (typeof shape.$retryable === 'object' && shape.$retryable !== null) ||
    THROTTLING.has(fault) ||
    NETWORK.has(fault) ||
    BUSY.has(fault) ||
    shape.$fault === 'server' ||
    (status !== undefined && (status >= 500 || status === 429));
  return new AwsOperationError({
    fault,
    code,
    operation,
    status,
    retryable,
    awsMessage: message,
    requestId: typeof shape.$metadata?.requestId === 'string' ? shape.$metadata.requestId : undefined,
    attempts: typeof shape.$metadata?.attempts === 'number' ? shape.$metadata.attempts : undefined,
    context,
    cause: error,
  });
}

/** True for a fault by its canonical name (either spelling of Redshift's `…Fault` codes works). */
export function isFault(error: unknown, ...faults: string[]): boolean {
  return error instanceof AwsOperationError && faults.some((fault) => fault === error.fault || fault === error.code);
}

/** Runs one SDK call and turns its failure into an AwsOperationError. */
export async function awsCall<T>(operation: string, call: () => Promise<T>, context?: AwsErrorContext): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAwsOperationError(error, operation, context);
  }
}

/** A request the adapter refuses before calling AWS (e.g. a retention outside 1–3653 days). */
export class WarehouseRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WarehouseRequestError';
  }

  userMessage(): string {
    return this.message;
  }
}

/**
 * A second call made only to explain a first one's failure (the warehouse's state, whether a
 * clashing snapshot is our own). "Not found" is already an answer of the lookups themselves
 * (undefined); when AWS refuses the lookup too (throttled, access denied), the first error is
 * reported as it stands rather than replaced by the lookup's fault, so this gives undefined. Anything
 * that is not an AWS fault is a bug and still throws.
 */
export async function explainingLookup<T>(lookup: () => Promise<T>): Promise<T | undefined> {
  try {
    return await lookup();
  } catch (error) {
    if (error instanceof AwsOperationError) return undefined;
    throw error;
  }
}
