import { validation } from './wire';

/** Paging tokens: opaque to the caller, bound to the statement they page. */
export function writeToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ scope, offset })).toString('base64');
}

export function readToken(token: string | undefined, scope: string): number {
  if (token === undefined || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { scope?: unknown; offset?: unknown };
    if (parsed.scope === scope && typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) {
      return parsed.offset;
    }
  } catch {
    // Falls through to the fault below.
  }
  throw validation('The NextToken is not valid for this request.');
}
