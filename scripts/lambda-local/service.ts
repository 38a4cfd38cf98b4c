/**
 * serverless.yml as osls resolves it for a stage (`osls print --format json`): the functions' names,
 * the `slack` function's environment and the state table. Read this way so variables, params and
 * stages mean exactly what they mean on deploy.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import * as z from 'zod';
import { repoRoot } from '../bundle';
import { localTable, type LocalTable } from './table';

export const OSLS_BIN = path.join(repoRoot, 'node_modules', 'osls', 'bin', 'serverless.js');

const FUNCTIONS = ['slack', 'worker', 'tick'] as const;
export type FunctionKey = (typeof FUNCTIONS)[number];

const printed = z.object({
  service: z.string(),
  provider: z.object({ runtime: z.string(), environment: z.record(z.string(), z.unknown()).default({}) }),
  functions: z.record(z.string(), z.looseObject({ name: z.string(), events: z.array(z.unknown()).default([]) })),
  resources: z.object({ Resources: z.unknown() }),
});

const scheduleEvent = z.object({ schedule: z.object({ rate: z.array(z.string()) }) });
const httpApiEvent = z.object({ httpApi: z.object({ method: z.string(), path: z.string() }) });

export interface LocalService {
  /** Deployed function names, by their key in serverless.yml. */
  functionNames: Record<FunctionKey, string>;
  /** The table CHATOPS_STORE names, as its resource declares it. */
  table: LocalTable;
  /** The path the `slack` function's HTTP API event serves, such as /slack/events. */
  slackPath: string;
  /** provider.runtime, such as nodejs22.x: what AWS runs the functions on. */
  runtime: string;
  /** The `tick` function's schedule on AWS, such as `rate(1 minute)`, for the banner. */
  tickSchedule: string;
}

/** serverless.yml could not be read or does not have the shape the runner needs; the message says why. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
}

/** Runs `osls print` for `stage` in `serviceDir` with `env` (the `local` stage reads Slack's settings from it). */
export async function readService(stage: string, env: NodeJS.ProcessEnv, serviceDir = repoRoot): Promise<LocalService> {
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [OSLS_BIN, 'print', '--stage', stage, '--format', 'json'],
      { cwd: serviceDir, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new ServiceError(`osls could not read serverless.yml for stage ${stage}:\n${(stderr || stdout).trim()}`));
        else resolve(stdout);
      },
    );
  });
  let json: unknown;
  try {
    json = JSON.parse(output);
  } catch {
    throw new ServiceError(`osls print did not give JSON: ${output.slice(0, 200)}`);
  }
  return serviceFrom(json);
}

/** The parts of a printed service the runner uses (pure; exported for tests). */
export function serviceFrom(json: unknown): LocalService {
  const parsed = printed.safeParse(json);
  if (!parsed.success) throw new ServiceError(`serverless.yml lacks what the local stack needs: ${z.prettifyError(parsed.error)}`);
  const { provider, functions, resources } = parsed.data;
  const missing = FUNCTIONS.filter((key) => functions[key] === undefined);
  if (missing.length > 0) throw new ServiceError(`serverless.yml defines no ${missing.join(', ')} function`);
  const store = provider.environment.CHATOPS_STORE;
  const table = typeof store === 'string' ? /^dynamodb:(.+)$/.exec(store)?.[1] : undefined;
  if (table === undefined)
    throw new ServiceError(`provider.environment.CHATOPS_STORE must be dynamodb:TABLE, not ${JSON.stringify(store)}`);
  const schedules = functions.tick.events.flatMap((event) => {
    const parsedEvent = scheduleEvent.safeParse(event);
    return parsedEvent.success ? parsedEvent.data.schedule.rate : [];
  });
  const slackPath = functions.slack.events.flatMap((event) => {
    const parsedEvent = httpApiEvent.safeParse(event);
    return parsedEvent.success && parsedEvent.data.httpApi.method.toUpperCase() === 'POST' ? [parsedEvent.data.httpApi.path] : [];
  })[0];
  if (slackPath === undefined) throw new ServiceError('the slack function has no POST httpApi event to serve Slack requests on');
  return {
    slackPath,
    runtime: provider.runtime,
    functionNames: { slack: functions.slack.name, worker: functions.worker.name, tick: functions.tick.name },
    table: localTable(resources.Resources, table),
    tickSchedule: schedules.join(', ') || 'none',
  };
}
