import type { Target } from '../../config/targets';
import type { StatementProgress } from '../../redshift/data-api';
import { probeSystemAccess, seesAllRows, type SystemAccess } from '../../redshift/visibility';
import { seesTableHealth, tableHealth } from './health';
import type { TableFigures, VacuumRun } from './runs';
import { analyzeCountStatement, historyCountStatement, lastAnalyzeStatement, lastVacuumStatement, numberCell } from './vacuum-sql';
import { analyzeVerdict, vacuumVerdict, type StepVerdict } from './verify';
import type { WorkContext } from '../types';

/**
 * The reads around a VACUUM or ANALYZE statement: what the bot's identity can see, the figures and
 * history counts before, and after the statement the history rows that say what it did.
 */

/** Who the Data API acts as on this target, for the messages. */
export function actingUser(target: Target): string {
  if (target.kind === 'provisioned' && target.dbUser) return `database user \`${target.dbUser}\``;
  return target.secretArn ? 'the database user of the configured secret' : "the bot's IAM identity";
}

export interface Before {
  access: SystemAccess;
  /** Undefined when the identity cannot see SVV_TABLE_INFO. */
  before?: TableFigures;
  historyBefore: number;
  analyzeBefore?: number;
}

/** Figures and counts before the first statement; `gone` when the table is no longer listed to an identity that sees every table. */
export async function readBefore(context: WorkContext, run: VacuumRun, target: Target): Promise<Before | 'gone'> {
  const access = await probeSystemAccess(context.sql, target);
  let before: TableFigures | undefined;
  if (seesTableHealth(access)) {
    const health = await tableHealth(context, run.target, run.schema, run.table);
    if (!health) return 'gone';
    before = {
      unsorted: health.unsorted,
      statsOff: health.statsOff,
      tblRows: health.tblRows,
      visibleRows: health.visibleRows,
      sizeMb: health.sizeMb,
    };
  }
  const historyBefore = numberCell((await context.sql.execute(target, historyCountStatement(run.tableId))).rows[0]?.runs);
  const analyzeBefore =
    run.steps.includes('analyze') && seesAllRows(access, 'superuser')
      ? numberCell((await context.sql.execute(target, analyzeCountStatement(run.tableId))).rows[0]?.runs)
      : undefined;
  return { access, ...(before ? { before } : {}), historyBefore, ...(analyzeBefore !== undefined ? { analyzeBefore } : {}) };
}

/** What the step that just finished did, read from the history views the identity can see. */
export async function checkStep(context: WorkContext, run: VacuumRun, target: Target, progress: StatementProgress): Promise<StepVerdict> {
  const access = run.access ?? (await probeSystemAccess(context.sql, target));
  const facts = {
    schema: run.schema,
    table: run.table,
    actingUser: actingUser(target),
    access,
    seconds: progress.durationMs !== undefined ? ` in ${Math.max(1, Math.round(progress.durationMs / 1000))} s` : '',
  };
  if (run.steps[run.step] === 'vacuum') {
    const after = numberCell((await context.sql.execute(target, historyCountStatement(run.tableId))).rows[0]?.runs);
    const before = run.historyBefore ?? 0;
    const last = after > before ? (await context.sql.execute(target, lastVacuumStatement(run.tableId))).rows[0] : undefined;
    return vacuumVerdict({ ...facts, mode: run.mode, before, after, last });
  }
  if (!seesAllRows(access, 'superuser')) return analyzeVerdict({ ...facts, before: 0, after: 0, last: undefined });
  const after = numberCell((await context.sql.execute(target, analyzeCountStatement(run.tableId))).rows[0]?.runs);
  const before = run.analyzeBefore ?? 0;
  const last = after > before ? (await context.sql.execute(target, lastAnalyzeStatement(run.tableId))).rows[0] : undefined;
  const health = seesTableHealth(access) ? await tableHealth(context, run.target, run.schema, run.table) : undefined;
  return analyzeVerdict({ ...facts, before, after, last, ...(health ? { statsOff: health.statsOff } : {}) });
}
