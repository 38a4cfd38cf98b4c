import { isJsonObject, type JsonObject, type JsonValue } from './json';

/**
 * Turns a Web API request body into one object, whatever encoding the client chose. WebClient posts
 * form-encoded and JSON-encodes nested arguments (blocks, view, ...) into strings; Slack also accepts
 * JSON bodies, where those same arguments may arrive as objects or, again, as strings.
 */

/** Arguments Slack documents as JSON; anything else stays the string it was sent as. */
const JSON_ARGUMENTS: Readonly<Record<string, string>> = {
  blocks: 'invalid_blocks_format',
  attachments: 'invalid_attachments',
  view: 'invalid_arguments',
  metadata: 'invalid_metadata_format',
};

export type DecodedBody = { ok: true; body: JsonObject } | { ok: false; error: string };

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function parseJsonArguments(body: JsonObject): DecodedBody {
  for (const [key, error] of Object.entries(JSON_ARGUMENTS)) {
    const value = body[key];
    if (typeof value !== 'string') continue;
    try {
      // JSON.parse only ever yields JSON values.
      body[key] = JSON.parse(value) as JsonValue;
    } catch {
      return { ok: false, error };
    }
  }
  return { ok: true, body };
}

export function decodeApiBody(raw: string, contentType: string | undefined, query: URLSearchParams): DecodedBody {
  const body: JsonObject = {};
  // Slack also reads arguments from the query string; the body wins when both are present.
  for (const [key, value] of query) body[key] = value;
  const type = mediaType(contentType);
  if (raw.length === 0) return parseJsonArguments(body);
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
    if (!isJsonObject(parsed)) return { ok: false, error: 'invalid_json' };
    return parseJsonArguments({ ...body, ...parsed });
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    for (const [key, value] of new URLSearchParams(raw)) body[key] = value;
    return parseJsonArguments(body);
  }
  return { ok: false, error: 'invalid_form_data' };
}

/** response_url accepts JSON (what Bolt's respond() sends) and, like Slack, a form with `payload=`. */
export function decodeResponseUrlBody(raw: string, contentType: string | undefined): DecodedBody {
  const type = mediaType(contentType);
  let text = raw;
  if (type === 'application/x-www-form-urlencoded') text = new URLSearchParams(raw).get('payload') ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: 'invalid_payload' };
  }
  if (!isJsonObject(parsed)) return { ok: false, error: 'invalid_payload' };
  return parseJsonArguments(parsed);
}
