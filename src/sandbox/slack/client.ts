import { systemClock, type Clock } from '../../clock';
import type { SlackPayload } from './payloads';
import { signSlackRequest } from './signing';

export { toApiGatewayV2Event, type ApiGatewayV2Event, type ApiGatewayEventOptions } from './api-gateway';

export interface SlackRequesterOptions {
  /** The bot's endpoint, e.g. http://127.0.0.1:3000/slack/events */
  url: string;
  signingSecret: string;
  /** Where request timestamps come from; defaults to the system clock. */
  clock?: Clock;
}

export interface SendOptions {
  /** Extra headers, e.g. X-Slack-Retry-Num / X-Slack-Retry-Reason to replay a Slack retry. */
  headers?: Readonly<Record<string, string>>;
  /** Overrides the clock, e.g. to send a stale request. */
  timestampSeconds?: number;
  /** Sign with this secret instead, to send a request that must be rejected. */
  signingSecret?: string;
}

export interface SlackHttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON when it is JSON. */
  json?: unknown;
}

/** Plays Slack's part towards the bot: POSTs signed payloads to its endpoint. */
export class SlackRequester {
  private readonly clock: Clock;

  constructor(private readonly options: SlackRequesterOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** The headers Slack would send with this payload now. */
  headersFor(payload: SlackPayload, send: SendOptions = {}): Record<string, string> {
    const timestamp = send.timestampSeconds ?? Math.floor(this.clock.now() / 1000);
    const secret = send.signingSecret ?? this.options.signingSecret;
    return {
      'Content-Type': payload.contentType,
      ...signSlackRequest(secret, payload.body, timestamp),
      ...send.headers,
    };
  }

  async send(payload: SlackPayload, send: SendOptions = {}): Promise<SlackHttpResponse> {
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: { 'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...this.headersFor(payload, send) },
      body: payload.body,
    });
    const text = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers, text, ...(json !== undefined ? { json } : {}) };
  }
}
