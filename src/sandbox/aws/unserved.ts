import type { IncomingMessage, ServerResponse } from 'node:http';
import { newRequestId } from './core';
import { errorDocument } from './redshift/xml';

/**
 * The answer to a request no emulated service claims, in the error format of the protocol the
 * request speaks, so an SDK or the AWS CLI reports a named error instead of an unreadable body:
 * - awsJson 1.0/1.1 (an X-Amz-Target header): HTTP 400, `__type` UnknownOperationException, the
 *   type AWS's JSON front end gives an unknown target;
 * - awsQuery (a form-encoded POST): HTTP 400 `<ErrorResponse>`, Code InvalidAction, or MissingAction
 *   without an Action (Common Errors, https://docs.aws.amazon.com/redshift/latest/APIReference/CommonErrors.html);
 * - REST (anything else, e.g. Lambda's paths): HTTP 404 with `x-amzn-ErrorType: UnknownOperationException`,
 *   which REST-JSON clients read. REST-XML clients (S3) only see the status.
 */
export function answerUnserved(req: IncomingMessage, res: ServerResponse, body: string): void {
  const requestId = newRequestId();
  const target = req.headers['x-amz-target'];
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (typeof target === 'string') {
    const json = contentType.startsWith('application/x-amz-json-1.0') ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
    const payload = { __type: 'com.amazon.coral.service#UnknownOperationException', message: `The emulator does not serve ${target}.` };
    return send(res, 400, json, requestId, JSON.stringify(payload), 'UnknownOperationException');
  }
  if (req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(body);
    const action = params.get('Action');
    const version = params.get('Version') ?? '(none)';
    const xml = action
      ? errorDocument('Sender', 'InvalidAction', `Could not find operation ${action} for version ${version}.`, requestId)
      : errorDocument('Sender', 'MissingAction', 'The request must contain the parameter Action.', requestId);
    return send(res, 400, 'text/xml', requestId, xml);
  }
  const message = `The emulator does not serve ${req.method ?? 'GET'} ${req.url ?? '/'}.`;
  send(res, 404, 'application/json', requestId, JSON.stringify({ message }), 'UnknownOperationException');
}

function send(res: ServerResponse, status: number, contentType: string, requestId: string, body: string, errorType?: string): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  res.end(body);
}
