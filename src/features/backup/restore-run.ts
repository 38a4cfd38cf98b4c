import { createHash } from 'node:crypto';
import type { types } from '@slack/bolt';
import * as z from 'zod/mini';
import { codeSpan } from '../../approvals/text';
import type { SlackMessageRef } from '../../approvals/types';
import { readPayload } from '../../jobs/payload';
import { startWatch } from '../../jobs/watches';
import { isFinished, type TableRestoreInfo } from '../../redshift/restore';
import { failureRecord, failureText } from '../shared/failure';
import { executorPayloadSchema } from '../shared/payload-schemas';
import {
  PROGRESS_WATCH,
  RESTORE_KIND,
  restoreCall,
  restoreDetailsSchema,
  RUN_JOB,
  sourceLabel,
  SWAP_BUTTON,
  tableLabel,
  type RestoreDetails,
  type RestoreRecord,
} from './restore-details';
import { canSwap, countRows } from './restore-sql';
import { postInThreads, postParent } from '../shared/thread';
import { reportProgress } from '../shared/progress';
import type { JobHandler, WatchHandler, WorkContext } from '../types';
import { requestWithDetails } from '../shared/request-details';

/** How often a running restore is looked at, and when we stop watching. */
export const CHECK_EVERY_MS = 30_000;
const WATCH_TIMEOUT_MS = 12 * 3_600_000;

/** The key of a restore that needed no approval (derived from the form submission). */
export function restoreKeyFor(requestKey: string): string {
  return 'd-' + createHash('sha256').update(requestKey).digest('hex').slice(0, 16);
}

interface StartRestore {
  key: string;
  details: RestoreDetails;
  requester: string;
  requestId?: string;
  /** The approval request's threads; without them a message is posted in the requester's channel. */
  threads?: SlackMessageRef[];
}

/**
 * Calls AWS once per restore: the record is created with a conditional write first, so a second
 * executor (a redelivered job, a retried worker) finds it and calls nothing. A worker that died
 * between the create and the call leaves it `starting`; that is reported, never re-sent blindly.
 */
export async function startRestore(context: WorkContext, start: StartRestore): Promise<unknown> {
  const { store } = context;
  const { details, key } = start;
  const record: RestoreRecord = {
    details,
    requester: start.requester,
    ...(start.requestId ? { requestId: start.requestId } : {}),
    threads: start.threads ?? [],
    status: 'starting',
  };
  if (!(await store.create<RestoreRecord>(RESTORE_KIND, key, record))) {
    const existing = await store.get<RestoreRecord>(RESTORE_KIND, key);
    // Only a worker whose lease ran out is followed by another, so `starting` here means it died mid-call.
    if (existing?.data.status === 'starting') {
      const into = tableLabel(existing.data.details.targetSchema, existing.data.details.newTable);
      await postInThreads(
        context,
        existing.data.threads,
        `:warning: The restore into ${codeSpan(into)} was interrupted while AWS was being asked; it may or may not have started. Check whether ${codeSpan(into)} exists before asking again.`,
      );
      await reportProgress(
        context,
        requestIds(existing.data),
        'failed',
        `interrupted while AWS was asked: it may or may not have started; check whether ${into} exists`,
      );
    }
    return { key, alreadyStarted: true, status: existing?.data.status, restoreId: existing?.data.restoreId };
  }
  const into = tableLabel(details.targetSchema, details.newTable);
  const from = `${codeSpan(tableLabel(details.sourceSchema, details.sourceTable))} from ${sourceLabel(details)}`;
  let threads = record.threads;
  if (threads.length === 0) {
    threads = [
      await postParent(
        context,
        details.channelId,
        start.requester,
        `:rewind: <@${start.requester}> is restoring ${from} into ${codeSpan(into)} on *${details.target}*.`,
      ),
    ];
  } else {
    await postInThreads(context, threads, `:rewind: Restoring ${from} into ${codeSpan(into)} now.`);
  }
  await reportProgress(context, requestIds(record), 'running', `restoring into ${into}: asking AWS`);
  const call = restoreCall(details, context.config.targets[details.target]);
  let info: TableRestoreInfo;
  try {
    info = await context.warehouses.get(details.target).backups.restoreTable({
      source: details.source,
      sourceDatabase: details.sourceDatabase,
      sourceSchema: details.sourceSchema,
      sourceTable: details.sourceTable,
      newTable: details.newTable,
      targetDatabase: details.targetDatabase,
      targetSchema: details.targetSchema,
    });
  } catch (error) {
    await store.appendAudit({
      actor: start.requester,
      action: 'restore.start',
      target: details.target,
      input: { key, call },
      result: failureRecord(error),
    });
    await store.update<RestoreRecord>(RESTORE_KIND, key, 1, { ...record, threads, status: 'not-started', message: failureText(error) });
    await postInThreads(context, threads, `:x: The restore into ${codeSpan(into)} did not start. ${failureText(error)}`);
    await reportProgress(context, requestIds(record), 'failed', `the restore did not start: ${failureText(error)}`);
    return { key, started: false, error: failureText(error) };
  }
  await store.appendAudit({
    actor: start.requester,
    action: 'restore.start',
    target: details.target,
    input: { key, requestId: start.requestId, call },
    result: { restoreId: info.id, status: info.status },
  });
  await store.update<RestoreRecord>(RESTORE_KIND, key, 1, { ...record, threads, status: 'PENDING', restoreId: info.id });
  // The watch is recorded before anyone is told, so a process that dies here still follows the restore.
  await startWatch(context, {
    id: `restore:${key}`,
    type: PROGRESS_WATCH,
    payload: { key },
    actor: start.requester,
    firstCheckInMs: CHECK_EVERY_MS,
    timeoutMs: WATCH_TIMEOUT_MS,
  });
  await postInThreads(
    context,
    threads,
    `:hourglass_flowing_sand: AWS accepted the restore (request \`${info.id}\`): *${info.status}*. Progress follows here.`,
  );
  await reportProgress(context, requestIds(record), 'running', `restoring into ${into}: ${info.status}`);
  return { key, started: true, restoreId: info.id };
}

