/**
 * Opaque page cursors: base64url JSON, checked against a schema on the way back in so a mangled or
 * foreign cursor is a clear error rather than a wrong page.
 */
import type * as z from 'zod/mini';

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('That page cursor is not valid here; start again without a cursor.');
  }
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<S extends z.ZodMiniType>(cursor: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new InvalidCursorError();
  return parsed.data;
}
