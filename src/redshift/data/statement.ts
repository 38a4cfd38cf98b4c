import { CancelStatementCommand, DescribeStatementCommand, type DescribeStatementResponse, type RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { Clock } from '../../clock';
import { AwsOperationError, awsCall } from '../errors';
import { StatementTimeoutError, type TimeoutCancel } from './errors';
import { pollDelay, type PollPolicy, type Sleep } from './poll';
import type { StatementProgress, StatementStatus } from './types';

const FINAL = new Set<string>(['FINISHED', 'FAILED', 'ABORTED']);

/** How long to wait between looks, with the injected clock and sleep that keep tests instant. */
export interface Polling {
  clock: Clock;
  sleep: Sleep;
  policy: PollPolicy;
}

export function describeOnce(client: RedshiftDataClient, id: string): Promise<DescribeStatementResponse> {
  return awsCall('DescribeStatement', () => client.send(new DescribeStatementCommand({ Id: id })), {
    resource: `Data API statement ${id}`,
  });
}

/** One DescribeStatement answer as the bot reports it. */
export function progressOf(id: string, d: DescribeStatementResponse): StatementProgress {
  const progress: StatementProgress = { id, status: statusOf(d.Status), hasResultSet: d.HasResultSet === true };
  if (d.Error) progress.error = d.Error;
  if (d.ResultRows !== undefined) progress.resultRows = d.ResultRows;
  const ms = durationMs(d.Duration);
  if (ms !== undefined) progress.durationMs = ms;
  if (d.QueryString) progress.sql = d.QueryString;
  return progress;
}

/**
 * Polls with backoff until a final state; at the timeout the statement is cancelled, so nothing
 * the caller gave up on is applied later behind its back.
 */
export async function pollUntilFinal(
  client: RedshiftDataClient,
  id: string,
  timeoutMs: number,
  polling: Polling,
): Promise<DescribeStatementResponse> {
  const started = polling.clock.now();
  for (let attempt = 0; ; attempt += 1) {
    const d = await describeOnce(client, id);
    const status = d.Status ?? 'SUBMITTED';
    if (FINAL.has(status)) return d;
    const waited = polling.clock.now() - started;
    if (waited >= timeoutMs) throw new StatementTimeoutError(id, waited, status, await cancelOnTimeout(client, id));
    await polling.sleep(Math.min(pollDelay(attempt, polling.policy), timeoutMs - waited));
  }
}

async function cancelOnTimeout(client: RedshiftDataClient, id: string): Promise<TimeoutCancel> {
  try {
    const output = await awsCall('CancelStatement', () => client.send(new CancelStatementCommand({ Id: id })), {
      resource: `Data API statement ${id}`,
    });
    return output.Status === true ? { cancelled: true } : { cancelled: false, fault: 'the Data API did not accept the cancel' };
  } catch (error) {
    if (!(error instanceof AwsOperationError)) throw error;
    return { cancelled: false, fault: `${error.fault}: ${error.awsMessage}` };
  }
}

function statusOf(status: string | undefined): StatementStatus {
  switch (status) {
    case 'PICKED':
    case 'STARTED':
    case 'FINISHED':
    case 'ABORTED':
    case 'FAILED':
      return status;
    default:
      return 'SUBMITTED';
  }
}

/** DescribeStatement's Duration is in nanoseconds; -1 or absent when unknown. */
export function durationMs(nanoseconds: number | undefined): number | undefined {
  return nanoseconds !== undefined && nanoseconds >= 0 ? Math.round(nanoseconds / 1e6) : undefined;
}
