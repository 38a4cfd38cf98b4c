import type { WebClient } from '@slack/web-api';
import type { ChatopsConfig } from '../config/chatops';
import type { StoreSpec } from '../config/env';
import type { AwsClientSettings } from '../redshift/clients';
import type { SqlRunner } from '../redshift/sql-runner';
import type { WarehouseDirectory } from '../redshift/warehouse';
import { failureText } from '../features/shared/failure';
import { awsChecks } from './aws-checks';
import { databaseChecks } from './database-checks';
import { identityChecks } from './identity-checks';
import { slackChecks } from './slack-checks';
import { storeChecks, type StoreCheckOptions } from './store-checks';
import type { CheckArea, CheckResult } from './types';

/** What the doctor reads with: the bot's own configuration, AWS adapters, Slack client and store. */
export interface DoctorPorts {
  config: ChatopsConfig;
  warehouses: WarehouseDirectory;
  sql: SqlRunner;
  /** Undefined when SLACK_BOT_TOKEN is not set. */
  slack?: WebClient;
  manifestScopes: readonly string[];
  /** The store this setup uses (CHATOPS_STORE); undefined when the process was handed its store without saying which. */
  store?: StoreSpec;
  /** Tests point the DynamoDB check at dynalite; by default it makes its own client. */
  storeOptions?: StoreCheckOptions;
  /** How the bot makes its AWS clients (the sandbox and tests: the emulator's endpoint); the identity checks make theirs alike. */
  aws?: AwsClientSettings;
  /** The Lambda function the `slack` handler hands jobs to (CHATOPS_WORKER_FUNCTION), when there is one. */
  workerFunction?: string;
}

/** A whole area that could not be checked at all is one not-verified line, never a crash. */
async function area(name: CheckArea, run: () => Promise<CheckResult[]>): Promise<CheckResult[]> {
  try {
    return await run();
  } catch (error) {
    return [{ area: name, name: `${name} checks`, status: 'not-verified', detail: failureText(error) }];
  }
}

/** Every check, read-only, in a fixed order: AWS, database, Slack, store. */
export async function runDoctor(ports: DoctorPorts): Promise<CheckResult[]> {
  const slack = ports.slack;
  return [
    ...(await area('aws', () =>
      identityChecks(ports.config, {
        ...(ports.aws ? { aws: ports.aws } : {}),
        ...(ports.workerFunction !== undefined ? { workerFunction: ports.workerFunction } : {}),
      }),
    )),
    ...(await area('aws', () => awsChecks(ports.config, ports.warehouses))),
    ...(await area('database', () => databaseChecks(ports.sql, ports.config, ports.warehouses))),
    ...(slack
      ? await area('slack', () => slackChecks(slack, ports.config, [...ports.manifestScopes]))
      : [
          {
            area: 'slack' as const,
            name: 'bot token',
            status: 'missing' as const,
            fix: 'set SLACK_BOT_TOKEN (and SLACK_SIGNING_SECRET) as for the bot',
          },
        ]),
    ...(await area('store', () => (ports.store ? storeChecks(ports.store, ports.storeOptions) : Promise.resolve([UNKNOWN_STORE])))),
  ];
}

/** Said instead of the store checks when the process does not know which store it was handed. */
const UNKNOWN_STORE: CheckResult = {
  area: 'store',
  name: 'state store',
  status: 'not-verified',
  detail:
    "this process was started without its setup (CHATOPS_STORE), so the store it uses is not known here; run `npm run doctor` with the bot's environment",
};
