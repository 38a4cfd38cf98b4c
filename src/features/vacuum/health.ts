import type { ChatopsConfig } from '../../config/chatops';
import type { Store } from '../../store/store';
import type { SqlRunner } from '../../redshift/sql-runner';
import { failureText } from '../shared/failure';
import { rankCandidates, tableKey, type TableHealth } from './advisor';
import type { TargetCandidates } from './blocks';
import { snoozedTables } from './snooze';
import { candidatesStatement, healthFromRow, tableHealthStatement } from './vacuum-sql';

interface HealthPorts {
  config: ChatopsConfig;
  store: Store;
  sql: SqlRunner;
}

/**
 * One target's candidates: one Data API statement that filters, ranks and limits in SQL, then the
 * advisor's final word. The limit leaves room for snoozed tables and for tables the advisor holds
 * back (vacuumed lately, too large), so those never crowd out a real candidate.
 */
export async function targetCandidates(ports: HealthPorts, target: string, now: number): Promise<TargetCandidates> {
  const thresholds = ports.config.vacuum;
  try {
    const snoozed = await snoozedTables(ports.store, target);
    const limit = (thresholds.maxCandidates + snoozed.size) * 2;
    const result = await ports.sql.execute(ports.config.targets[target], candidatesStatement(thresholds, limit));
    const tables = result.rows.map(healthFromRow);
    return {
      target,
      sizes: new Map(tables.map((table) => [tableKey(table.schema, table.table), table.sizeMb])),
      advice: rankCandidates(tables, thresholds, now, snoozed),
    };
  } catch (error) {
    return { target, sizes: new Map(), advice: [], error: failureText(error) };
  }
}

/** One table's health, or undefined when SVV_TABLE_INFO does not list it (no such table, or an empty one). */
export async function tableHealth(
  ports: Pick<HealthPorts, 'config' | 'sql'>,
  target: string,
  schema: string,
  table: string,
): Promise<TableHealth | undefined> {
  const result = await ports.sql.execute(ports.config.targets[target], tableHealthStatement(schema, table));
  const row = result.rows[0];
  return row ? healthFromRow(row) : undefined;
}
