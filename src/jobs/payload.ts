import * as z from 'zod/mini';

/** A stored job's payload is not what its handler reads: the job fails with this, never runs on a guess. */
export class JobPayloadError extends Error {
  constructor(
    readonly jobType: string,
    readonly problems: string,
  ) {
    super(`the ${jobType} job's stored payload is not what it expects: ${problems}`);
    this.name = 'JobPayloadError';
  }
}

/**
 * A job's payload, checked when it is read: records outlive the code that wrote them (a deploy
 * between enqueue and run, a hand-edited item), so each handler states its payload's schema.
 */
export function readPayload<T>(jobType: string, schema: z.ZodMiniType<T>, payload: unknown): T {
  const parsed = z.safeParse(schema, payload);
  if (!parsed.success) throw new JobPayloadError(jobType, z.prettifyError(parsed.error).replace(/\s*\n\s*/g, '; '));
  return parsed.data;
}
