import type { Target } from '../../config/targets';
import { startWatch, type WatchOutcome } from '../../jobs/watches';
import type { StatementProgress } from '../../redshift/data-api';
import type { SqlStatement } from '../../redshift/sql';
import { postParent } from '../shared/thread';
import { failureRecord, failureText } from '../shared/failure';
import { reply } from '../shared/reply';
import { bestEffort } from '../../slack/best-effort';
import { reportEnd } from './run-end';
import { runLabel } from './run-label';
import {
  claimTable,
  getRun,
  lockHolder,
  lockKey,
  LOCK_LIFETIME_MS,
  mutateRun,
  queuedRuns,
  releaseLock,
  releaseTable,
  RUN_KIND,
  takeLock,
  type RunPlan,
  type VacuumRun,
} from './runs';
import { checkStep, readBefore } from './step-check';
import { analyzeStatement, progressStatement, vacuumStatement } from './vacuum-sql';
import type { WorkContext } from '../types';

export const PROGRESS_WATCH = 'vacuum.progress';
export const QUEUED_WATCH = 'vacuum.queued';
/** How often a running VACUUM is looked at, and a queued one checks whether its turn came. */
export const CHECK_EVERY_MS = 30_000;
/** A queued run gives up after this long (the one ahead may be a huge table). */
const QUEUE_TIMEOUT_MS = 48 * 3_600_000;

type Ctx = WorkContext;

export function stepStatement(run: RunPlan, step: number): SqlStatement {
  return run.steps[step] === 'analyze'
    ? analyzeStatement(run.schema, run.table)
    : vacuumStatement(run.schema, run.table, run.mode, run.toPercent);
}

/**
 * Records the run and starts it when its warehouse is free and nobody queued earlier; otherwise it
 * waits its turn (a watch checks every CHECK_EVERY_MS) and the requester is told what is ahead.
 * Idempotent: the run id comes from the request, so a retry finds the run it recorded.
 */
export async function startRun(context: Ctx, runId: string, plan: RunPlan, approvedBy?: string[]): Promise<VacuumRun> {
  const now = context.clock.now();
  const key = lockKey(context.config.targets[plan.target]);
  const holder = await claimTable(context.store, key, { id: runId, schema: plan.schema, table: plan.table }, now);
  if (holder !== runId) {
    const other = (await getRun(context.store, holder))?.data;
    if (other) {
      const text = `:information_source: ${runLabel(other)} is already ${other.status === 'queued' ? 'waiting its turn' : 'running'} (asked by <@${other.requestedBy}>); nothing more was started.`;
      await bestEffort(
        `vacuum ${runId}: the reply that a run is already under way`,
        () => reply(context.slack, plan.replyTo, { text, replace_original: false }),
        context.log,
      );
      return other;
    }
  }
  const fresh: VacuumRun = {
    ...plan,
    id: runId,
    status: 'queued',
    queuedAt: now,
    step: 0,
    outcomes: [],
    ...(approvedBy ? { approvedBy } : {}),
  };
  await context.store.create<VacuumRun>(RUN_KIND, runId, fresh);
  const run = (await getRun(context.store, runId))?.data ?? fresh;
  if (run.status !== 'queued') return run;
  const waiting = await queuedRuns(context.store, key, context.config.targets);
  if (waiting[0]?.id === run.id && (await takeLock(context.store, key, run.id, now))) {
    await begin(context, run.id);
    return (await getRun(context.store, runId))?.data ?? run;
  }
  await startWatch(context, {
    id: `vacuum-queued:${run.id}`,
    type: QUEUED_WATCH,
    payload: { runId: run.id },
    actor: run.requestedBy,
    firstCheckInMs: CHECK_EVERY_MS,
    timeoutMs: QUEUE_TIMEOUT_MS,
  });
  const lock = await lockHolder(context.store, key);
  const running = lock ? (await getRun(context.store, lock.runId))?.data : undefined;
  const ahead = waiting.findIndex((w) => w.id === run.id);
  const behind = running ? `${runLabel(running)}, started by <@${running.requestedBy}>` : 'another VACUUM';
  await context.store.appendAudit({
    actor: run.requestedBy,
    action: 'vacuum.queued',
    target: run.target,
    input: { runId: run.id, table: `${run.schema}.${run.table}` },
    result: { behind: lock?.runId, ahead },
  });
  await reply(context.slack, run.replyTo, {
    text: `:hourglass_flowing_sand: Queued ${runLabel(run)}: Redshift runs one VACUUM per cluster at a time and ${behind} is running${ahead > 0 ? `, with ${ahead} more ahead of yours` : ''}. Yours starts by itself when it is its turn; progress will follow in a thread.`,
    replace_original: false,
  }).catch((error: unknown) => context.log(`vacuum ${run.id}: could not tell the requester it is queued: ${failureText(error)}`));
  return run;
}

