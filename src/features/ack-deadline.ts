import type { CommandReply } from './types';

/** Slack gives 3 s; this leaves time for the HTTP answer to travel. */
export const ACK_DEADLINE_MS = 2_000;
export const STILL_WORKING_TEXT = ':hourglass_flowing_sand: Working on it…';

/**
 * A slash command's acknowledgement that never waits on the Web API: whatever a feature awaits
 * before it acks (a usergroup lookup, views.open, a user's profile) may stall for a Retry-After
 * when Slack rate-limits, so after ACK_DEADLINE_MS the command is acked with a holding message and
 * the feature's own answer, when it comes, replaces it through the response URL.
 */
export function deadlineAck(
  ack: (message?: CommandReply) => Promise<void>,
  replaceLater: (message: CommandReply) => Promise<unknown>,
  deadlineMs = ACK_DEADLINE_MS,
): { ack: (message?: CommandReply) => Promise<void>; acked: () => boolean; heldByDeadline: () => boolean; done: () => Promise<void> } {
  let acked = false;
  let early: Promise<void> | undefined;
  const timer = setTimeout(() => {
    if (acked) return;
    acked = true;
    // Silent on purpose: the holding ack fails only when the HTTP answer can no longer be sent (the
    // request is gone); there is nobody to tell, and the feature's own answer, when it comes, still
    // goes out through the response URL (replaceLater), which reports its own failures.
    early = ack({ text: STILL_WORKING_TEXT }).catch(() => undefined);
  }, deadlineMs);
  return {
    async ack(message) {
      if (!acked) {
        acked = true;
        clearTimeout(timer);
        await ack(message);
        return;
      }
      await early;
      if (message) await replaceLater(message);
    },
    acked: () => acked,
    /** The holding message went out: the feature's answer, or its failure, should replace it. */
    heldByDeadline: () => early !== undefined,
    async done() {
      clearTimeout(timer);
      await early;
    },
  };
}