/** The approved request's executor. */
export const runRestoreJob: JobHandler = async (payload, context) => {
  const { requestId } = readPayload(RUN_JOB, executorPayloadSchema, payload);
  const request = await requestWithDetails(context.approvals, requestId, restoreDetailsSchema);
  if (!request || request.status !== 'approved') throw new Error(`Restore request ${requestId} is not approved; nothing was run.`);
  const threads = [request.approvalMessage, request.requesterMessage].filter((ref): ref is SlackMessageRef => ref !== undefined);
  return startRestore(context, { key: requestId, details: request.details, requester: request.requester, requestId, threads });
};

/** The approval request behind a restore, if it had one: its message's status follows the restore. */
function requestIds(record: Pick<RestoreRecord, 'requestId'>): string[] {
  return record.requestId ? [record.requestId] : [];
}

/** AWS's message as a sentence: one final full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

function megabytes(info: Pick<TableRestoreInfo, 'progressMb' | 'totalMb'>): string {
  // Until AWS knows the table's size it may report neither figure, or progress 0 with no total.
  if (info.totalMb === undefined) return info.progressMb ? `${info.progressMb} MB done` : 'size not reported yet';
  return `${info.progressMb ?? 0} of ${info.totalMb} MB`;
}

/** The swap offer under a successful restore, or why there is none. */
export function swapOffer(key: string, details: RestoreDetails): { text: string; blocks?: types.KnownBlock[] } {
  const current = tableLabel(details.sourceSchema, details.sourceTable);
  if (!canSwap(details)) {
    return {
      text: `The restored table is in another schema than ${codeSpan(current)}, so it cannot be swapped into place (Redshift renames only within a schema).`,
    };
  }
  const text = `Check the restored rows. *Swap into place* renames ${codeSpan(current)} aside and the restored table into its name, in one transaction (approval required).`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: SWAP_BUTTON, text: { type: 'plain_text', text: 'Swap into place' }, value: key }],
      },
    ],
  };
}

/** What the progress watch carries: the restore's key in the store. */
const progressWatchSchema = z.object({ key: z.string() });