/** The run holds its warehouse's lock: a watch follows it from here, and the first step starts now. */
async function begin(context: Ctx, runId: string): Promise<void> {
  await startWatch(context, {
    id: `vacuum:${runId}`,
    type: PROGRESS_WATCH,
    payload: { runId },
    actor: 'system',
    firstCheckInMs: CHECK_EVERY_MS,
    timeoutMs: LOCK_LIFETIME_MS,
  });
  await advanceRun(context, runId);
}

/**
 * One step forward, from wherever the run stands: each part (thread, figures before, the statement)
 * is recorded once done, so a process dying between two parts loses nothing and repeats nothing
 * (the statement's ClientToken makes a second submit return the first statement).
 */
export async function advanceRun(context: Ctx, runId: string): Promise<WatchOutcome> {
  let run = (await getRun(context.store, runId))?.data;
  if (!run || run.status === 'succeeded' || run.status === 'failed') return { done: true };
  const target = context.config.targets[run.target];
  if (!target) return finish(context, run, 'failed', `target ${run.target} is no longer in chatops.yml`);
  const now = context.clock.now();
  if (run.status === 'queued')
    run =
      (await mutateRun(context.store, runId, (r) => (r.status === 'queued' ? { ...r, status: 'running', startedAt: now } : undefined))) ??
      run;

  if (!run.thread) {
    const thread = await postParent(
      context,
      run.channelId,
      run.requestedBy,
      `:broom: <@${run.requestedBy}> started ${runLabel(run)}.\n${run.reasons.map((r) => `• ${r}`).join('\n')}\nProgress follows in this thread.`,
    );
    run = (await mutateRun(context.store, runId, (r) => ({ ...r, thread }))) ?? run;
  }
  if (run.historyBefore === undefined) {
    try {
      const read = await readBefore(context, run, target);
      if (read === 'gone')
        return finish(
          context,
          run,
          'failed',
          `\`${run.schema}.${run.table}\` is no longer listed in SVV_TABLE_INFO; it was dropped or emptied.`,
        );
      run = (await mutateRun(context.store, runId, (r) => ({ ...r, ...read }))) ?? run;
    } catch (error) {
      return finish(context, run, 'failed', `could not read the table's statistics first: ${failureText(error)}`);
    }
  }
  if (!run.statementId) {
    const sql = stepStatement(run, run.step);
    try {
      const submitted = await context.sql.submit(target, sql, {
        clientToken: `${run.id}-${run.step}`,
        statementName: `chatops-${run.steps[run.step]}-${run.id}`,
      });
      run = (await mutateRun(context.store, runId, (r) => ({ ...r, statementId: submitted.id }))) ?? run;
      await context.store.appendAudit({
        actor: run.requestedBy,
        action: `vacuum.statement`,
        target: run.target,
        input: { runId, step: run.steps[run.step], sql: sql.sql },
        result: { statementId: submitted.id },
      });
    } catch (error) {
      await context.store.appendAudit({
        actor: run.requestedBy,
        action: `vacuum.statement`,
        target: run.target,
        input: { runId, step: run.steps[run.step], sql: sql.sql },
        result: failureRecord(error),
      });
      return finish(
        context,
        run,
        'failed',
        `${run.steps[run.step] === 'analyze' ? 'ANALYZE' : 'VACUUM'} could not be started: ${failureText(error)}`,
      );
    }
  }

  let progress: StatementProgress;
  try {
    progress = await context.sql.describe(run.statementId ?? '', { region: target.region });
  } catch (error) {
    context.log(`vacuum ${runId}: could not look at statement ${run.statementId}: ${failureText(error)}`);
    return { done: false, nextCheckInMs: CHECK_EVERY_MS };
  }
  if (progress.status === 'FAILED' || progress.status === 'ABORTED') {
    const what = run.steps[run.step] === 'analyze' ? 'ANALYZE' : 'VACUUM';
    return finish(
      context,
      run,
      'failed',
      `${what} ${progress.status === 'ABORTED' ? 'was cancelled' : 'failed'}: ${progress.error ?? 'Redshift gave no reason'}`,
    );
  }
  if (progress.status !== 'FINISHED') {
    await reportProgress(context, run, target);
    return { done: false, nextCheckInMs: CHECK_EVERY_MS };
  }
  return stepFinished(context, run, target, progress);
}

