import type { Row } from '../../redshift/data-api';
import { qualifiedName } from '../../redshift/sql';
import { cannotSeeText, seesAllRows, type SystemAccess } from '../../redshift/visibility';
import { count } from './blocks';
import { numberCell, VACUUM_COMPLETE } from './vacuum-sql';

/**
 * What a finished VACUUM or ANALYZE statement really did, from the history views, in words. Redshift
 * skips without an error the tables the user may not maintain, and ANALYZE also skips tables where
 * fewer rows changed than analyze_threshold_percent; only history rows tell these apart, and only
 * when the bot's identity can see them. Rows it cannot see are never read as "nothing happened".
 */
export type StepVerdict =
  /** It did what was asked (or Redshift decided, as documented, there was nothing to do). */
  | { kind: 'done'; text: string }
  /** It did not: the run fails with this text. */
  | { kind: 'failed'; text: string }
  /** The statement ended, but the bot cannot see whether it did anything. */
  | { kind: 'unverified'; text: string };

export interface StepFacts {
  schema: string;
  table: string;
  /** `database user alice`, `the bot's IAM identity`, …: who ran it. */
  actingUser: string;
  access: SystemAccess;
  /** ` in 12 s`, or empty. */
  seconds: string;
}

const trimmed = (value: unknown): string => String(value ?? '').trim();

/**
 * SYS_VACUUM_HISTORY: superusers see all rows, others their own
 * (https://docs.aws.amazon.com/redshift/latest/dg/SYS_VACUUM_HISTORY.html). A new VACUUM on record
 * is proof either way; no new one is proof of a skip only to an identity that sees every row.
 */
export function vacuumVerdict(facts: StepFacts & { mode: string; before: number; after: number; last: Row | undefined }): StepVerdict {
  const name = `\`${facts.schema}.${facts.table}\``;
  if (facts.after > facts.before && facts.last) {
    const status = trimmed(facts.last.status);
    const label = `VACUUM ${facts.mode}`;
    switch (status.toLowerCase()) {
      case VACUUM_COMPLETE:
        return {
          kind: 'done',
          text: `${label} finished${facts.seconds}: ${count(numberCell(facts.last.reclaimed_rows))} rows and ${count(numberCell(facts.last.reclaimed_blocks))} MB reclaimed.`,
        };
      case 'skipped':
        return { kind: 'done', text: `${label} finished${facts.seconds}; Redshift recorded it as Skipped, so nothing was reclaimed.` };
      case 'failed':
        return { kind: 'failed', text: `${label} of ${name} is recorded as Failed in SYS_VACUUM_HISTORY.` };
      default:
        return {
          kind: 'unverified',
          text: `${label} finished${facts.seconds}, but its last recorded activity is "${status}", not Complete; look at SYS_VACUUM_HISTORY for ${name}.`,
        };
    }
  }
  if (seesAllRows(facts.access, 'own-rows')) {
    return {
      kind: 'failed',
      text: `VACUUM finished without vacuuming anything: ${facts.actingUser} must own ${name} or be a superuser. Redshift skips such tables without an error.`,
    };
  }
  return {
    kind: 'unverified',
    text: `VACUUM finished, but I cannot verify that it vacuumed ${name}: ${cannotSeeText(facts.access, 'sys_vacuum_history', 'own-rows')}. Redshift skips without an error a table ${facts.actingUser} does not own (unless it is a superuser).`,
  };
}

function percent(n: number): string {
  return `${Math.round(n * 100) / 100} %`;
}

/** The documented way to analyze a table anyway (https://docs.aws.amazon.com/redshift/latest/dg/r_analyze_threshold_percent.html). */
export function forceAnalyzeHint(schema: string, table: string): string {
  return `\`SET analyze_threshold_percent TO 0; ANALYZE ${qualifiedName(schema, table)};\` in one session`;
}

/**
 * SYS_ANALYZE_HISTORY is visible only to superusers
 * (https://docs.aws.amazon.com/redshift/latest/dg/SYS_ANALYZE_HISTORY.html): anyone else cannot
 * tell an ANALYZE that ran from one Redshift skipped.
 */
export function analyzeVerdict(
  facts: StepFacts & { before: number; after: number; last: Row | undefined; statsOff?: number },
): StepVerdict {
  const name = `\`${facts.schema}.${facts.table}\``;
  if (!seesAllRows(facts.access, 'superuser')) {
    return {
      kind: 'unverified',
      text: `ANALYZE finished, but I cannot tell whether it analyzed ${name}: ${cannotSeeText(facts.access, 'sys_analyze_history', 'superuser')}. Redshift skips without an error a table ${facts.actingUser} may not analyze (it must own it, hold the ANALYZE permission or be a superuser), and a table where fewer rows changed since the last ANALYZE than analyze_threshold_percent (10 % by default).`,
    };
  }
  if (facts.after <= facts.before || !facts.last) {
    return {
      kind: 'unverified',
      text: `ANALYZE finished${facts.seconds}, but SYS_ANALYZE_HISTORY has no record of it for ${name}, so I cannot tell what it did.`,
    };
  }
  const status = trimmed(facts.last.status);
  if (status.toLowerCase() === 'skipped') {
    const rows = numberCell(facts.last.rows);
    const modified = numberCell(facts.last.modified_rows);
    const threshold = numberCell(facts.last.analyze_threshold_percent);
    const share = rows > 0 ? ` (${percent((modified / rows) * 100)})` : '';
    return {
      kind: 'done',
      text: `ANALYZE skipped ${name}: ${count(modified)} of ${count(rows)} rows changed since its last ANALYZE${share}, under analyze_threshold_percent (${percent(threshold)}). This is not a missing privilege; to analyze it anyway, run ${forceAnalyzeHint(facts.schema, facts.table)}.`,
    };
  }
  const stats = facts.statsOff === undefined ? '' : `; statistics ${percent(facts.statsOff)} off`;
  return { kind: 'done', text: `ANALYZE finished${facts.seconds} (${status || 'recorded'})${stats}.` };
}
