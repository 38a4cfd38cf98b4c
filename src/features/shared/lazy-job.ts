import type { JobHandler, WatchHandler } from '../types';

/**
 * A handler whose module is loaded on its first run: code only the worker needs (report builders,
 * YAML, a restore's execution) stays out of the `slack` function's cold start, which only records the job.
 */
function lazily<A extends unknown[], R>(load: () => Promise<(...args: A) => Promise<R>>): (...args: A) => Promise<R> {
  let handler: Promise<(...args: A) => Promise<R>> | undefined;
  return async (...args) => {
    handler ??= load().catch((error: unknown) => {
      handler = undefined;
      throw error;
    });
    return (await handler)(...args);
  };
}

export const lazyJob: (load: () => Promise<JobHandler>) => JobHandler = lazily;
export const lazyWatch: (load: () => Promise<WatchHandler>) => WatchHandler = lazily;
