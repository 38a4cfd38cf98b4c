import * as z from 'zod/mini';
import { runDoctor, type DoctorPorts } from '../../doctor/doctor';
import { readPayload } from '../../jobs/payload';
import { BOT_SCOPES } from '../../slack/bot-scopes';
import { replyToSchema } from '../shared/payload-schemas';
import { reply } from '../shared/reply';
import type { JobHandler, WorkContext } from '../types';
import { doctorMessage, summaryLine } from './doctor-text';
import type { DoctorJob } from './job-types';

const doctorJobSchema: z.ZodMiniType<DoctorJob> = z.object({
  target: z.optional(z.string()),
  replyTo: replyToSchema,
});

function doctorPorts(context: WorkContext): DoctorPorts {
  const setup = context.setup;
  return {
    config: context.config,
    warehouses: context.warehouses,
    sql: context.sql,
    slack: context.slack,
    manifestScopes: BOT_SCOPES,
    ...(setup ? { store: setup.store } : {}),
    ...(setup ? { aws: setup.aws } : {}),
    ...(setup?.workerFunction ? { workerFunction: setup.workerFunction } : {}),
  };
}

/**
 * `/redshift doctor [target]`: the same read-only checks as `npm run doctor`, with this process's own
 * configuration, AWS adapters, Slack client and store, answered to the requester alone. With a target,
 * every check still runs and the answer keeps that target's lines and those about no one target.
 * `jobType` (job-types.ts) names the job in payload errors; it is handed in so this lazily loaded
 * module shares no code with the `slack` function's start but what that loads anyway.
 */
export function doctorJob(jobType: string): JobHandler {
  return async (payload, context) => {
    const job = readPayload(jobType, doctorJobSchema, payload);
    const all = await runDoctor(doctorPorts(context));
    const results = job.target ? all.filter((r) => r.target === undefined || r.target === job.target) : all;
    await reply(context.slack, job.replyTo, {
      ...doctorMessage(results, job.target ? { target: job.target } : {}),
      response_type: 'ephemeral',
      // The report takes the place of the "Checking the setup…" placeholder.
      replace_original: true,
    });
    return { target: job.target ?? 'all', summary: summaryLine(results) };
  };
}
