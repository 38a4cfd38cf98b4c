import type { Target } from '../../config/targets';
import type { Row } from '../../redshift/data-api';
import type { SqlRunner } from '../../redshift/sql-runner';
import type { SqlStatement } from '../../redshift/sql';
import * as queries from './queries';
import { num, str, timeOf } from './rows';

/** What the warehouse itself says about usage, read through the Data API (aggregated in SQL). */

/** Cost statements are small reads; a stuck one should not hold a report for five minutes. */
const STATEMENT_TIMEOUT_MS = 2 * 60_000;

export interface DailyUsage {
  day: string;
  spectrumQueries: number;
  spectrumBilledMb: number;
  spectrumScannedBytes: number;
  rpuSeconds: number;
  /** Serverless: the day's mean managed storage in MB (SYS_SERVERLESS_USAGE.data_storage). */
  storageMb?: number;
}

export interface TopUser {
  user: string;
  queries: number;
  /** Spectrum MB billed (provisioned) … */
  billedMb?: number;
  /** … or share of execution time, 0–1 (Serverless RPU time). */
  share?: number;
  executionSeconds?: number;
}

export interface TopQuery {
  id: string;
  user: string;
  started: string;
  what: string;
  billedMb?: number;
  scannedBytes?: number;
  executionSeconds?: number;
}

export interface TopUsage {
  users: TopUser[];
  queries: TopQuery[];
}

export interface UsageReader {
  sql: Pick<SqlRunner, 'execute'>;
}

export async function rows(reader: UsageReader, target: Target, sql: SqlStatement): Promise<Row[]> {
  return (await reader.sql.execute(target, sql, { timeoutMs: STATEMENT_TIMEOUT_MS })).rows;
}

/** Per-day usage in [from, to): Spectrum on clusters, RPU-seconds on Serverless. One statement. */
export async function dailyUsage(reader: UsageReader, target: Target, from: number, to: number): Promise<DailyUsage[]> {
  if (target.kind === 'provisioned') {
    return (await rows(reader, target, queries.spectrumDaily(from, to))).map((row) => ({
      day: str(row.day),
      spectrumQueries: num(row.queries),
      spectrumBilledMb: num(row.billed_mb),
      spectrumScannedBytes: num(row.scanned_bytes),
      rpuSeconds: 0,
    }));
  }
  return (await rows(reader, target, queries.serverlessDaily(from, to))).map((row) => ({
    day: str(row.day),
    spectrumQueries: 0,
    spectrumBilledMb: 0,
    spectrumScannedBytes: 0,
    rpuSeconds: num(row.rpu_seconds),
    ...(row.storage_mb === null || row.storage_mb === undefined ? {} : { storageMb: num(row.storage_mb) }),
  }));
}

/** Top users and queries of the window: Spectrum scans on clusters, RPU (execution) time on Serverless. Two statements. */
export async function topUsage(reader: UsageReader, target: Target, from: number, to: number): Promise<TopUsage> {
  if (target.kind === 'provisioned') {
    const [users, top] = await Promise.all([
      rows(reader, target, queries.spectrumTopUsers(from, to)),
      rows(reader, target, queries.spectrumTopQueries(from, to)),
    ]);
    return {
      users: users.map((row) => ({ user: str(row.user_name), queries: num(row.queries), billedMb: num(row.billed_mb) })),
      queries: top.map((row) => ({
        id: str(row.query_id),
        user: str(row.user_name),
        started: str(row.started),
        what: str(row.what),
        billedMb: num(row.billed_mb),
        scannedBytes: num(row.scanned_bytes),
      })),
    };
  }
  const [users, top] = await Promise.all([
    rows(reader, target, queries.executionTopUsers(from, to)),
    rows(reader, target, queries.executionTopQueries(from, to)),
  ]);
  return {
    users: users.map((row) => ({
      user: str(row.user_name),
      queries: num(row.queries),
      executionSeconds: num(row.execution_us) / 1e6,
      share: num(row.total_us) > 0 ? num(row.execution_us) / num(row.total_us) : 0,
    })),
    queries: top.map((row) => ({
      id: str(row.query_id),
      user: str(row.user_name),
      started: str(row.started),
      what: str(row.what),
      executionSeconds: num(row.execution_us) / 1e6,
    })),
  };
}

/** When a user (not the bot) last ran a query; undefined when nobody ever did. */
export async function lastUserQuery(reader: UsageReader, target: Target): Promise<number | undefined> {
  return timeOf((await rows(reader, target, queries.lastUserQuery()))[0]?.last_query);
}

export async function storedMb(reader: UsageReader, target: Target): Promise<number> {
  return num((await rows(reader, target, queries.storedMb()))[0]?.mb);
}
