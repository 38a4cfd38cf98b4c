import type { SlackPayload } from './payloads';

/**
 * The API Gateway HTTP API (payload format 2.0) event Lambda receives for a Slack request; structurally
 * what Bolt's AwsLambdaReceiver reads (its AwsEventV2).
 */
export interface ApiGatewayV2Event {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: 'POST'; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
  body: string;
  isBase64Encoded: boolean;
}

export interface ApiGatewayEventOptions {
  /** Send the body base64-encoded, as API Gateway does for some content types. */
  base64?: boolean;
  sourceIp?: string;
  /** Milliseconds for requestContext.time; defaults to now. */
  at?: number;
}

let requestCounter = 0;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's CLF-style time, e.g. `25/Nov/2024:10:00:00 +0000`. */
function gatewayTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${clock} +0000`;
}

export function toApiGatewayV2Event(
  payload: SlackPayload,
  signedHeaders: Readonly<Record<string, string>>,
  path: string = '/slack/events',
  options: ApiGatewayEventOptions = {},
): ApiGatewayV2Event {
  const at = options.at ?? Date.now();
  const sourceIp = options.sourceIp ?? '203.0.113.10';
  const userAgent = 'Slackbot 1.0 (+https://api.slack.com/robots)';
  const domainName = 'chatops.execute-api.us-east-1.amazonaws.com';
  // API Gateway v2 lower-cases header names.
  const headers: Record<string, string> = {
    'content-type': payload.contentType,
    'content-length': String(Buffer.byteLength(payload.body)),
    host: domainName,
    'user-agent': userAgent,
  };
  for (const [name, value] of Object.entries(signedHeaders)) headers[name.toLowerCase()] = value;
  requestCounter += 1;
  return {
    version: '2.0',
    routeKey: `POST ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'chatops',
      domainName,
      domainPrefix: 'chatops',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp, userAgent },
      requestId: `req-${requestCounter}-${at}`,
      routeKey: `POST ${path}`,
      stage: '$default',
      time: gatewayTime(at),
      timeEpoch: at,
    },
    body: options.base64 === true ? Buffer.from(payload.body, 'utf8').toString('base64') : payload.body,
    isBase64Encoded: options.base64 === true,
  };
}
