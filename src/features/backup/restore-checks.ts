import type { Target } from '../../config/targets';
import { statement } from '../../redshift/sql';
import type { SqlRunner } from '../../redshift/sql-runner';
import type { Warehouse } from '../../redshift/warehouse';
import { failureText } from '../shared/failure';
import { RECOVERY_POINT_WINDOW_MS, type FormCheck, type RestoreAsk } from './restore-form';

/**
 * The checks of a restore form that need AWS, made before anything is asked or run: the source
 * belongs to the target and is available, the source table exists, the new table does not. They run
 * while Slack waits for the submission's answer (errors can only be shown on fields there), so they
 * have a budget below Slack's 3 seconds.
 */
export const CHECK_BUDGET_MS = 2_200;

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
  const work = liveErrors(ask, place);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), CHECK_BUDGET_MS);
  });
  try {
    const errors = await Promise.race([work, late]);
    if (errors === 'late') return { ok: false, errors: { source: 'AWS did not answer in time to check this; submit again.' } };
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, ask };
  } finally {
    clearTimeout(timer);
    // A check that lost the race has been answered for ("submit again"); its late failure is only logged.
    work.catch((error: unknown) => place.log(`the restore form's live check failed after its answer: ${error instanceof Error ? error.message : String(error)}`));
  }
}

async function liveErrors(
  ask: RestoreAsk,
  { target, warehouse, sql, now }: { target: Target; warehouse: Warehouse; sql: SqlRunner; now: number },
): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  const owner = target.kind === 'provisioned' ? `cluster ${target.cluster}` : `namespace ${target.namespace}`;
  const [source, facts] = await Promise.all([
    warehouse.getSnapshot(ask.source.id).catch((error: unknown) => new Error(failureText(error))),
    sql
      .execute({ ...target, database: ask.sourceDatabase }, tableFacts(ask))
      .then((result) => new Set(result.rows.map((row) => String(row.fact))))
      .catch((error: unknown) => new Error(failureText(error))),
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
