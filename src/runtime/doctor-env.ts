import { WebClient } from '@slack/web-api';
import type { ChatopsConfig } from '../config/chatops';
import type { Env } from '../config/env';
import { runDoctor } from '../doctor/doctor';
import type { CheckResult } from '../doctor/types';
import { BOT_SCOPES } from '../slack/bot-scopes';
import { lazyAws } from './aws';

/** Every doctor check, with the AWS clients, Slack token and store the bot itself would use in this environment. */
export async function doctorFromEnv(env: Env, config: ChatopsConfig): Promise<CheckResult[]> {
  const aws = lazyAws(config);
  const slack = env.slack
    ? new WebClient(env.slack.botToken, { ...(env.slackApiUrl ? { slackApiUrl: env.slackApiUrl } : {}), retryConfig: { retries: 0 } })
    : undefined;
  return runDoctor({
    config,
    warehouses: aws.warehouses,
    sql: aws.sql,
    ...(slack ? { slack } : {}),
    manifestScopes: BOT_SCOPES,
    store: env.store,
    ...(env.workerFunction !== undefined ? { workerFunction: env.workerFunction } : {}),
  });
}