/** SVV_VACUUM_PROGRESS (provisioned only), posted when it says something new. */
async function reportProgress(context: Ctx, run: VacuumRun, target: Target): Promise<void> {
  // Visible only to superusers (https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_VACUUM_PROGRESS.html).
  if (target.kind !== 'provisioned' || run.steps[run.step] !== 'vacuum' || !run.thread || !run.access?.superuser) return;
  try {
    const row = (await context.sql.execute(target, progressStatement())).rows[0];
    if (!row || String(row.table_name ?? '').trim() !== run.table) return;
    // The estimate is empty until the first sort is done, and once the VACUUM is complete.
    const estimate = String(row.time_remaining_estimate ?? '').trim();
    const line = `:hourglass_flowing_sand: SVV_VACUUM_PROGRESS: ${String(row.status ?? '').trim()}${estimate ? `; estimated time left: ${estimate}` : ''}.`;
    if (line === run.lastProgress) return;
    await context.slack.chat.postMessage({ channel: run.thread.channel, thread_ts: run.thread.ts, text: line });
    await mutateRun(context.store, run.id, (r) => ({ ...r, lastProgress: line }));
  } catch (error) {
    context.log(`vacuum ${run.id}: no progress this time: ${failureText(error)}`);
  }
}

/** A statement finished: check what it did (Redshift skips tables without an error), then the next step or the end. */
async function stepFinished(context: Ctx, run: VacuumRun, target: Target, progress: StatementProgress): Promise<WatchOutcome> {
  let verdict;
  try {
    verdict = await checkStep(context, run, target, progress);
  } catch (error) {
    context.log(`vacuum ${run.id}: could not read the result yet: ${failureText(error)}`);
    return { done: false, nextCheckInMs: CHECK_EVERY_MS };
  }
  if (verdict.kind === 'failed') return finish(context, run, 'failed', verdict.text);
  const outcome = verdict.text;
  const unverified = verdict.kind === 'unverified';
  const next = await mutateRun(context.store, run.id, (r) =>
    r.step === run.step && r.statementId === run.statementId
      ? { ...r, step: r.step + 1, statementId: undefined, outcomes: [...r.outcomes, outcome], ...(unverified ? { unverified } : {}) }
      : undefined,
  );
  if (!next) return { done: false, nextCheckInMs: CHECK_EVERY_MS };
  if (run.thread)
    await context.slack.chat.postMessage({
      channel: run.thread.channel,
      thread_ts: run.thread.ts,
      text: `${unverified ? ':warning:' : ':white_check_mark:'} ${outcome}`,
    });
  if (next.step < next.steps.length) return advanceRun(context, run.id);
  return finish(context, next, 'succeeded');
}

/** Says how it ended (figures before and after), frees the warehouse and starts whoever is next. */
export async function finish(context: Ctx, run: VacuumRun, status: 'succeeded' | 'failed', error?: string): Promise<WatchOutcome> {
  const now = context.clock.now();
  const ended = await mutateRun(context.store, run.id, (r) =>
    r.status === 'succeeded' || r.status === 'failed' ? undefined : { ...r, status, endedAt: now, ...(error ? { error } : {}) },
  );
  if (!ended) return { done: true };
  await reportEnd(context, run, ended, status, error);
  const key = lockKey(context.config.targets[run.target] ?? { kind: 'provisioned', cluster: run.target });
  await releaseTable(context.store, key, run);
  await releaseLock(context.store, key, run.id);
  await startNext(context, key);
  return { done: true };
}

/** The oldest queued run of this warehouse, if the lock is free. */
export async function startNext(context: Ctx, key: string): Promise<boolean> {
  const next = (await queuedRuns(context.store, key, context.config.targets))[0];
  if (!next || !(await takeLock(context.store, key, next.id, context.clock.now()))) return false;
  await begin(context, next.id);
  return true;
}
