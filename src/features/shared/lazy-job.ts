import type { JobHandler } from '../types';

/**
 * A job handler whose module is loaded on its first run: code only the worker needs (report
 * builders, YAML) stays out of the `slack` function's cold start, which only records the job.
 */
export function lazyJob(load: () => Promise<JobHandler>): JobHandler {
  let handler: Promise<JobHandler> | undefined;
  return async (payload, context) => {
    handler ??= load().catch((error: unknown) => {
      handler = undefined;
      throw error;
    });
    return (await handler)(payload, context);
  };
}