/** Follows a restore to its end; each change is claimed with a conditional write, so it is reported once. */
export const restoreProgressWatch: WatchHandler = async (payload, context) => {
  const { key } = readPayload(PROGRESS_WATCH, progressWatchSchema, payload);
  const item = await context.store.get<RestoreRecord>(RESTORE_KIND, key);
  const restoreId = item?.data.restoreId;
  if (!item || !restoreId) return { done: true };
  const record = item.data;
  const { details } = record;
  const into = tableLabel(details.targetSchema, details.newTable);
  const info = await context.warehouses.get(details.target).backups.tableRestoreStatus(restoreId);
  const changed = info.status !== record.status || info.progressMb !== record.progressMb || info.totalMb !== record.totalMb;
  if (!changed) {
    if (context.timedOut) {
      await postInThreads(
        context,
        record.threads,
        `:hourglass: The restore into ${codeSpan(into)} is still *${info.status}*; I stopped watching it.`,
      );
      await reportProgress(context, requestIds(record), 'running', `restoring into ${into}: still ${info.status}, no longer watched`);
      return { done: true };
    }
    return { done: false, nextCheckInMs: CHECK_EVERY_MS };
  }
  const next: RestoreRecord = { ...record, status: info.status, progressMb: info.progressMb, totalMb: info.totalMb, message: info.message };
  if (info.status === 'SUCCEEDED') {
    const counted = await context.sql
      .execute({ ...context.config.targets[details.target], database: details.targetDatabase }, countRows(details))
      .then((result) => Number(result.rows[0]?.n ?? NaN))
      .catch((error: unknown) => {
        // Counting is a courtesy: the restore succeeded either way, and the message says the rows were not counted.
        context.log(`counting the rows of ${into} failed: ${failureText(error)}`);
        return undefined;
      });
    if (counted !== undefined && Number.isFinite(counted)) next.rows = counted;
  }
  if (!(await context.store.update<RestoreRecord>(RESTORE_KIND, key, item.version, next)))
    return { done: false, nextCheckInMs: CHECK_EVERY_MS };
  const finished = isFinished(info.status);
  if (finished) {
    await context.store.appendAudit({
      actor: 'system',
      action: `restore.${info.status.toLowerCase()}`,
      target: details.target,
      input: { key, restoreId: record.restoreId, newTable: into },
      result: { status: info.status, message: info.message, rows: next.rows, totalMb: info.totalMb },
    });
  }
  if (info.status === 'SUCCEEDED') {
    const rows = next.rows === undefined ? 'its rows could not be counted' : `${next.rows.toLocaleString('en-US')} rows`;
    await postInThreads(
      context,
      record.threads,
      `:white_check_mark: Restore SUCCEEDED: ${codeSpan(into)} holds ${rows} (${megabytes(info)}).`,
    );
    await reportProgress(context, requestIds(record), 'done', `restored into ${into}: ${rows}`);
    const offer = swapOffer(key, details);
    await postInThreads(context, record.threads, offer.text, offer.blocks);
  } else if (info.status === 'FAILED') {
    await postInThreads(
      context,
      record.threads,
      `:x: Restore FAILED: ${sentence(info.message ?? 'AWS gave no reason')} Nothing was created.`,
    );
    await reportProgress(
      context,
      requestIds(record),
      'failed',
      `restore failed: ${sentence(info.message ?? 'AWS gave no reason')} Nothing was created.`,
    );
  } else if (info.status === 'CANCELED') {
    await postInThreads(
      context,
      record.threads,
      `:no_entry_sign: Restore CANCELED${info.message ? `: ${sentence(info.message)}` : '.'} Nothing was created.`,
    );
    await reportProgress(
      context,
      requestIds(record),
      'failed',
      `restore canceled${info.message ? `: ${sentence(info.message)}` : '.'} Nothing was created.`,
    );
  } else {
    await postInThreads(context, record.threads, `:hourglass_flowing_sand: ${info.status}: ${megabytes(info)}.`);
    await reportProgress(context, requestIds(record), 'running', `restoring into ${into}: ${info.status}, ${megabytes(info)}`);
  }
  return finished ? { done: true } : { done: false, nextCheckInMs: CHECK_EVERY_MS };
};
