import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsFault, FaultInjector, INTERNAL_CODE, newRequestId, type EmulatorContext, type ServiceName } from '../core';
import { errorDocument, successDocument } from '../redshift/xml';

/**
 * The Query protocol as STS and IAM speak it: a form-encoded POST with Action and Version, an XML
 * answer in the service's namespace. Redshift speaks it too, so a request is only claimed when its
 * Version is the service's and its SigV4 credential scope, when signed, names the service.
 */
export function claimsQuery(req: IncomingMessage, body: string, version: string, signingName: string): boolean {
  if (req.method !== 'POST') return false;
  if (
    !String(req.headers['content-type'] ?? '')
      .toLowerCase()
      .startsWith('application/x-www-form-urlencoded')
  )
    return false;
  const params = new URLSearchParams(body);
  if (!params.has('Action') || params.get('Version') !== version) return false;
  const scope = credentialScopeService(String(req.headers.authorization ?? ''));
  return scope === undefined || scope === signingName;
}

/** `Credential=AKID/20261203/us-east-1/sts/aws4_request` -> `sts`. */
export function credentialScopeService(authorization: string): string | undefined {
  const match = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization);
  return match?.[1];
}

export interface QueryApi {
  service: ServiceName;
  version: string;
  xmlns: string;
  /** Each Action the service serves: its Result element's content. */
  operations: Readonly<Record<string, (params: URLSearchParams) => string>>;
}

/** Answers one claimed request: an armed fault, the operation's result, or the error it raised. */
export function answerQuery(context: EmulatorContext, api: QueryApi, res: ServerResponse, body: string): void {
  const requestId = newRequestId();
  const params = new URLSearchParams(body);
  const action = params.get('Action') ?? '';
  try {
    const injected = context.faults.take(api.service, action, Object.fromEntries(params.entries()));
    const fault = injected && FaultInjector.toAwsFault(api.service, injected);
    if (fault) throw fault;
    const operation = api.operations[action];
    if (!operation) throw new AwsFault('InvalidAction', `Could not find operation ${action} for version ${api.version}.`);
    send(res, 200, successDocument(action, operation(params), requestId, api.xmlns), requestId);
  } catch (error) {
    const fault = error instanceof AwsFault ? error : new AwsFault(INTERNAL_CODE[api.service], String(error), 500, 'Receiver');
    send(res, fault.status, errorDocument(fault.type, fault.code, fault.message, requestId, api.xmlns), requestId);
  }
}

function send(res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(xml), 'x-amzn-RequestId': requestId });
  res.end(xml);
}

/** `Name.member.N` values in order (the Query protocol's list encoding). */
export function memberList(params: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (let index = 1; params.has(`${name}.member.${index}`); index += 1) values.push(params.get(`${name}.member.${index}`) ?? '');
  return values;
}
