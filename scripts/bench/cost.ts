/**
 * The cost report over a quiet and a busy warehouse: the emulator's standard seed with its query
 * history and Spectrum scans replaced by 1,000 and then 1,000,000 queries (generate_series in
 * PGlite). The report aggregates in SQL, so its Data API calls and rows read should not move.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock';
import { parseChatopsConfig } from '../../src/config/chatops';
import { targetReport } from '../../src/features/cost/report-job';
import { AwsRedshiftClients } from '../../src/redshift/clients';
import { DataApiExecutor } from '../../src/redshift/data-api';
import type { SqlRunner } from '../../src/redshift/sql-runner';
import { Warehouses } from '../../src/redshift/warehouses';
import { startAwsEmulator, type AwsEmulator } from '../../src/sandbox/aws/server';
import { ADMIN_USER } from '../../src/sandbox/aws/data/system';
import { SEED_SECRET_ARNS } from '../../src/sandbox/aws/data/secrets';
import { SqliteStore } from '../../src/store/sqlite';
import type { BenchSection } from '../bench';
import { ms, table } from './stats';

const SIZES = [1_000, 1_000_000];
const NOW = Date.parse('2026-11-25T10:00:00Z');

const CONFIG = `
targets:
  prod: { kind: provisioned, cluster: analytics-prod, database: dev, dbUser: ${ADMIN_USER} }
  lake: { kind: serverless, workgroup: lake, namespace: lake, database: dev, secretArn: '${SEED_SECRET_ARNS.lake}' }
channels: { approvals: C0APPROVALS, alerts: C0ALERTS, audit: C0AUDIT }
cost:
  budgets:
    prod: { dailyUsd: 200, monthlyUsd: 5000 }
    lake: { dailyUsd: 100 }
`;

/** `queries` user queries spread evenly over the last 30 days (and, on the cluster, as many Spectrum scans). */
function historySql(queries: number, cluster: boolean): string {
  const history = `
TRUNCATE redshift_internal.sys_query_history;
INSERT INTO redshift_internal.sys_query_history
  (user_id, query_id, transaction_id, session_id, database_name, query_type, status, result_cache_hit, start_time, end_time,
   elapsed_time, queue_time, execution_time, error_message, returned_rows, returned_bytes, query_text)
SELECT (SELECT oid::int FROM pg_roles WHERE rolname = (ARRAY['alice', 'bob', 'carol'])[1 + g % 3]), 6000000 + g, 9000000 + g, 1073800000 + g % 500, 'dev',
       'SELECT', CASE WHEN g % 50 = 0 THEN 'failed' ELSE 'success' END, false,
       TIMESTAMP '2026-11-25 09:59:00' - (g * 43199 / ${queries}) * interval '1 minute',
       TIMESTAMP '2026-11-25 09:59:00' - (g * 43199 / ${queries}) * interval '1 minute' + interval '2 seconds',
       2000000 + (g * 7919) % 60000000, 1000, 1999000 + (g * 7919) % 60000000, NULL, g % 100, (g % 100) * 64,
       'SELECT * FROM analytics.sessions WHERE user_id = ' || g
FROM generate_series(1::bigint, ${queries}) g;`;
  if (!cluster) return history;
  return `${history}
TRUNCATE redshift_internal.svl_s3query_summary;
INSERT INTO redshift_internal.svl_s3query_summary
  (userid, query, xid, pid, segment, step, starttime, endtime, elapsed, aborted, external_table_name, file_format,
   is_partitioned, s3_scanned_rows, s3_scanned_bytes, s3query_returned_rows, s3query_returned_bytes, files)
SELECT (SELECT oid::int FROM pg_roles WHERE rolname = (ARRAY['alice', 'bob', 'carol'])[1 + g % 3]), 7000000 + g, 8000000 + g, 1073810000 + g % 50, 0, 1,
       TIMESTAMP '2026-11-25 09:59:00' - (g * 43199 / ${queries}) * interval '1 minute',
       TIMESTAMP '2026-11-25 09:59:00' - (g * 43199 / ${queries}) * interval '1 minute' + interval '3 seconds',
       3000000, CASE WHEN g % 97 = 0 THEN 1 ELSE 0 END, 's3.clickstream_events', 'Parquet', 't',
       1000, 1000000 + (g * 104729) % 900000000, 10, 1000, 4
FROM generate_series(1::bigint, ${queries}) g;`;
}

/** The Data API as the bot uses it, counting statements and rows read. */
function counting(inner: Pick<SqlRunner, 'execute'>): Pick<SqlRunner, 'execute'> & { calls: number; rows: number; reset(): void } {
  const counter = {
    calls: 0,
    rows: 0,
    reset() {
      counter.calls = 0;
      counter.rows = 0;
    },
    async execute(...args: Parameters<SqlRunner['execute']>) {
      counter.calls += 1;
      const result = await inner.execute(...args);
      counter.rows += result.totalRows;
      return result;
    },
  };
  return counter;
}

export const costReport: BenchSection = {
  name: 'cost-report',
  description: `\`/redshift cost <target> month\` on the emulator with ${SIZES.map((n) => n.toLocaleString('en-US')).join(' and ')} seeded queries: Data API statements and rows read (should stay flat), and time (informational)`,
  async run() {
    const clock = new ManualClock(NOW);
    const dir = mkdtempSync(join(tmpdir(), 'chatops-bench-'));
    let aws: AwsEmulator | undefined;
    let clients: AwsRedshiftClients | undefined;
    const store = new SqliteStore({ path: join(dir, 'state.db'), clock });
    try {
      aws = await startAwsEmulator({ clock });
      await aws.ready;
      clients = new AwsRedshiftClients({ endpoint: aws.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
      const config = parseChatopsConfig(CONFIG);
      const sql = counting(new DataApiExecutor({ clients }));
      const context = { config, store, clock, warehouses: new Warehouses(config.targets, clients), sql };
      const rows: string[][] = [['seeded queries', 'target', 'Data API statements', 'rows read', 'time', 'estimate']];
      for (const size of SIZES) {
        const seedStart = process.hrtime.bigint();
        await aws.databases.run('cluster/analytics-prod', 'dev', ADMIN_USER, historySql(size, true));
        await aws.databases.run('namespace/lake', 'dev', ADMIN_USER, historySql(size, false));
        const seeded = Number(process.hrtime.bigint() - seedStart) / 1e6;
        console.log(`seeded ${size.toLocaleString('en-US')} queries per target in ${ms(seeded)}`);
        for (const target of ['prod', 'lake']) {
          sql.reset();
          const start = process.hrtime.bigint();
          const report = await targetReport(context, target, 'month');
          const took = Number(process.hrtime.bigint() - start) / 1e6;
          rows.push([size.toLocaleString('en-US'), target, String(sql.calls), String(sql.rows), ms(took), `$${report.spent.total.toFixed(2)}`]);
        }
      }
      console.log(table(rows));
    } finally {
      clients?.destroy();
      await aws?.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
