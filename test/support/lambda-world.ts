import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseChatopsConfig } from '../../src/config/chatops';
import { compileConfig } from '../../src/config/compiled';
import type { Feature } from '../../src/features/types';
import { resetLambdaRuntimeForTests, worker } from '../../src/runtime/lambda';
import { startAwsEmulator, type AwsEmulator } from '../../src/sandbox/aws/server';
import { startSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack';
import { BOT_TOKEN, SIGNING_SECRET } from './bot';
import { startDynalite, type Dynalite } from './dynalite';

export interface LambdaWorld {
  dynamo: Dynalite;
  aws: AwsEmulator;
  slackApi: SlackStandIn;
  /** Puts the environment back and stops everything started. */
  stop(): Promise<void>;
}

/**
 * The Lambda handlers' world, as the deployed functions see it: the environment serverless.yml sets,
 * the config compiled as `npm run build` writes it, DynamoDB on dynalite, the AWS emulator (with its
 * Lambda Invoke API calling `worker` in this process) and the Slack stand-in.
 */
export async function startLambdaWorld(options: {
  configYaml: string;
  workerFunction: string;
  features?: readonly Feature[];
}): Promise<LambdaWorld> {
  const saved = { ...process.env };
  const dynamo = await startDynalite({ table: 'chatops' });
  const aws = await startAwsEmulator({ seed: false });
  const slackApi = await startSlackStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'chatops-lambda-'));
  writeFileSync(join(dir, 'chatops.json'), compileConfig(parseChatopsConfig(options.configYaml), 'chatops.yml'));
  Object.assign(process.env, {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slackApi.apiUrl,
    CHATOPS_CONFIG: join(dir, 'chatops.json'),
    CHATOPS_STORE: 'dynamodb:chatops',
    CHATOPS_WORKER_FUNCTION: options.workerFunction,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: aws.endpoint,
  });
  aws.lambda.register(options.workerFunction, (event) => worker(event as { jobId: string }));
  resetLambdaRuntimeForTests(options.features);
  return {
    dynamo,
    aws,
    slackApi,
    async stop() {
      process.env = saved;
      resetLambdaRuntimeForTests();
      await aws.close();
      await slackApi.close();
      await dynamo.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
