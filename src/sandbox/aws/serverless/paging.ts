import type { ServerlessFault } from './faults';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

const DEFAULT_PAGE = 100;

/**
 * Pages a stable-ordered list. The token is opaque to callers; it names the operation it came
 * from so a token from another list (or a hand-made one) is refused as AWS refuses it.
 */
export function paginate<T>(
  items: readonly T[],
  scope: string,
  maxResults: number | undefined,
  nextToken: string | undefined,
  invalidToken: (message: string) => ServerlessFault,
): Page<T> {
  const start = nextToken === undefined ? 0 : decode(nextToken, scope, invalidToken);
  const size = maxResults ?? DEFAULT_PAGE;
  const end = start + size;
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? encode(scope, end) : undefined,
  };
}

function encode(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset }), 'utf8').toString('base64url');
}

function decode(token: string, scope: string, invalidToken: (message: string) => ServerlessFault): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) {
      const { s, o } = parsed as { s?: unknown; o?: unknown };
      if (s === scope && typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
    }
  } catch {
    // falls through to the refusal below
  }
  throw invalidToken(`The nextToken '${token}' is not valid.`);
}
