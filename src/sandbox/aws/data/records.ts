import type { ColumnMetadata } from '@aws-sdk/client-redshift-data';
import type { QueryColumn } from './session';

/**
 * Result values in the Data API's typed fields: integers as longValue, floats as doubleValue,
 * booleans as booleanValue, NULL as isNull, everything else (numeric, dates, text) as stringValue,
 * which is how Redshift returns them.
 */
const LONG_TYPES = new Set([20, 21, 23, 26]);
const DOUBLE_TYPES = new Set([700, 701]);
const BOOL_TYPE = 16;
const SIGNED_TYPES = new Set([20, 21, 23, 700, 701, 1700]);

export type WireField =
  { isNull: true } | { longValue: number } | { doubleValue: number } | { booleanValue: boolean } | { stringValue: string };

export function toField(value: unknown, typeId: number): WireField {
  if (value === null || value === undefined) return { isNull: true };
  if (LONG_TYPES.has(typeId)) return { longValue: Number(value) };
  if (DOUBLE_TYPES.has(typeId)) return { doubleValue: Number(value) };
  if (typeId === BOOL_TYPE) return { booleanValue: value === true || value === 't' };
  return { stringValue: textOf(value) };
}

/** Postgres's text form for values PGlite parsed (arrays, JSON, bytes). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `{${value.map((v) => (v === null ? 'NULL' : textOf(v))).join(',')}}`;
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function toColumnMetadata(column: QueryColumn): ColumnMetadata {
  return {
    name: column.name,
    label: column.name,
    typeName: column.typeName,
    // Postgres does not say whether a result column can be null: 1 (nullable) is the safe answer.
    nullable: 1,
    isSigned: SIGNED_TYPES.has(column.typeId),
    isCaseSensitive: column.typeName === 'varchar' || column.typeName === 'bpchar' || column.typeName === 'name',
    isCurrency: false,
    length: 0,
    precision: 0,
    scale: 0,
    schemaName: '',
    tableName: '',
  };
}
