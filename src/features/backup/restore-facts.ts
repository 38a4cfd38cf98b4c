import type { Target } from '../../config/targets';
import type { SqlRunner } from '../../redshift/sql-runner';
import { probeSystemAccess, seesAllRows } from '../../redshift/visibility';
import type { RestoreDetails } from './restore-details';
import {
  dependentViewsStatement,
  grantsFromRows,
  grantsStatement,
  grantsText,
  viewsAdvice,
  viewsFromRows,
  type DependentView,
  type TableGrant,
} from './restore-grants';

/** What the swap must carry over by hand, read from the live table before anyone approves. */
export interface SwapFacts {
  grants: TableGrant[];
  /** Grants listed that the bot cannot give again (not a documented table privilege). */
  unknown: string[];
  views: DependentView[];
  /**
   * SVV_RELATION_PRIVILEGES shows superusers and SYSLOG ACCESS UNRESTRICTED users every grant, anyone
   * else only the identities it has access to or owns
   * (https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_RELATION_PRIVILEGES.html).
   */
  grantsPartial: boolean;
}

export async function readSwapFacts(sql: Pick<SqlRunner, 'execute'>, target: Target, details: RestoreDetails): Promise<SwapFacts> {
  const where = { ...target, database: details.targetDatabase };
  const access = await probeSystemAccess(sql, where);
  const [grantRows, viewRows] = await Promise.all([
    sql.execute(where, grantsStatement(details.sourceSchema, details.sourceTable)),
    sql.execute(where, dependentViewsStatement(details.sourceSchema, details.sourceTable)),
  ]);
  const { grants, unknown } = grantsFromRows(grantRows.rows);
  return { grants, unknown, views: viewsFromRows(viewRows.rows), grantsPartial: !seesAllRows(access, 'own-rows') };
}

/** The lines approvers read about grants and views. */
export function swapFactLines(
  facts: Pick<SwapFacts, 'grants' | 'unknown' | 'views' | 'grantsPartial'>,
  schema: string,
  table: string,
  aside: string,
): string[] {
  const lines = [
    facts.grants.length > 0
      ? `*Privileges:* the restored table has none of \`${schema}.${table}\`'s grants; these are granted again in the same transaction: ${grantsText(facts.grants).join('; ')}.`
      : `*Privileges:* \`${schema}.${table}\` has no explicit grants to give again.`,
  ];
  if (facts.unknown.length > 0) lines.push(`:warning: Not granted again (not a table privilege I know): ${facts.unknown.join('; ')}.`);
  if (facts.grantsPartial) {
    lines.push(
      ":warning: The bot's database identity is not a superuser and lacks SYSLOG ACCESS UNRESTRICTED, so SVV_RELATION_PRIVILEGES shows it only some grants: others on the table would be lost. Check the table's grants as a superuser before approving.",
    );
  }
  lines.push(`*Views:* ${viewsAdvice(facts.views, schema, table, aside)}`);
  return lines;
}
