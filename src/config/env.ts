// zod/mini: the Lambda `slack` function parses the environment on its cold start, and mini loads in a fraction of the time.
import * as z from 'zod/mini';
import { configErrorFromZod, problem, problemText } from './errors';

/** The process settings that are not in chatops.yml (README "Environment"); their names are part of the outside contract. */
export interface Env {
  /** Present only when both the signing secret and the bot token are set; otherwise the sandbox runs. */
  slack?: { signingSecret: string; botToken: string; appToken?: string };
  /** Base URL of the Slack Web API, always ending in `/` (WebClient joins method names onto it). */
  slackApiUrl?: string;
  configPath: string;
  store: StoreSpec;
  port: number;
  /** The Lambda worker's function name, set by serverless.yml. */
  workerFunction?: string;
}

export type StoreSpec = { kind: 'sqlite'; path: string } | { kind: 'dynamodb'; table: string };

const ENV_SOURCE = 'environment';
const DEFAULT_STORE = 'sqlite:.chatops/state.db';

const STORE_HINT = 'use sqlite:PATH (such as sqlite:.chatops/state.db) or dynamodb:TABLE (such as dynamodb:redshift-chatops)';

function parseStore(text: string): StoreSpec | undefined {
  const sqlite = /^sqlite:(.+)$/.exec(text);
  if (sqlite) return { kind: 'sqlite', path: sqlite[1] };
  const dynamodb = /^dynamodb:([A-Za-z0-9_.-]{3,255})$/.exec(text);
  if (dynamodb) return { kind: 'dynamodb', table: dynamodb[1] };
  return undefined;
}

function parseHttpUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** A string variable checked and turned into its value by `convert` (undefined = not allowed). */
function variable<T>(what: string, fix: string, convert: (text: string) => T | undefined) {
  const message = problem(what, fix);
  return z.pipe(
    z.string({ error: message }),
    z.transform((text: string, ctx): T => {
      const value = convert(text);
      if (value === undefined) {
        ctx.issues.push({ code: 'custom', message: problemText(what, fix, text), input: text });
        return z.NEVER;
      }
      return value;
    }),
  );
}

const withPrefix = (prefix: string) => (text: string) => (text.startsWith(prefix) && text.length > prefix.length ? text : undefined);
const noSpaces = (text: string) => (/^\S+$/.test(text) ? text : undefined);

const envSchema = z
  .object({
    SLACK_SIGNING_SECRET: z.optional(
      variable('a signing secret', 'copy it from the Slack app: Basic Information > Signing Secret', noSpaces),
    ),
    SLACK_BOT_TOKEN: z.optional(variable('a bot token', 'use the Bot User OAuth Token, which starts with xoxb-', withPrefix('xoxb-'))),
    SLACK_APP_TOKEN: z.optional(
      variable(
        'an app-level token',
        'use an app-level token with connections:write, which starts with xapp-, or unset it to receive HTTP requests',
        withPrefix('xapp-'),
      ),
    ),
    SLACK_API_URL: z.optional(
      variable('an http(s) URL', 'use the base URL of the Slack Web API, such as https://slack.com/api/', parseHttpUrl),
    ),
    CHATOPS_CONFIG: z._default(z.string(), 'chatops.yml'),
    CHATOPS_STORE: z.prefault(variable('a store', STORE_HINT, parseStore), DEFAULT_STORE),
    PORT: z.prefault(
      variable('a port number', 'use a whole number from 1 to 65535, such as 3000', (text) => {
        const port = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
        return port >= 1 && port <= 65535 ? port : undefined;
      }),
      '3000',
    ),
    CHATOPS_WORKER_FUNCTION: z.optional(
      variable('a Lambda function name', 'use the worker function name, such as redshift-chatops-prod-worker', noSpaces),
    ),
  })
  .check(
    z.superRefine((vars, ctx) => {
      // The pair decides between talking to Slack and the sandbox; half a pair is a mistake, not a choice.
      const secret = vars.SLACK_SIGNING_SECRET !== undefined;
      const token = vars.SLACK_BOT_TOKEN !== undefined;
      if (secret && !token) {
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_BOT_TOKEN'],
          message: 'is missing; SLACK_SIGNING_SECRET is set, so set SLACK_BOT_TOKEN (xoxb-...) too, or unset both to run the sandbox',
        });
      }
      if (token && !secret) {
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_SIGNING_SECRET'],
          message: 'is missing; SLACK_BOT_TOKEN is set, so set SLACK_SIGNING_SECRET too, or unset both to run the sandbox',
        });
      }
      if (vars.SLACK_APP_TOKEN !== undefined && !secret && !token) {
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_APP_TOKEN'],
          message: 'is set without SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN; set them too for Socket Mode, or unset it to run the sandbox',
        });
      }
    }),
  );

const VARIABLES = Object.keys(envSchema.shape);

/** Reads the process settings; throws ConfigError listing every bad variable. Empty values count as unset. */
export function parseEnv(env: Record<string, string | undefined>): Env {
  const relevant: Record<string, string> = {};
  for (const name of VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') relevant[name] = value.trim();
  }
  const result = envSchema.safeParse(relevant);
  if (!result.success) throw configErrorFromZod(result.error, ENV_SOURCE);
  const vars = result.data;
  const parsed: Env = { configPath: vars.CHATOPS_CONFIG, store: vars.CHATOPS_STORE, port: vars.PORT };
  if (vars.SLACK_SIGNING_SECRET !== undefined && vars.SLACK_BOT_TOKEN !== undefined) {
    parsed.slack = { signingSecret: vars.SLACK_SIGNING_SECRET, botToken: vars.SLACK_BOT_TOKEN };
    if (vars.SLACK_APP_TOKEN !== undefined) parsed.slack.appToken = vars.SLACK_APP_TOKEN;
  }
  if (vars.SLACK_API_URL !== undefined) parsed.slackApiUrl = vars.SLACK_API_URL;
  if (vars.CHATOPS_WORKER_FUNCTION !== undefined) parsed.workerFunction = vars.CHATOPS_WORKER_FUNCTION;
  return parsed;
}
