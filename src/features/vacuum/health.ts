import type { ChatopsConfig } from '../../config/chatops';
import type { Store } from '../../store/store';
import type { SqlRunner } from '../../redshift/sql-runner';
import { cannotSeeText, probeSystemAccess, seesAllRows, type SystemAccess } from '../../redshift/visibility';
import { failureText } from '../shared/failure';
import { rankCandidates, tableKey, type TableHealth } from './advisor';
import type { TargetCandidates } from './blocks';
import { snoozedTables } from './snooze';
import { candidatesStatement, healthFromRow, numberCell, tableHealthStatement, tableIdentityStatement } from './vacuum-sql';

interface HealthPorts {
  config: ChatopsConfig;
  store: Store;
  sql: SqlRunner;
}

/**
 * SVV_TABLE_INFO is visible only to superusers
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_TABLE_INFO.html): to anyone else it is
 * empty, which must never read as "every table is healthy".
 */
export function seesTableHealth(access: SystemAccess): boolean {
  return seesAllRows(access, 'superuser');
}

export function hiddenHealthText(access: SystemAccess): string {
  return `I cannot see table health: ${cannotSeeText(access, 'svv_table_info', 'superuser')}. Which tables need VACUUM or ANALYZE is unknown, not "none"; give the bot a superuser database identity on this target.`;
}

/**
 * One target's candidates: one Data API statement that filters, ranks and limits in SQL, then the
 * advisor's final word. The limit leaves room for snoozed tables and for tables the advisor holds
 * back (vacuumed lately, too large), so those never crowd out a real candidate.
 */
export async function targetCandidates(ports: HealthPorts, target: string, now: number): Promise<TargetCandidates> {
  const thresholds = ports.config.vacuum;
  try {
    const access = await probeSystemAccess(ports.sql, ports.config.targets[target]);
    if (!seesTableHealth(access)) return { target, sizes: new Map(), advice: [], hidden: hiddenHealthText(access) };
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

/** One table's health, or undefined when SVV_TABLE_INFO does not list it (no such table, an empty one, or an identity that sees nothing). */
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

/** What the bot can learn of one table: its health when visible, else only that it exists (the PostgreSQL catalog). */
export type TableLookup =
  | { access: SystemAccess; visible: true; health: TableHealth | undefined }
  | { access: SystemAccess; visible: false; found?: { schema: string; table: string; tableId: number } };

export async function lookUpTable(
  ports: Pick<HealthPorts, 'config' | 'sql'>,
  target: string,
  schema: string,
  table: string,
): Promise<TableLookup> {
  const access = await probeSystemAccess(ports.sql, ports.config.targets[target]);
  if (seesTableHealth(access)) return { access, visible: true, health: await tableHealth(ports, target, schema, table) };
  const row = (await ports.sql.execute(ports.config.targets[target], tableIdentityStatement(schema, table))).rows[0];
  return {
    access,
    visible: false,
    ...(row
      ? {
          found: {
            schema: String(row.schema_name ?? '').trim(),
            table: String(row.table_name ?? '').trim(),
            tableId: numberCell(row.table_id),
          },
        }
      : {}),
  };
}
