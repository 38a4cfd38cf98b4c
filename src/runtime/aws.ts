import type { ChatopsConfig } from '../config/chatops';
import type { AwsClientSettings, RedshiftClients } from '../redshift/clients';
import type { SqlRunner } from '../redshift/sql-runner';
import type { Warehouse, WarehouseDirectory } from '../redshift/warehouse';
import { deferredBackups } from '../redshift/restore';
import type { LifecycleDirectory } from '../redshift/lifecycle';
import { lazyLifecycles } from './lifecycle-aws';
import type { Billing } from '../redshift/billing';
import { lazyBilling } from './billing-aws';

export interface AwsPorts {
  warehouses: WarehouseDirectory;
  sql: SqlRunner;
  /** Pause, resume, delete and maintenance deferral (cluster lifecycle). */
  lifecycle: LifecycleDirectory;
  /** Serverless usage limits (cost alerts' actions). */
  billing: Billing;
}

/**
 * The targets' warehouses and the Data API, with the AWS SDK loaded on the first AWS call: the Lambda
 * `slack` function only records jobs, so its cold start never loads the SDK clients.
 */
export function lazyAws(config: ChatopsConfig, settings: AwsClientSettings = {}): AwsPorts {
  let clients: Promise<RedshiftClients> | undefined;
  const loadClients = () => (clients ??= import('../redshift/clients').then(({ AwsRedshiftClients }) => new AwsRedshiftClients(settings)));
  let registry: Promise<WarehouseDirectory> | undefined;
  const loadRegistry = () =>
    (registry ??= Promise.all([import('../redshift/warehouses'), loadClients()]).then(([{ Warehouses }, made]) => new Warehouses(config.targets, made)));
  let executor: Promise<SqlRunner> | undefined;
  const loadExecutor = () =>
    (executor ??= Promise.all([import('../redshift/data-api'), loadClients()]).then(([{ DataApiExecutor }, made]) => new DataApiExecutor({ clients: made })));

  const made = new Map<string, Warehouse>();
  const warehouses: WarehouseDirectory = {
    get(target) {
      const known = made.get(target);
      if (known) return known;
      const real = async () => (await loadRegistry()).get(target);
      const warehouse: Warehouse = {
        target,
        kind: config.targets[target]?.kind ?? 'provisioned',
        status: async () => (await real()).status(),
        createSnapshot: async (name, retention) => (await real()).createSnapshot(name, retention),
        getSnapshot: async (name) => (await real()).getSnapshot(name),
        listSnapshots: async (options) => (await real()).listSnapshots(options),
        backups: deferredBackups(async () => (await real()).backups),
      };
      made.set(target, warehouse);
      return warehouse;
    },
  };
  const sql: SqlRunner = {
    execute: async (target, statement, options) => (await loadExecutor()).execute(target, statement, options),
    executeBatch: async (target, statements, options) => (await loadExecutor()).executeBatch(target, statements, options),
    submit: async (target, statement, options) => (await loadExecutor()).submit(target, statement, options),
    describe: async (statement, options) => (await loadExecutor()).describe(statement, options),
  };
  return { warehouses, sql, lifecycle: lazyLifecycles(config, loadClients), billing: lazyBilling(config, loadClients, settings) };
}
