import type { Target } from '../../config/targets';
import { statement } from '../../redshift/sql';
import type { SqlRunner } from '../../redshift/sql-runner';
import type { Warehouse } from '../../redshift/warehouse';
import { failureText } from '../shared/failure';
import { RECOVERY_POINT_WINDOW_MS, type FormCheck, type RestoreAsk, type RestoreField } from './restore-form';

/**
 * The checks of a restore form that need AWS, made before anything is asked or run: the source
 * belongs to the target and is available, the source table exists, the new table does not. They run
 * in a job after the submission was acked (restore-check-job.ts), so they take as long as AWS takes:
 * a Serverless workgroup waking up may hold the Data API statement for tens of seconds, and only the
 * statement's own timeout bounds the wait.
 */

/** What the source table check asks, in one statement. */
export function tableFacts(ask: RestoreAsk) {
  // The live database as a proxy for "the table existed": information_schema.tables lists what exists
  // now. A table dropped since the snapshot is then refused; restore it under its schema via AWS directly.
  return statement(
    `SELECT 'source' AS fact FROM information_schema.tables WHERE table_schema = :source_schema AND table_name = :source_table
     UNION ALL SELECT 'new' AS fact FROM information_schema.tables WHERE table_schema = :target_schema AND table_name = :new_table
     UNION ALL SELECT 'schema' AS fact FROM pg_namespace WHERE nspname = :target_schema`,
    { source_schema: ask.sourceSchema, source_table: ask.sourceTable, target_schema: ask.targetSchema, new_table: ask.newTable },
  );
}

export async function checkLive(
  ask: RestoreAsk,
  place: { target: Target; warehouse: Warehouse; sql: SqlRunner; now: number; log: (message: string) => void },
): Promise<FormCheck> {
  const errors = await liveErrors(ask, place);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, ask };
}

async function liveErrors(
  ask: RestoreAsk,
  { target, warehouse, sql, now, log }: { target: Target; warehouse: Warehouse; sql: SqlRunner; now: number; log: (message: string) => void },
): Promise<Partial<Record<RestoreField, string>>> {
  const errors: Partial<Record<RestoreField, string>> = {};
  // A failed lookup is shown to the person as a problem with the form, and logged in full.
  const failed = (what: string) => (error: unknown) => {
    log(`the restore form's live check (${what}) failed: ${error instanceof Error ? error.message : String(error)}`);
    return new Error(failureText(error));
  };
  const owner = target.kind === 'provisioned' ? `cluster ${target.cluster}` : `namespace ${target.namespace}`;
  const [source, facts] = await Promise.all([
    warehouse.getSnapshot(ask.source.id).catch(failed('source lookup')),
    sql
      .execute({ ...target, database: ask.sourceDatabase }, tableFacts(ask))
      .then((result) => new Set(result.rows.map((row) => String(row.fact))))
      .catch(failed('table lookup')),
  ]);
  if (source instanceof Error) errors.source = `Could not look the source up: ${source.message}`.slice(0, 1900);
  else if (!source || (source.kind === 'recovery-point') !== (ask.source.kind === 'recovery-point')) {
    errors.source = `${ask.source.id} is not a snapshot or recovery point of ${owner}; a table can be restored only into the warehouse it was taken of.`;
  } else if (source.status !== 'available') {
    errors.source = `${source.id} is ${source.status}; a table can be restored only from an available snapshot.`;
  } else if (source.kind === 'recovery-point' && (!source.createdAt || now - source.createdAt.getTime() > RECOVERY_POINT_WINDOW_MS)) {
    errors.source = 'That recovery point is older than 24 hours and is gone; choose a newer one or a snapshot.';
  }
  if (facts instanceof Error) {
    errors.database = `Could not check the tables in ${ask.sourceDatabase}: ${facts.message}`.slice(0, 1900);
    return errors;
  }
  if (!facts.has('source')) errors.table = `${ask.sourceSchema}.${ask.sourceTable} does not exist in ${ask.sourceDatabase}; check the schema and table names.`;
  if (!facts.has('schema')) errors.target_schema = `Schema ${ask.targetSchema} does not exist in ${ask.sourceDatabase}.`;
  else if (facts.has('new')) errors.new_table = `${ask.targetSchema}.${ask.newTable} already exists; AWS never overwrites a table, so choose another name.`;
  return errors;
}
