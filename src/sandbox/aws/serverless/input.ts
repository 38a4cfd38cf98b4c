import { constraint, serialization } from './faults';

/** A request body as parsed JSON: members are checked for type as they are read. */
export type Input = Readonly<Record<string, unknown>>;

export interface Tag {
  key: string;
  value: string;
}

function typeError(field: string, expected: string): never {
  throw serialization(`Unexpected value type for member '${field}': expected ${expected}`);
}

export function optionalString(input: Input, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') typeError(field, 'string');
  return value;
}

export function requiredString(input: Input, field: string): string {
  const value = optionalString(input, field);
  if (value === undefined) throw constraint(undefined, field, 'Member must not be null');
  return value;
}

export function optionalInteger(input: Input, field: string): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) typeError(field, 'integer');
  return value;
}

export function requiredInteger(input: Input, field: string): number {
  const value = optionalInteger(input, field);
  if (value === undefined) throw constraint(undefined, field, 'Member must not be null');
  return value;
}

export function optionalBoolean(input: Input, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') typeError(field, 'boolean');
  return value;
}

/**
 * A request timestamp in ms. awsJson1_1 sends epoch seconds (the SDK's default for these members);
 * an ISO string is accepted too, as the service's front end does.
 */
export function optionalTimestamp(input: Input, field: string): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1000);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  return typeError(field, 'timestamp');
}

export function optionalTags(input: Input, field = 'tags'): Tag[] {
  const value = input[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) typeError(field, 'list');
  return value.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) typeError(`${field}.${index + 1}`, 'structure');
    const tag = item as Input;
    return { key: requiredString(tag, 'key'), value: requiredString(tag, 'value') };
  });
}
