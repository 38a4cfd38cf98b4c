import { AwsFault } from '../core';

/**
 * Redshift Serverless faults as the service sends them (awsJson1_1 `__type` plus the model's HTTP
 * status). Some shapes carry extra members (ResourceNotFoundException.resourceName).
 */
export class ServerlessFault extends AwsFault {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly members: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, status, status >= 500 ? 'Receiver' : 'Sender');
  }
}

export const validation = (message: string): ServerlessFault => new ServerlessFault('ValidationException', message, 400);

export const notFound = (message: string, resourceName?: string): ServerlessFault =>
  new ServerlessFault('ResourceNotFoundException', message, 404, resourceName ? { resourceName } : {});

export const conflict = (message: string): ServerlessFault => new ServerlessFault('ConflictException', message, 409);

export const quotaExceeded = (message: string): ServerlessFault => new ServerlessFault('ServiceQuotaExceededException', message, 402);

export const tooManyTags = (message: string, resourceName?: string): ServerlessFault =>
  new ServerlessFault('TooManyTagsException', message, 400, resourceName ? { resourceName } : {});

export const invalidPagination = (message: string): ServerlessFault => new ServerlessFault('InvalidPaginationException', message, 400);

/** A malformed body or a member of the wrong JSON type, rejected before validation as AWS's front end does. */
export const serialization = (message: string): ServerlessFault => new ServerlessFault('SerializationException', message, 400);

export const internal = (message = 'An internal error occurred'): ServerlessFault => new ServerlessFault('InternalServerException', message, 500);

/** The model gives ThrottlingException HTTP 429 (core's generic throttle uses 400). */
export const throttling = (): ServerlessFault => new ServerlessFault('ThrottlingException', 'Rate exceeded', 429);

/** Coral's wording for a member that breaks the model's constraints. */
export function constraint(value: unknown, field: string, rule: string): ServerlessFault {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return validation(`1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${rule}`);
}
