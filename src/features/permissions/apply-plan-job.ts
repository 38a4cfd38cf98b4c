import * as z from 'zod/mini';
import { openWithinLimit } from '../../approvals/limits';
import { checkPolicy } from '../../approvals/policy';
import { readPayload } from '../../jobs/payload';
import { SLACK_BUSY_TEXT, SlackBusyError } from '../../slack/fail-fast';
import { escapeMrkdwn, plural } from '../../slack-text';
import { bestEffort } from '../../slack/best-effort';
import { failureText } from '../shared/failure';
import { replyToSchema } from '../shared/payload-schemas';
import { reply } from '../shared/reply';
import type { JobHandler, WorkContext } from '../types';
import { applyFixes } from './apply-run';
import { driftOf } from './check-job';
import { APPLY_ACTION, APPLY_JOB, PLAN_JOB, type ApplyDetails, type PlanJob } from './job-types';
import type { Finding } from './types';

const planJobSchema: z.ZodMiniType<PlanJob> = z.object({
  target: z.string(),
  requester: z.string(),
  replyTo: replyToSchema,
  requestKey: z.string(),
});

/** Approvers read at most this many findings in the request; the statements are all listed. */
const SUMMARY_FINDINGS = 15;
/**
 * The statements approvers see must all fit in the message's "Will run" block (Slack cuts a section at
 * 3,000 characters): a request covers the findings whose statements fit, and says the rest need another.
 */
const WILL_RUN_CHARS = 2_700;

/** The findings, in order, whose statements fit in one approval message (at least the first). */
export function fittingFindings(findings: readonly Finding[]): Finding[] {
  const fitting: Finding[] = [];
  let chars = 0;
  for (const finding of findings) {
    const size = finding.fix.reduce((sum, s) => sum + s.sql.length + 2, 0);
    if (fitting.length > 0 && chars + size > WILL_RUN_CHARS) break;
    fitting.push(finding);
    chars += size;
  }
  return fitting;
}

/** The request's lines for approvers: what differs and who loses what, names escaped. */
function summaryOf(findings: readonly Finding[]): string[] {
  const lines = findings
    .slice(0, SUMMARY_FINDINGS)
    .map((f) => `• ${escapeMrkdwn(f.summary)}${f.loses ? ` — ${escapeMrkdwn(f.loses)}` : ''}`);
  if (findings.length > SUMMARY_FINDINGS) lines.push(`…and ${plural(findings.length - SUMMARY_FINDINGS, 'more difference')}.`);
  return lines;
}

/**
 * `grants apply`: checks who asks, works out the drift, and refuses what it cannot stand behind: an
 * incomplete view (a bot that is not a superuser cannot see what it would revoke) or nothing to fix.
 * Then asks approvers with the exact statements, or applies at once when the policy needs no one.
 */
export const planApplyJob: JobHandler = async (payload, context) => {
  const job = readPayload(PLAN_JOB, planJobSchema, payload);
  const say = (text: string) => reply(context.slack, job.replyTo, { text, response_type: 'ephemeral' });
  const policy = context.config.policies.permissions;
  try {
    const decision = await checkPolicy('permissions', policy, job.requester, context.people);
    if (!decision.allowed) {
      await context.store.appendAudit({
        actor: job.requester,
        action: 'permissions.refused',
        target: job.target,
        result: { reason: decision.message },
      });
      await say(`:no_entry: ${decision.message}`);
      return { refused: 'policy' };
    }
  } catch (error) {
    if (!(error instanceof SlackBusyError)) throw error;
    await say(`${SLACK_BUSY_TEXT} Nothing was applied.`);
    return { refused: 'slack-busy' };
  }
  let fixes: Finding[];
  try {
    const result = await driftOf(context, job.target);
    if (!result.complete) {
      await say(
        `:no_entry: The bot cannot apply the baseline of *${job.target}*: ${escapeMrkdwn(result.why)} Nothing was applied. \`/redshift grants check ${job.target}\` shows what it can see.`,
      );
      return { refused: 'incomplete' };
    }
    fixes = result.findings.filter((f) => f.fix.length > 0);
  } catch (error) {
    await say(`:x: Could not compare the permissions of *${job.target}*. ${failureText(error)} Nothing was applied.`);
    return { refused: 'error', error: failureText(error) };
  }
  if (fixes.length === 0) {
    await say(
      `*${job.target}* has nothing to apply: it matches its baseline, or what differs has only advice (\`/redshift grants check ${job.target}\`).`,
    );
    return { refused: 'nothing' };
  }
  const all = fixes.length;
  fixes = fittingFindings(fixes);
  const rest = all - fixes.length;
  if (rest > 0) {
    await say(
      `This asks for ${plural(fixes.length, 'difference')} of ${all}: their statements are what fits in one approval message. Run \`/redshift grants apply ${job.target}\` again afterwards for the other ${rest}.`,
    );
  }
  const details: ApplyDetails = {
    target: job.target,
    keys: fixes.map((f) => f.key),
    statements: fixes.flatMap((f) => f.fix.map((s) => s.sql)),
  };
  if (policy.approvalsRequired === 0) {
    const outcome = await applyFixes(context, details, { actor: job.requester });
    await say(outcome.text);
    return { applied: outcome.ran };
  }
  return askApprovers(context, job, details, fixes);
};

async function askApprovers(context: WorkContext, job: PlanJob, details: ApplyDetails, fixes: readonly Finding[]) {
  const policy = context.config.policies.permissions;
  const request = await openWithinLimit(
    () =>
      context.approvals.open(
        {
          action: APPLY_ACTION,
          requester: job.requester,
          target: job.target,
          title: `<@${job.requester}> asks to bring the permissions of ${job.target} back to chatops.yml (${plural(fixes.length, 'difference')})`,
          summary: [
            `*Permissions of ${escapeMrkdwn(job.target)}*: ${plural(fixes.length, 'difference')} from the baseline`,
            ...summaryOf(fixes),
            `*Who:* <@${job.requester}>`,
          ],
          willRun: details.statements.map((sql) => `${sql};`),
          details,
          approvers: policy.approvers,
          approvalsRequired: policy.approvalsRequired,
          breakGlassAllowed: false,
          executor: APPLY_JOB,
          idempotencyKey: `permissions-apply:${job.requestKey}`,
        },
        context.slack,
      ),
    (text) => reply(context.slack, job.replyTo, { text }),
    context.log,
  );
  if (!request) return { opened: false, refused: 'open-limit' };
  await context.store.appendAudit({
    actor: job.requester,
    action: 'permissions.request',
    target: job.target,
    input: details,
    result: { requestId: request.id },
  });
  await bestEffort(
    "the permissions requester's notice",
    () =>
      reply(context.slack, job.replyTo, {
        text: `:incoming_envelope: Asked approvers in <#${context.config.channels.approvals}> to apply ${plural(details.statements.length, 'statement')} on *${job.target}* (request \`${request.id}\`).`,
      }),
    context.log,
  );
  return { requestId: request.id };
}
