import { AwsFault } from '../core';
import type { DatabaseImage, RestoredTable, TableRestoreSpec } from '../databases';
import { PgWorker } from './pg-worker';
import { settleRestoredTable, sourceOwner } from './restored-table';
import { quoteIdent } from './sql-text';
import { ADMIN_USER } from './system';
import type { Warehouse } from './warehouse';

/**
 * RestoreTableFromClusterSnapshot's copy: one table out of a snapshot's image into a NEW table of
 * the live warehouse (Redshift never overwrites), without the source's grants and owned as
 * restored-table.ts says. `changed` is called once the live warehouse is about to change.
 */
export async function restoreTableInto(
  warehouse: Warehouse,
  image: DatabaseImage,
  spec: TableRestoreSpec,
  changed: () => void,
): Promise<RestoredTable> {
  for (const database of [spec.sourceDatabase, spec.targetDatabase]) {
    if (!warehouse.databases.includes(database)) {
      throw new AwsFault('InvalidTableRestoreArgument', `Database ${database} does not exist.`);
    }
  }
  const target = `${quoteIdent(spec.targetSchema)}.${quoteIdent(spec.newTable)}`;
  await warehouse.queue.run(() => checkTarget(warehouse.db, spec));

  const source = await PgWorker.start(await image.data.arrayBuffer());
  let copy: { columns: string; data: ArrayBuffer; megabytes: number };
  let owner: string | undefined;
  try {
    copy = await readTable(source, spec);
    owner = await sourceOwner(source, spec);
  } finally {
    await source.close();
  }

  return warehouse.queue.run(async () => {
    changed();
    await checkTarget(warehouse.db, spec);
    const { db } = warehouse;
    await db.exec(`RESET ROLE; SET ROLE ${quoteIdent(ADMIN_USER)}`);
    try {
      await db.exec(`CREATE TABLE ${target} (${copy.columns})`);
      const loaded = await db.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: copy.data });
      await db.exec(`ANALYZE ${target}`);
      await db.exec('RESET ROLE');
      await settleRestoredTable(db, spec, owner);
      return { rows: loaded.affectedRows ?? 0, megabytes: copy.megabytes };
    } finally {
      await db.exec('RESET ROLE');
    }
  });
}

/** The target schema exists and the new table does not (checked before the copy is read and again before it is written). */
async function checkTarget(db: PgWorker, spec: TableRestoreSpec): Promise<void> {
  if (!(await schemaExists(db, spec.targetSchema))) {
    throw new AwsFault('InvalidTableRestoreArgument', `Schema ${spec.targetSchema} does not exist in database ${spec.targetDatabase}.`);
  }
  if (await relationExists(db, spec.targetSchema, spec.newTable)) {
    throw new AwsFault(
      'InvalidTableRestoreArgument',
      `Table ${spec.targetSchema}.${spec.newTable} already exists in database ${spec.targetDatabase}; a table restore never overwrites a table.`,
    );
  }
}

/** Whether a table or view of that name exists in the schema. */
export async function relationExists(db: PgWorker, schema: string, table: string): Promise<boolean> {
  const found = await db.query(
    `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, table],
  );
  return found.rows.length > 0;
}

async function schemaExists(db: PgWorker, schema: string): Promise<boolean> {
  const found = await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  return found.rows.length > 0;
}

/** The source table's column definitions, its rows (COPY, binary-safe) and its size, read from an image. */
async function readTable(source: PgWorker, spec: TableRestoreSpec): Promise<{ columns: string; data: ArrayBuffer; megabytes: number }> {
  const columns = await source.query<{ name: string; type: string; not_null: boolean }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attnum`,
    [spec.sourceSchema, spec.sourceTable],
  );
  if (columns.rows.length === 0) {
    throw new AwsFault(
      'InvalidTableRestoreArgument',
      `Table ${spec.sourceSchema}.${spec.sourceTable} does not exist in database ${spec.sourceDatabase} of the snapshot.`,
    );
  }
  const qualified = `${quoteIdent(spec.sourceSchema)}.${quoteIdent(spec.sourceTable)}`;
  const size = await source.query<{ bytes: number }>(`SELECT pg_total_relation_size('${qualified.replace(/'/g, "''")}')::float8 AS bytes`);
  const copied = await source.query(`COPY ${qualified} TO '/dev/blob'`);
  if (!copied.blob) throw new Error(`Reading ${qualified} from the image returned no data`);
  return {
    columns: columns.rows.map((c) => `${quoteIdent(c.name)} ${c.type}${c.not_null ? ' NOT NULL' : ''}`).join(', '),
    data: copied.blob,
    megabytes: Math.max(1, Math.ceil((size.rows[0]?.bytes ?? 0) / 1_048_576)),
  };
}
