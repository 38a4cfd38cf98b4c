import type { People } from '../../config/policies';
import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { openWithinLimit } from '../../approvals/limits';
import { failureRecord, failureText } from '../shared/failure';
import { reply, type ReplyTo } from '../shared/reply';
import { replyToSchema } from '../shared/payload-schemas';
import { adviceLabel, adviseTable } from './advisor';
import { lookUpTable } from './health';
import { startRun, stepStatement } from './run';
import { runIdFor, runPlanSchema, type RunPlan, type RunStep } from './runs';
import type { JobHandler } from '../types';
import { requestWithDetails } from '../shared/request-details';

export const PLAN_JOB = 'vacuum.plan';
export const EXECUTE_JOB = 'vacuum.execute';

/** A `vacuum run`, typed or clicked. */
export interface RunAsk {
  target: string;
  schema: string;
  table: string;
  userId: string;
  channelId: string;
  replyTo: ReplyTo;
  requestKey: string;
}

/** A run ask that passed the policy; the job looks at the table and decides what to run. */
export interface PlanJob extends RunAsk {
  approvalsRequired: number;
  approvers: People;
}

const planJobSchema: z.ZodMiniType<PlanJob> = z.object({
  target: z.string(),
  schema: z.string(),
  table: z.string(),
  userId: z.string(),
  channelId: z.string(),
  replyTo: replyToSchema,
  requestKey: z.string(),
  approvalsRequired: z.number(),
  approvers: z.object({ users: z.array(z.string()), usergroups: z.array(z.string()), everyone: z.boolean() }),
});

/** The approval's executor is handed its request's id. */
const executeJobSchema = z.object({ requestId: z.string() });

/**
 * Looks the table up (SVV_TABLE_INFO; only the PostgreSQL catalog when the bot's identity sees no health), lets the advisor choose the VACUUM (and ANALYZE) it needs, then
 * asks approvers or starts at once, as policies.vacuum says. A table that crosses no threshold still
 * gets the plain VACUUM that was asked for.
 */
export const planJob: JobHandler = async (payload, context) => {
  const job = readPayload(PLAN_JOB, planJobSchema, payload);
  const name = `${job.schema}.${job.table}`;
  const refuse = async (why: string, record: unknown) => {
    await context.store.appendAudit({
      actor: job.userId,
      action: 'vacuum.refused',
      target: job.target,
      input: { table: name },
      result: record,
    });
    await reply(context.slack, job.replyTo, { text: `:warning: ${why} Nothing was run.`, replace_original: false });
    return { planned: false, why };
  };
  let lookup;
  try {
    lookup = await lookUpTable(context, job.target, job.schema, job.table);
  } catch (error) {
    return refuse(`Could not look at \`${name}\` on *${job.target}*: ${failureText(error)}`, failureRecord(error));
  }
  const thresholds = context.config.vacuum;
  const found = lookup.visible ? lookup.health : lookup.found;
  if (!found) {
    return refuse(
      lookup.visible
        ? `There is no table \`${name}\` on *${job.target}* (SVV_TABLE_INFO does not list it; empty tables are not listed either). \`/redshift vacuum check ${job.target}\` lists the tables that need work.`
        : `There is no table \`${name}\` on *${job.target}*.`,
      { error: 'no such table' },
    );
  }
  const advice = lookup.visible && lookup.health ? adviseTable(lookup.health, thresholds, context.clock.now()) : undefined;
  const steps: RunStep[] = [];
  if (advice?.vacuum) steps.push('vacuum');
  if (advice?.analyze) steps.push('analyze');
  const reasons = advice ? [...advice.reasons] : [];
  if (steps.length === 0) {
    steps.push('vacuum');
    reasons.push(
      lookup.visible
        ? 'no threshold is crossed; running a plain VACUUM as asked (it may find little to do)'
        : `the bot's identity cannot see this table's health (SVV_TABLE_INFO is for superusers only), so no VACUUM mode could be chosen; running a plain VACUUM as asked`,
    );
  }
  const plan: RunPlan = {
    target: job.target,
    schema: found.schema,
    table: found.table,
    tableId: found.tableId,
    steps,
    mode: advice?.vacuum?.mode ?? 'FULL',
    toPercent: thresholds.toPercent,
    reasons,
    requestedBy: job.userId,
    channelId: job.channelId,
    replyTo: job.replyTo,
  };
  const statements = steps.map((_, i) => stepStatement(plan, i).sql);
  if (job.approvalsRequired > 0) {
    const request = await openWithinLimit(
      () =>
        context.approvals.open<RunPlan>(
          {
            action: 'vacuum',
            requester: job.userId,
            target: job.target,
            title: `${adviceLabel({ analyze: steps.includes('analyze'), ...(steps.includes('vacuum') ? { vacuum: { mode: plan.mode, toPercent: plan.toPercent } } : {}) })} of ${name} on ${job.target}`,
            summary: [
              `*Table:* \`${name}\` on *${job.target}*`,
              ...reasons.map((reason) => `• ${reason}`),
              'One VACUUM runs per cluster at a time; if another is running, this one waits its turn.',
            ],
            willRun: statements,
            details: plan,
            approvers: job.approvers,
            approvalsRequired: job.approvalsRequired,
            breakGlassAllowed: false,
            executor: EXECUTE_JOB,
            idempotencyKey: job.requestKey,
          },
          context.slack,
        ),
      (text) => reply(context.slack, job.replyTo, { text, replace_original: false }),
      context.log,
    );
    // At the person's limit on open requests: told so, nothing asked.
    if (!request) return { planned: false, why: 'open-request limit' };
    return { planned: true, requestId: request.id };
  }
  const run = await startRun(context, runIdFor(job.requestKey), plan);
  return { planned: true, runId: run.id, status: run.status };
};

/** The approval's executor: the plan fixed when it was asked for, started once (the run id follows the request). */
export const executeJob: JobHandler = async (payload, context) => {
  const { requestId } = readPayload(EXECUTE_JOB, executeJobSchema, payload);
  const request = await requestWithDetails(context.approvals, requestId, runPlanSchema);
  if (!request) return { skipped: `no request ${requestId}` };
  if (request.status !== 'approved') return { skipped: `request ${requestId} is ${request.status}` };
  const approvedBy = request.decisions.filter((d) => d.decision === 'approve').map((d) => d.user);
  const run = await startRun(context, runIdFor(`approved:${requestId}`), request.details, approvedBy);
  return { runId: run.id, status: run.status };
};
