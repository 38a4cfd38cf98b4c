import type { ColumnMetadata, Field } from '@aws-sdk/client-redshift-data';

/** Typed rows out of GetStatementResult's records. */

export type CellValue = string | number | boolean | null;
export type Row = Record<string, CellValue>;

export interface Column {
  /** The key the column has in each row (made unique when a result repeats a name). */
  name: string;
  typeName?: string;
  nullable?: boolean;
}

/** One field as a plain value: long values become numbers (JSON already made them so), blobs base64. */
export function decodeField(field: Field): CellValue {
  if (field.isNull === true) return null;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.blobValue !== undefined) return Buffer.from(field.blobValue).toString('base64');
  return null;
}

/**
 * Column keys from the metadata. `SELECT 1, 1` names both columns `?column?`; the second becomes
 * `?column?_2` so no value is silently overwritten.
 */
export function columnsFrom(metadata: readonly ColumnMetadata[]): Column[] {
  const seen = new Map<string, number>();
  return metadata.map((column, index) => {
    const base = column.name ?? column.label ?? `column_${index + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const name = count === 1 ? base : `${base}_${count}`;
    const typed: Column = { name };
    if (column.typeName !== undefined) typed.typeName = column.typeName;
    // ColumnMetadata.nullable follows JDBC: 0 no nulls, 1 nullable, 2 unknown.
    if (column.nullable === 0 || column.nullable === 1) typed.nullable = column.nullable === 1;
    return typed;
  });
}

export function decodeRecords(records: readonly (readonly Field[])[], columns: readonly Column[]): Row[] {
  return records.map((record) => {
    const row: Row = {};
    record.forEach((field, index) => {
      row[columns[index]?.name ?? `column_${index + 1}`] = decodeField(field);
    });
    return row;
  });
}
