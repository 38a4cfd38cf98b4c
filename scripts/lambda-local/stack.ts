/**
 * `npm run lambda:local`'s stack: the bundle as `npm run build` makes it, serverless.yml's functions
 * served by serverless-offline (stage `local`), dynalite as the state table, and the `tick` function
 * invoked through the Lambda Invoke API on a short rate in place of EventBridge's one minute.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { parseEnv } from '../../src/config/env';
import path from 'node:path';
import { bundleLambda, repoRoot, type BundleResult } from '../bundle';
import { startLocalDynamo, TtlSweeper, type LocalDynamo } from './dynalite';
import { startOffline, type RunningOffline } from './offline';
import { freePort, LOCAL_HOST, portFree } from './ports';
import { readService, type LocalService } from './service';

const LOCAL_STAGE = 'local';
/** Where serverless.yml's handlers (`.build/lambda/index.<name>`) are. */
const BUNDLE_DIR = '.build/lambda';

export interface LambdaLocalOptions {
  /** The caller's environment, as `npm start` reads it: Slack's settings, AWS's, PORT, CHATOPS_CONFIG. */
  env: NodeJS.ProcessEnv;
  /** Port for POST /slack/events; 0 picks a free one. Default: PORT, as `npm start` reads it (3000). */
  port?: number;
  /** Seconds between ticks (and TTL sweeps); 0: neither runs. */
  tickSeconds: number;
  /**
   * The folder with serverless.yml (and node_modules); the bundle is built into its .build/lambda.
   * Default: this repository. Tests use a copy, so a parallel `npm run build` does not rebuild under them.
   */
  serviceDir?: string;
  /** Every line serverless-offline and the functions print; default: this process's stdout. */
  output?: (line: string) => void;
}

export interface LambdaLocal {
  /** POST Slack's requests here. */
  url: string;
  lambdaEndpoint: string;
  dynamodbEndpoint: string;
  service: LocalService;
  bundle: BundleResult;
  stop(): Promise<void>;
}

/** The stack cannot start as configured; the message says what to change. */
export class LambdaLocalError extends Error {
  override readonly name = 'LambdaLocalError';
}

export async function startLambdaLocal(options: LambdaLocalOptions): Promise<LambdaLocal> {
  const env = parseEnv(options.env);
  if (!env.slack) {
    throw new LambdaLocalError(
      'SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN must be set: the functions answer a Slack app (or the Slack stand-in, with SLACK_API_URL). Without them `npm start` runs the offline sandbox.',
    );
  }
  const output = options.output ?? ((line: string) => process.stdout.write(`${line}\n`));
  const configured = options.env.CHATOPS_CONFIG?.trim();
  const port = options.port ?? env.port;
  if (port !== 0 && !(await portFree(port)))
    throw new LambdaLocalError(`port ${port} is already in use: stop what uses it, or set PORT to a free port`);
  const serviceDir = options.serviceDir ?? repoRoot;
  const bundle = await bundleLambda({ config: configured || undefined, outdir: path.join(serviceDir, BUNDLE_DIR), log: false });
  const service = await readService(LOCAL_STAGE, options.env, serviceDir);
  const stopping: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stopping.reverse()) await stop().catch(() => undefined);
  };
  try {
    const dynamo = await startLocalDynamo();
    stopping.push(dynamo.stop);
    await dynamo.createTable(service.table.createTable);
    const sweeper = sweeperFor(dynamo, service);
    const [httpPort, lambdaPort] = [port === 0 ? await freePort() : port, await freePort()];
    const lambdaEndpoint = `http://${LOCAL_HOST}:${lambdaPort}`;
    const offline: RunningOffline = await startOffline({
      stage: LOCAL_STAGE,
      serviceDir,
      // As a deploy to the caller's region would: serverless-offline sets AWS_REGION from it.
      region: options.env.AWS_REGION?.trim() || undefined,
      host: LOCAL_HOST,
      httpPort,
      lambdaPort,
      // The SDK's per-service endpoints: the store and the worker invoke stay local, all else as configured.
      env: { ...options.env, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_ENDPOINT_URL_LAMBDA: lambdaEndpoint },
      output,
    });
    stopping.push(offline.stop);
    const lambda = new LambdaClient({
      endpoint: lambdaEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    stopping.push(async () => lambda.destroy());
    // As EventBridge invokes a scheduled function: asynchronously, not waiting for the last tick to end.
    const invokeTick = async (): Promise<void> => {
      const payload = Buffer.from(JSON.stringify(scheduledEvent(service.functionNames.tick)));
      await lambda.send(new InvokeCommand({ FunctionName: service.functionNames.tick, InvocationType: 'Event', Payload: payload }));
    };
    if (options.tickSeconds > 0) {
      const timer = setInterval(() => {
        void invokeTick().catch((error: unknown) => output(`tick not invoked: ${error instanceof Error ? error.message : String(error)}`));
        if (sweeper)
          void sweeper
            .sweep()
            .catch((error: unknown) => output(`TTL sweep failed: ${error instanceof Error ? error.message : String(error)}`));
      }, options.tickSeconds * 1000);
      stopping.push(async () => clearInterval(timer));
    }
    return {
      url: `http://${LOCAL_HOST}:${httpPort}${service.slackPath}`,
      lambdaEndpoint,
      dynamodbEndpoint: dynamo.endpoint,
      service,
      bundle,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function sweeperFor(dynamo: LocalDynamo, service: LocalService): TtlSweeper | undefined {
  const { createTable, ttlAttribute } = service.table;
  if (ttlAttribute === undefined || createTable.TableName === undefined) return undefined;
  const keys = (createTable.KeySchema ?? []).flatMap((key) => (key.AttributeName === undefined ? [] : [key.AttributeName]));
  return new TtlSweeper(dynamo.client(), createTable.TableName, keys, ttlAttribute);
}

/** What EventBridge sends a function on a schedule (the tick reads none of it; sent for fidelity). */
function scheduledEvent(functionName: string): object {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [`arn:aws:events:us-east-1:000000000000:rule/${functionName}`],
    detail: {},
  };
}
