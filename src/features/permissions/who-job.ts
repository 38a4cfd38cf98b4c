import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { codeSpan } from '../../slack-text';
import { failureText } from '../shared/failure';
import { replyToSchema } from '../shared/payload-schemas';
import { reply } from '../shared/reply';
import { WHO_JOB, type WhoJob } from './job-types';
import type { JobHandler } from '../types';
import { liveGrantsOn } from './live-grants';
import { observe } from './observe';
import { readersBlocks } from './readers-text';
import { whoCanRead } from './who';

const whoJobSchema: z.ZodMiniType<WhoJob> = z.object({
  target: z.string(),
  schema: z.string(),
  table: z.optional(z.string()),
  replyTo: replyToSchema,
});

/** `who <schema[.table]>`: one observation of that schema (and table), then everyone who can read it. */
export const whoJob: JobHandler = async (payload, context) => {
  const job = readPayload(WHO_JOB, whoJobSchema, payload);
  const what = job.table ? `${job.schema}.${job.table}` : job.schema;
  const config = context.config.targets[job.target];
  try {
    if (!config) throw new Error(`${job.target} is no longer a target in chatops.yml`);
    const observed = await observe(
      context.sql,
      { name: job.target, target: config },
      { schemas: [job.schema], expected: [], ...(job.table ? { table: { schema: job.schema, table: job.table } } : {}) },
    );
    if (!observed.schemas.some((schema) => schema.name === job.schema)) {
      await reply(context.slack, job.replyTo, {
        text: `There is no schema ${codeSpan(job.schema)} on *${job.target}*${observed.visibility.complete ? '' : ' that the bot can see'}.`,
        response_type: 'ephemeral',
        replace_original: true,
      });
      return { target: job.target, what, readers: 0 };
    }
    const readers = whoCanRead(observed, job.schema, job.table, await liveGrantsOn(context.store, job.target));
    await reply(context.slack, job.replyTo, {
      text: `${readers.length} can read ${what} on ${job.target}.`,
      blocks: readersBlocks(job.target, what, readers, observed.visibility),
      response_type: 'ephemeral',
      replace_original: true,
    });
    return { target: job.target, what, readers: readers.length };
  } catch (error) {
    await reply(context.slack, job.replyTo, {
      text: `:x: Could not tell who can read \`${what}\` on *${job.target}*. ${failureText(error)}`,
      response_type: 'ephemeral',
      replace_original: true,
    });
    return { target: job.target, what, error: failureText(error) };
  }
};
