import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import type { SlackMessageRef } from '../../approvals/types';
import type { Target } from '../../config/targets';
import type { SystemAccess } from '../../redshift/visibility';
import type { Item, Store } from '../../store/store';
import { replyToSchema } from '../shared/payload-schemas';
import type { ReplyTo } from '../shared/reply';
import type { VacuumMode } from './advisor';

/**
 * VACUUM and ANALYZE runs as the store keeps them (kind `vacuum-run`), and the one lock per
 * warehouse (kind `vacuum-lock`): Redshift runs one VACUUM per cluster at a time, so the bot starts
 * one and queues the rest, oldest first.
 */
export const RUN_KIND = 'vacuum-run';
export const LOCK_KIND = 'vacuum-lock';
/** One live run per table (kind `vacuum-table`): a second click on Run finds the first run instead of queuing another. */
export const TABLE_SLOT_KIND = 'vacuum-table';
/** The Data API stops a statement after 24 h; a lock older than that belongs to a run that cannot still be going. */
export const LOCK_LIFETIME_MS = 25 * 3_600_000;
const FINISHED_RUN_RETENTION_MS = 30 * 24 * 3_600_000;

export type RunStep = 'vacuum' | 'analyze';
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** What a run will do, fixed before it is approved or queued. */
export interface RunPlan {
  target: string;
  schema: string;
  table: string;
  tableId: number;
  steps: RunStep[];
  mode: VacuumMode;
  toPercent: number;
  /** Why, as the advisor said it; shown to approvers and in the thread. */
  reasons: string[];
  requestedBy: string;
  /** Where the progress thread goes (the channel asked in, or the reminder's channel). */
  channelId: string;
  replyTo: ReplyTo;
}

/** A plan as an approval request carries it to its executor, checked when read. */
export const runPlanSchema: z.ZodMiniType<RunPlan> = z.object({
  target: z.string(),
  schema: z.string(),
  table: z.string(),
  tableId: z.number(),
  steps: z.array(z.enum(['vacuum', 'analyze'])),
  mode: z.enum(['FULL', 'SORT ONLY', 'DELETE ONLY']),
  toPercent: z.number(),
  reasons: z.array(z.string()),
  requestedBy: z.string(),
  channelId: z.string(),
  replyTo: replyToSchema,
});

export interface TableFigures {
  unsorted: number | null;
  statsOff: number;
  tblRows: number;
  visibleRows: number;
  sizeMb: number;
}

export interface VacuumRun extends RunPlan {
  id: string;
  status: RunStatus;
  queuedAt: number;
  startedAt?: number;
  endedAt?: number;
  /** Index into steps of the statement now running. */
  step: number;
  statementId?: string;
  thread?: SlackMessageRef;
  before?: TableFigures;
  /** What the bot's identity can see of the system views, probed when the run starts. */
  access?: SystemAccess;
  /** VACUUMs of the table on record (as far as the identity sees) before this run: one more afterwards proves it ran. */
  historyBefore?: number;
  /** ANALYZE records of the table before this run (superusers only). */
  analyzeBefore?: number;
  /** Set when a step ended but the identity cannot see whether it did anything. */
  unverified?: boolean;
  /** The last progress line posted, so the same one is not posted twice. */
  lastProgress?: string;
  /** What each step did, in words, for the final message. */
  outcomes: string[];
  approvedBy?: string[];
  error?: string;
}

export interface LockRecord {
  runId: string;
  since: number;
}

export function runIdFor(idempotencyKey: string): string {
  return 'v-' + createHash('sha256').update(`vacuum:${idempotencyKey}`).digest('hex').slice(0, 10);
}

/** One VACUUM per cluster or workgroup, whichever target names it. */
export function lockKey(target: Target): string {
  return target.kind === 'provisioned' ? `cluster:${target.cluster}` : `workgroup:${target.workgroup}`;
}

export async function getRun(store: Store, id: string): Promise<Item<VacuumRun> | undefined> {
  return store.get<VacuumRun>(RUN_KIND, id);
}

