import {
  MAX_IDENTIFIER_BYTES,
  normalizeIdentifier,
  qualifiedName,
  quoteIdentifier,
  statement,
  type SqlStatement,
} from '../../redshift/sql';
import type { RestoreDetails } from './restore-details';
import { regrantStatements, type TableGrant } from './restore-grants';

/**
 * The SQL around a restore, pure: counting the new table's rows, and the swap (the current table
 * renamed aside, the restored one into its name) with its undo. Identifiers only through
 * redshift/sql's validator and quoter.
 */

type Names = Pick<RestoreDetails, 'sourceSchema' | 'sourceTable' | 'targetSchema' | 'newTable'>;

export function countRows(details: Pick<RestoreDetails, 'targetSchema' | 'newTable'>): SqlStatement {
  return statement(`SELECT count(*) AS n FROM ${qualifiedName(details.targetSchema, details.newTable)}`);
}

/** `orders_before_restore_20261125_101500`: where the current table goes, cut to a valid identifier. */
export function asideName(table: string, at: Date): string {
  const suffix = `_before_restore_${at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '_')}`;
  let base = table;
  while (Buffer.byteLength(base + suffix, 'utf8') > MAX_IDENTIFIER_BYTES) base = base.slice(0, -1);
  return normalizeIdentifier(base + suffix, 'table');
}

/** Swapping needs both tables in one schema: Redshift's ALTER TABLE renames within a schema and cannot move a table. */
export function canSwap(details: Names): boolean {
  return details.targetSchema === details.sourceSchema;
}

const rename = (schema: string, from: string, to: string) =>
  statement(`ALTER TABLE ${qualifiedName(schema, from)} RENAME TO ${quoteIdentifier(to, 'table')}`);

/**
 * Run in one transaction (BatchExecuteStatement): both renames and the grants again on the
 * swapped-in table (a restored table has none of the source's), or nothing.
 */
export function swapStatements(details: Names, aside: string, grants: readonly TableGrant[] = []): SqlStatement[] {
  return [
    rename(details.sourceSchema, details.sourceTable, aside),
    rename(details.sourceSchema, details.newTable, details.sourceTable),
    ...regrantStatements(details.sourceSchema, details.sourceTable, grants),
  ];
}

/** The reverse of the swap, for the user to run (or ask for) if the restored rows are wrong. */
export function undoStatements(details: Names, aside: string): SqlStatement[] {
  return [rename(details.sourceSchema, details.sourceTable, details.newTable), rename(details.sourceSchema, aside, details.sourceTable)];
}
