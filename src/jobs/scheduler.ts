import type { ChatopsConfig } from '../config/chatops';
import type { ScheduleTask } from '../config/schedules';
import type { Clock } from '../clock';
import type { Store } from '../store/store';
import { latestOccurrence, occurrencesBetween } from './schedule';
import { messageOf } from './runner';

export type ScheduleDefinition = ChatopsConfig['schedules'][number];

export const SCHEDULE_KIND = 'schedule';
/** A schedule seen for the first time looks back this far, so a deploy right after an occurrence still runs it. */
export const FIRST_LOOKBACK_MS = 60_000;

export interface ScheduleState {
  /** The occurrence (epoch ms) most recently claimed, or, before the first run, the last one before the schedule was first seen. */
  lastOccurrence: number;
  lastRunAt?: number;
  lastOutcome?: 'ok' | 'failed' | 'not-built';
  lastError?: string;
  /** Occurrences folded into the last run because ticks were late. */
  coalesced?: number;
}

export interface TaskRun {
  schedule: ScheduleDefinition;
  occurrence: number;
}

export type TaskRunner = (run: TaskRun) => Promise<void>;
export type TaskRegistry = Partial<Record<ScheduleTask, TaskRunner>>;

export type ScheduleOutcome =
  | { schedule: string; ran: false; why: 'disabled' | 'not-due' | 'claimed-elsewhere' }
  | { schedule: string; ran: true; occurrence: number; coalesced: number; outcome: 'ok' | 'failed' | 'not-built'; error?: string };

interface SchedulerPorts {
  store: Store;
  clock: Clock;
  tasks: TaskRegistry;
}

/**
 * Runs a schedule's latest due occurrence once. Both runtimes come here: node-cron when it fires, the
 * Lambda tick for every schedule. The claim is a conditional write on the schedule's state, so a
 * doubled tick, two processes or a late tick after a node-cron firing still run each occurrence once;
 * a late tick folds the occurrences it missed into one run.
 */
export async function runScheduleIfDue(
  schedule: ScheduleDefinition,
  ports: SchedulerPorts,
  options: { toleranceMs?: number } = {},
): Promise<ScheduleOutcome> {
  if (!schedule.enabled) return { schedule: schedule.name, ran: false, why: 'disabled' };
  const now = ports.clock.now();
  const occurrence = latestOccurrence(schedule.cron, schedule.timezone, now + (options.toleranceMs ?? 0));
  const current = await ports.store.get<ScheduleState>(SCHEDULE_KIND, schedule.name);
  const since = current?.data.lastOccurrence ?? now - FIRST_LOOKBACK_MS;
  if (occurrence <= since) {
    // First sight of a schedule between its occurrences: remember the one it did not run, so the next
    // occurrence runs however late the tick that sees it (a delayed tick, the sandbox's clock jump),
    // not only within the look-back. Losing this write to another process changes nothing.
    if (!current) await ports.store.create(SCHEDULE_KIND, schedule.name, { lastOccurrence: occurrence });
    return { schedule: schedule.name, ran: false, why: 'not-due' };
  }

  const coalesced = occurrencesBetween(schedule.cron, schedule.timezone, since, occurrence) - 1;
  const claimed: ScheduleState = { ...current?.data, lastOccurrence: occurrence, coalesced: Math.max(0, coalesced) };
  const won = current
    ? await ports.store.update(SCHEDULE_KIND, schedule.name, current.version, claimed)
    : await ports.store.create(SCHEDULE_KIND, schedule.name, claimed);
  if (!won) return { schedule: schedule.name, ran: false, why: 'claimed-elsewhere' };

  const task = ports.tasks[schedule.task];
  let outcome: 'ok' | 'failed' | 'not-built' = 'not-built';
  let error: string | undefined;
  if (task) {
    try {
      await task({ schedule, occurrence });
      outcome = 'ok';
    } catch (failure) {
      outcome = 'failed';
      error = messageOf(failure);
    }
  }
  await recordOutcome(schedule.name, { ...claimed, lastRunAt: ports.clock.now(), lastOutcome: outcome, lastError: error }, ports);
  await ports.store.appendAudit({
    actor: 'system',
    action: 'schedule.run',
    target: schedule.name,
    input: { task: schedule.task, occurrence: new Date(occurrence).toISOString(), coalesced: claimed.coalesced },
    result: outcome === 'not-built' ? { outcome, note: `the ${schedule.task} task is not available yet` } : { outcome, error },
  });
  return { schedule: schedule.name, ran: true, occurrence, coalesced: claimed.coalesced ?? 0, outcome, error };
}

/** Saves how the run ended unless a later occurrence has been claimed meanwhile (that run's record wins). */
async function recordOutcome(name: string, state: ScheduleState, ports: SchedulerPorts): Promise<void> {
  const latest = await ports.store.get<ScheduleState>(SCHEDULE_KIND, name);
  if (latest && latest.data.lastOccurrence === state.lastOccurrence) {
    await ports.store.update(SCHEDULE_KIND, name, latest.version, state);
  }
}

/** The Lambda tick: every schedule once, in order; one failing task does not stop the others. */
export async function runDueSchedules(config: Pick<ChatopsConfig, 'schedules'>, ports: SchedulerPorts): Promise<ScheduleOutcome[]> {
  const outcomes: ScheduleOutcome[] = [];
  for (const schedule of config.schedules) outcomes.push(await runScheduleIfDue(schedule, ports));
  return outcomes;
}
