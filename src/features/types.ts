import type { App, Logger, RespondFn, types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ChatopsConfig } from '../config/chatops';
import type { Clock } from '../clock';
import type { Command, MissingField, Verb } from '../commands/types';
import type { JobQueue } from '../jobs/queue';
import type { PeopleResolver } from '../approvals/people';
import type { ApprovalWorkflow } from '../approvals/workflow';
import type { JobHandlersOf } from '../jobs/runner';
import type { WatchHandlerOf, WatchHandlersOf } from '../jobs/watches';
import type { JobHandlerOf } from '../jobs/types';
import type { SqlRunner } from '../redshift/sql-runner';
import type { WarehouseDirectory } from '../redshift/warehouse';
import type { LifecycleDirectory } from '../redshift/lifecycle';
import type { Billing } from '../redshift/billing';
import type { TaskRegistry } from '../jobs/scheduler';
import type { Store } from '../store/store';
import type { StoreSpec } from '../config/env';
import type { AwsClientSettings } from '../redshift/clients';

/** How this process was set up, as `/redshift doctor` checks it: the store it opened and how it makes AWS clients. */
export interface ProcessSetup {
  store: StoreSpec;
  /** The settings the AWS adapters were made with (the sandbox and tests: the emulator); {} for the SDK's own. */
  aws: AwsClientSettings;
  /** The Lambda worker the `slack` function hands jobs to (CHATOPS_WORKER_FUNCTION); absent in the server runtime. */
  workerFunction?: string;
}

/** What every feature receives; runtimes build it, tests hand in the same adapters pointed at local servers. */
export interface AppPorts {
  config: ChatopsConfig;
  store: Store;
  clock: Clock;
  jobs: JobQueue;
  warehouses: WarehouseDirectory;
  /** Pause, resume, delete, maintenance deferral. */
  lifecycle: LifecycleDirectory;
  /** Serverless usage limits. */
  billing: Billing;
  sql: SqlRunner;
  people: PeopleResolver;
  /** Opens approval requests and records decisions; executors run once approved. */
  approvals: ApprovalWorkflow;
  logger: Logger;
  /** Filled by the runtimes; absent (a test's or embedder's own setup), the doctor says it cannot check the store. */
  setup?: ProcessSetup;
}

/**
 * What jobs, watches and scheduled tasks run with: the app's ports, plus the Web API client for work
 * nobody waits on (on Lambda it waits out Retry-After; listeners use the client Bolt hands them,
 * which fails fast where the answer waits on it) and an info log. Built from the ports by createApp.
 */
export interface WorkContext extends AppPorts {
  readonly slack: WebClient;
  log: (message: string) => void;
}

export type JobHandler = JobHandlerOf<WorkContext>;
export type JobHandlers = JobHandlersOf<WorkContext>;
export type WatchHandler = WatchHandlerOf<WorkContext>;
export type WatchHandlers = WatchHandlersOf<WorkContext>;

/** What a slash-command message answers with, in the HTTP response itself (no Web API call on the ack path). */
export interface CommandReply {
  text: string;
  blocks?: (types.KnownBlock | types.Block)[];
  response_type?: 'ephemeral' | 'in_channel';
}

export interface CommandContext<C extends Command = Command> {
  command: C;
  /** Missing required arguments: the feature opens a modal for them instead of failing. */
  missing: MissingField[];
  userId: string;
  teamId: string;
  channelId: string;
  triggerId: string;
  /** Where a job answers this command later (valid 30 minutes, five uses). */
  responseUrl: string;
  /** Identifies this invocation across Slack retries; use it as the idempotency key of any work started. */
  requestKey: string;
  ack: (reply?: CommandReply) => Promise<void>;
  respond: RespondFn;
  client: WebClient;
  ports: AppPorts;
}

/** The command of one verb, already narrowed: `CommandOf<'pause'>` has `target`, `CommandOf<'cost'>` has `period`. */
export type CommandOf<V extends Verb> = Extract<Command, { verb: V }>;

/** Answers one verb; must ack within Slack's 3 seconds, long work goes through ports.jobs. */
export type CommandHandler<V extends Verb> = (context: CommandContext<CommandOf<V>>) => Promise<void>;

/** Exactly one handler for each of the verbs V. */
export type CommandHandlers<V extends Verb> = { readonly [K in V]: CommandHandler<K> };

/** The handlers of any verbs, each typed by its own verb: what the router dispatches through. */
export type CommandTable = { readonly [K in Verb]?: CommandHandler<K> };

/** What every feature has besides its command handlers. */
interface FeatureParts {
  /** The capability's name, as users read it ("manual snapshots"). */
  name: string;
  /** Buttons, modals and events of this feature. */
  register?(app: App, ports: AppPorts): void;
  /** Job type -> handler. The types are stored with each job: never rename one. */
  jobs?: JobHandlers;
  /** Long AWS operations followed by the `jobs.advance` task; watch type -> handler, stored like job types. */
  watches?: WatchHandlers;
  /** Scheduled tasks (chatops.yml `schedules[].task`), bound to the app's work context. */
  tasks?(context: WorkContext): TaskRegistry;
}

/**
 * A capability. `Feature<'pause' | 'resume'>` must hand in exactly those two handlers; plain `Feature`
 * is any feature (as the router, the catalog and the runtimes hold them). Its verbs are the keys of
 * `commands`, so there is no separate list to keep in step.
 */
export type Feature<V extends Verb = Verb> = FeatureParts & { commands: [Verb] extends [V] ? CommandTable : CommandHandlers<V> };
