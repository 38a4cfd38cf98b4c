/** JSON as it crosses the wire; the stand-in keeps what it receives in this shape, never as `any`. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field of a decoded body; numbers are accepted because form posts and JSON posts differ. */
export function stringField(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Form posts carry booleans as "true"/"1"; JSON posts carry real booleans. */
export function booleanField(body: JsonObject, key: string): boolean {
  const value = body[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** Deep copy, so callers of the stand-in never share mutable state with it. */
export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}
