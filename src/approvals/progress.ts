import type { Store, WriteOptions } from '../store/store';
import { REQUEST_KIND, type ApprovalRequest, type ExecutionProgress, type ProgressState } from './types';

/**
 * An executor's reports on an approved request. Reports can arrive out of order (a job redelivered,
 * a sweep and a job on the same request, two processes), so each carries when it was made and the
 * stored one is replaced only by a newer one.
 */

/** The longest progress text kept: one line of a status, not a log. */
export const PROGRESS_TEXT_MAX = 300;
/** Conditional writes lost to another writer are retried this often before giving up. */
const MAX_WRITE_ATTEMPTS = 20;

/**
 * At the same instant (a frozen clock, or two reports in one millisecond) the one further along wins:
 * an executor starts, may wait, then finishes; an ended effect comes after it took effect.
 */
const ORDER: Record<ProgressState, number> = { running: 0, retrying: 1, done: 2, failed: 2, ended: 3 };

/** One line of plain text: no line breaks, at most PROGRESS_TEXT_MAX characters. */
export function cleanProgress(progress: ExecutionProgress): ExecutionProgress {
  const flat = progress.text.replace(/\s+/g, ' ').trim();
  const text = flat.length <= PROGRESS_TEXT_MAX ? flat : `${flat.slice(0, PROGRESS_TEXT_MAX - 1)}…`;
  return { state: progress.state, text, at: progress.at };
}

/** Whether `incoming` replaces `current`: made later, or at the same time and further along. */
export function supersedes(current: ExecutionProgress | undefined, incoming: ExecutionProgress): boolean {
  if (!current) return true;
  // The same words again (a watch looking every half minute) would only redraw both messages.
  if (incoming.state === current.state && incoming.text === current.text) return false;
  if (incoming.at !== current.at) return incoming.at > current.at;
  // The same moment: the one further along, or at the same stage the later writer's words.
  return ORDER[incoming.state] >= ORDER[current.state];
}

export type ProgressWrite = 'recorded' | 'stale' | 'missing' | 'busy';

/** Stores the report with a conditional write, leaving the request's due time and retention as they are. */
export async function recordProgress(store: Store, requestId: string, report: ExecutionProgress): Promise<ProgressWrite> {
  const progress = cleanProgress(report);
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt += 1) {
    const item = await store.get<ApprovalRequest>(REQUEST_KIND, requestId);
    if (!item) return 'missing';
    if (!supersedes(item.data.progress, progress)) return 'stale';
    const keep: WriteOptions = { dueAt: item.dueAt ?? null, expiresAt: item.expiresAt ?? null };
    if (await store.update(REQUEST_KIND, requestId, item.version, { ...item.data, progress }, keep)) return 'recorded';
    // Someone else wrote the request meanwhile; read it again and compare with what they wrote.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
  }
  return 'busy';
}
