import type { ProgressState } from '../../approvals/types';
import type { WorkContext } from '../types';

/** What an executor needs to report where its approved action stands. */
export type ProgressReporter = Pick<WorkContext, 'approvals' | 'slack' | 'clock' | 'log'>;

/**
 * Sets the approval message's status (ApprovalWorkflow.progress) for each request named. Plain
 * words, escaped by the workflow; AWS error text only through failureText. Best effort: a status that
 * cannot be drawn must not fail, undo or repeat the work it reports.
 */
export async function reportProgress(
  context: ProgressReporter,
  requestIds: readonly string[],
  state: ProgressState,
  text: string,
  at?: number,
): Promise<void> {
  const progress = { state, text, at: at ?? context.clock.now() };
  for (const requestId of new Set(requestIds)) {
    try {
      await context.approvals.progress(requestId, progress, context.slack);
    } catch (error) {
      context.log(`approval ${requestId}: could not show progress: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
