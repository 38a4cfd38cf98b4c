import type { WebClient } from '@slack/web-api';
import type { ApprovalWorkflow } from '../approvals/workflow';
import type { ChatopsConfig } from '../config/chatops';
import type { Clock } from '../clock';
import type { SqlRunner } from '../redshift/sql-runner';
import type { WarehouseDirectory } from '../redshift/warehouse';
import type { LifecycleDirectory } from '../redshift/lifecycle';
import type { Billing } from '../redshift/billing';
import type { Store } from '../store/store';

export type { Dispatcher, JobEnvelope, JobRecord } from './record';

/** The ports a job or scheduled task receives; the same in every runtime. */
export interface WorkContext {
  config: ChatopsConfig;
  store: Store;
  clock: Clock;
  slack: WebClient;
  warehouses: WarehouseDirectory;
  /** Pause, resume, delete, maintenance deferral. */
  lifecycle: LifecycleDirectory;
  /** Serverless usage limits. */
  billing: Billing;
  sql: SqlRunner;
  /** Executors read their request and report in its threads through it. */
  approvals: ApprovalWorkflow;
  log: (message: string) => void;
}

export type JobHandler = (payload: unknown, context: WorkContext & { jobId: string; actor: string }) => Promise<unknown>;