/** Applies `change` with a conditional write, retrying when someone else wrote first; undefined when change declines. */
export async function mutateRun(
  store: Store,
  id: string,
  change: (run: VacuumRun) => VacuumRun | undefined,
): Promise<VacuumRun | undefined> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const item = await getRun(store, id);
    if (!item) return undefined;
    const next = change(item.data);
    if (!next) return undefined;
    const finished = next.status === 'succeeded' || next.status === 'failed';
    if (
      await store.update<VacuumRun>(
        RUN_KIND,
        id,
        item.version,
        next,
        finished ? { expiresAt: (next.endedAt ?? 0) + FINISHED_RUN_RETENTION_MS } : {},
      )
    )
      return next;
  }
  throw new Error(`vacuum run ${id} kept changing under us; try again`);
}

/** Takes the warehouse's lock for this run; true when this run holds it (now or already). */
export async function takeLock(store: Store, key: string, runId: string, now: number): Promise<boolean> {
  if (await store.create<LockRecord>(LOCK_KIND, key, { runId, since: now }, { expiresAt: now + LOCK_LIFETIME_MS })) return true;
  return (await store.get<LockRecord>(LOCK_KIND, key))?.data.runId === runId;
}

/** Who holds the lock, if anyone. */
export async function lockHolder(store: Store, key: string): Promise<LockRecord | undefined> {
  return (await store.get<LockRecord>(LOCK_KIND, key))?.data;
}

/** Releases the lock only if this run holds it. */
export async function releaseLock(store: Store, key: string, runId: string): Promise<void> {
  const item = await store.get<LockRecord>(LOCK_KIND, key);
  if (item && item.data.runId === runId) await store.delete(LOCK_KIND, key, item.version);
}

/** Runs waiting for this warehouse, oldest first. */
export async function queuedRuns(store: Store, key: string, targets: Readonly<Record<string, Target>>): Promise<VacuumRun[]> {
  const waiting: VacuumRun[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list<VacuumRun>(RUN_KIND, { limit: 200, cursor });
    for (const item of page.items) {
      const target = targets[item.data.target];
      if (item.data.status === 'queued' && target && lockKey(target) === key) waiting.push(item.data);
    }
    cursor = page.cursor;
  } while (cursor);
  return waiting.sort((a, b) => a.queuedAt - b.queuedAt || a.id.localeCompare(b.id));
}

function slotId(key: string, schema: string, table: string): string {
  return `${key}:${schema}.${table}`;
}

/**
 * Claims the table for this run; returns the run that holds it (this one, or a live earlier one).
 * A slot left by a run that has ended is taken over.
 */
export async function claimTable(store: Store, key: string, run: Pick<VacuumRun, 'id' | 'schema' | 'table'>, now: number): Promise<string> {
  const id = slotId(key, run.schema, run.table);
  for (let attempt = 0; attempt < 10; attempt += 1) {
    if (await store.create<LockRecord>(TABLE_SLOT_KIND, id, { runId: run.id, since: now }, { expiresAt: now + 2 * LOCK_LIFETIME_MS }))
      return run.id;
    const slot = await store.get<LockRecord>(TABLE_SLOT_KIND, id);
    if (!slot) continue;
    const holder = (await getRun(store, slot.data.runId))?.data;
    if (slot.data.runId === run.id || (holder && holder.status !== 'succeeded' && holder.status !== 'failed')) return slot.data.runId;
    if (
      await store.update<LockRecord>(
        TABLE_SLOT_KIND,
        id,
        slot.version,
        { runId: run.id, since: now },
        { expiresAt: now + 2 * LOCK_LIFETIME_MS },
      )
    )
      return run.id;
  }
  throw new Error(`${run.schema}.${run.table} kept changing hands; try again`);
}

export async function releaseTable(store: Store, key: string, run: Pick<VacuumRun, 'id' | 'schema' | 'table'>): Promise<void> {
  const id = slotId(key, run.schema, run.table);
  const slot = await store.get<LockRecord>(TABLE_SLOT_KIND, id);
  if (slot && slot.data.runId === run.id) await store.delete(TABLE_SLOT_KIND, id, slot.version);
}
