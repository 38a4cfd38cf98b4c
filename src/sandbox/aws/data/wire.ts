import type { ServerResponse } from 'node:http';
import { AwsFault, newRequestId } from '../core';

/** The request body's members, as parsed JSON. */
export type Input = Readonly<Record<string, unknown>>;

/** AWS JSON 1.1 as the Data API speaks it: `X-Amz-Target: RedshiftData.<Operation>`, JSON in and out. */
export const TARGET_PREFIX = 'RedshiftData.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** An AwsFault that carries the extra members some Data API errors have (StatementId, ResourceId). */
export class DataApiFault extends AwsFault {
  constructor(
    code: string,
    message: string,
    status = 400,
    readonly members: Record<string, string> = {},
  ) {
    super(code, message, status, status >= 500 ? 'Receiver' : 'Sender');
  }
}

export function sendResult(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': newRequestId() });
  res.end(text);
}

/** `{"__type": "ValidationException", "message": …}` with the status, as awsJson1_1 clients parse errors. */
export function sendFault(res: ServerResponse, fault: AwsFault): void {
  const members = fault instanceof DataApiFault ? fault.members : {};
  const text = JSON.stringify({ __type: fault.code, message: fault.message, Message: fault.message, ...members });
  res.writeHead(fault.status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': newRequestId(),
    'x-amzn-ErrorType': fault.code,
  });
  res.end(text);
}

export function validation(message: string): DataApiFault {
  return new DataApiFault('ValidationException', message);
}

/** Epoch seconds with milliseconds: the JSON protocols' timestamp form, which the SDK parses to Date. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** The request's JSON object; anything else is a SerializationException. */
export function parseBody(body: string): Input {
  if (body.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Input;
  } catch {
    // Falls through to the fault below.
  }
  throw new DataApiFault('SerializationException', 'The request body is not a JSON object.');
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
