import * as z from 'zod/mini';
import { readPayload } from '../../jobs/payload';
import { statement } from '../../redshift/sql';
import { codeBlock } from '../../slack-text';
import { failureText } from '../shared/failure';
import { replyToSchema } from '../shared/payload-schemas';
import { reply } from '../shared/reply';
import { BASELINE_JOB, type BaselineJob } from './job-types';
import type { JobHandler } from '../types';
import { declaredSchemas } from './baseline';
import { baselineYaml } from './baseline-yaml';
import { liveGrantsOn } from './live-grants';
import { observe } from './observe';
import { MAX_SCHEMAS } from './observe-sql';
import { baselineFor } from './targets';

const baselineJobSchema: z.ZodMiniType<BaselineJob> = z.object({ target: z.string(), replyTo: replyToSchema });

/** Slack shows at most 40,000 characters of a message; a response_url takes about as much. */
const MAX_YAML_CHARS = 35_000;

/**
 * The schemas a baseline covers: those the current baseline declares, and every schema where a role
 * or group holds a privilege (SVV_SCHEMA_PRIVILEGES, identity_type), so what users can reach is printed.
 */
export const grantedSchemas = statement(
  `SELECT DISTINCT TRIM(namespace_name) AS schema_name FROM svv_schema_privileges WHERE identity_type IN ('role', 'group') ORDER BY 1 LIMIT ${MAX_SCHEMAS + 1}`,
);

/** `grants baseline`: the warehouse's permissions as a `permissions` block, to review and adopt. */
export const baselineJob: JobHandler = async (payload, context) => {
  const job = readPayload(BASELINE_JOB, baselineJobSchema, payload);
  const config = context.config.targets[job.target];
  try {
    if (!config) throw new Error(`${job.target} is no longer a target in chatops.yml`);
    const declared = baselineFor(context.config, job.target);
    const granted = (await context.sql.execute(config, grantedSchemas)).rows.map((row) => String(row.schema_name));
    const schemas = [...new Set([...(declared ? declaredSchemas(declared) : []), ...granted])].sort();
    if (schemas.length === 0) {
      await reply(context.slack, job.replyTo, {
        text: `No role or group holds a privilege on any schema of *${job.target}* that the bot can see: there is no baseline to print.`,
        response_type: 'ephemeral',
      });
      return { target: job.target, schemas: 0 };
    }
    const cut = schemas.length > MAX_SCHEMAS;
    const observed = await observe(
      context.sql,
      { name: job.target, target: config },
      { schemas: schemas.slice(0, MAX_SCHEMAS), expected: [] },
    );
    // Roles access hands out on this target are temporary: printed as such, their holders not as standing.
    const temporaryOnly = Object.entries(context.config.access.roles)
      .filter(([, role]) => role.targets?.includes(job.target))
      .map(([name]) => name);
    const yaml = baselineYaml(observed, { temporaryOnly, live: await liveGrantsOn(context.store, job.target) });
    const intro = `The permissions of *${job.target}* as Redshift reports them, as a \`permissions\` block for chatops.yml (review the comments first):`;
    const more = cut ? `\n:warning: Only the first ${MAX_SCHEMAS} schemas are printed.` : '';
    const text = `${intro}${more}\n${codeBlock(yaml.length > MAX_YAML_CHARS ? `${yaml.slice(0, MAX_YAML_CHARS)}\n# … cut here: too long for one message` : yaml)}`;
    await reply(context.slack, job.replyTo, { text, response_type: 'ephemeral' });
    return { target: job.target, schemas: observed.schemas.length };
  } catch (error) {
    await reply(context.slack, job.replyTo, {
      text: `:x: Could not read the permissions of *${job.target}*. ${failureText(error)}`,
      response_type: 'ephemeral',
    });
    return { target: job.target, error: failureText(error) };
  }
};
