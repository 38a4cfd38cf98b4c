import { statement } from '../../redshift/sql';
import { codeSpan, escapeMrkdwn, plural } from '../../slack-text';
import { failureRecord, failureText } from '../shared/failure';
import type { WorkContext } from '../types';
import { driftOf } from './check-job';
import type { ApplyDetails } from './job-types';
import type { Finding } from './types';

export interface ApplyOutcome {
  /** Statements that ran and succeeded. */
  ran: number;
  /** Approved findings the warehouse still shows after the run (the verification). */
  remaining: number;
  ok: boolean;
  /** What happened, in mrkdwn, for the request's thread or the person who asked. */
  text: string;
}

/**
 * Of the differences there now, the approved ones (by key); of those, the ones whose fix is no longer
 * exactly what approvers saw; and the statements to run, each once, in the findings' order. Pure.
 */
export function whatToRun(
  findings: readonly Finding[],
  details: Pick<ApplyDetails, 'keys' | 'statements'>,
): { present: Finding[]; changed: Finding[]; toRun: string[] } {
  const approvedKeys = new Set(details.keys);
  const approvedSql = new Set(details.statements);
  const present = findings.filter((f) => approvedKeys.has(f.key));
  const changed = present.filter((f) => f.fix.some((s) => !approvedSql.has(s.sql)));
  const toRun = [...new Set(present.filter((f) => !changed.includes(f)).flatMap((f) => f.fix.map((s) => s.sql)))];
  return { present, changed, toRun };
}

/**
 * Runs an approved apply, safe to repeat: the drift is read again first, and only the approved
 * findings still present are fixed, with only statements approvers saw (a finding whose fix changed
 * since is left and named). One statement at a time, each audited, stopping at the first failure (a
 * later statement may need an earlier one, CREATE ROLE before its GRANT). Then the same views are
 * read once more: what is still there is reported, never assumed fixed.
 */
export async function applyFixes(
  context: WorkContext,
  details: ApplyDetails,
  who: { actor: string; requestId?: string },
): Promise<ApplyOutcome> {
  const target = context.config.targets[details.target];
  if (!target)
    return {
      ran: 0,
      remaining: details.keys.length,
      ok: false,
      text: `:x: *${details.target}* is no longer a target in chatops.yml. Nothing was applied.`,
    };
  const approvedKeys = new Set(details.keys);
  const before = await driftOf(context, details.target);
  if (!before.complete) {
    return {
      ran: 0,
      remaining: details.keys.length,
      ok: false,
      text: `:x: The bot can no longer see all of *${details.target}*'s permissions: ${escapeMrkdwn(before.why)} Nothing was applied.`,
    };
  }
  const { present, changed, toRun } = whatToRun(before.findings, details);
  let ran = 0;
  let failure: { sql: string; error: unknown } | undefined;
  for (const sql of toRun) {
    const input = { sql, ...(who.requestId ? { requestId: who.requestId } : {}) };
    try {
      const result = await context.sql.execute(target, statement(sql));
      await context.store.appendAudit({
        actor: who.actor,
        action: 'permissions.sql',
        target: details.target,
        input,
        result: { statementId: result.id },
      });
      ran += 1;
    } catch (error) {
      await context.store.appendAudit({
        actor: who.actor,
        action: 'permissions.sql',
        target: details.target,
        input,
        result: failureRecord(error),
      });
      failure = { sql, error };
      break;
    }
  }
  const after = await driftOf(context, details.target);
  const remaining = after.findings.filter((f) => approvedKeys.has(f.key));
  const ok = !failure && remaining.length === 0 && after.complete;
  const lines = [
    ok
      ? `:white_check_mark: Applied on *${details.target}*: ${plural(ran, 'statement')} ran, and the privilege views now match the baseline for what was approved.`
      : `:warning: Applied on *${details.target}* in part: ${plural(ran, 'statement')} ran.`,
  ];
  const alreadyFixed = details.keys.length - present.length;
  if (alreadyFixed > 0) lines.push(`${plural(alreadyFixed, 'approved difference')} had already gone before the run.`);
  if (failure) lines.push(`:x: Stopped at ${codeSpan(`${failure.sql};`)}: ${failureText(failure.error)} Nothing after it ran.`);
  if (changed.length > 0) {
    lines.push(
      `Left alone, because their fix is no longer what approvers saw: ${changed.map((f) => escapeMrkdwn(f.summary)).join('; ')}. Ask again with \`/redshift grants apply ${details.target}\`.`,
    );
  }
  if (remaining.length > 0) lines.push(`Still different after the run: ${remaining.map((f) => escapeMrkdwn(f.summary)).join('; ')}.`);
  return { ran, remaining: remaining.length, ok, text: lines.join('\n') };
}
