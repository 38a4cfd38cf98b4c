import type { SlackMessageRef } from '../../approvals/types';
import type { WorkContext } from '../types';
import { postParent } from './thread';

/** Where progress is reported: the approval request's threads, or one message of our own. */
export type ProgressPlace = { requestId: string } | { thread: SlackMessageRef };

/** Posts one progress line where the operation reports: the request's threads, or our own message's thread. */
export async function report(context: WorkContext, place: ProgressPlace, text: string): Promise<void> {
  if ('requestId' in place) {
    await context.approvals.note(place.requestId, text, context.slack);
    return;
  }
  try {
    await context.slack.chat.postMessage({ channel: place.thread.channel, thread_ts: place.thread.ts, text });
  } catch (error) {
    // The work is done or under way; a lost line must not undo or repeat it.
    context.log(`lifecycle: could not report in ${place.thread.channel}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The message an approval-free operation threads its progress under: the alert it was chosen in,
 * else a new message where it was asked, else a DM.
 */
export async function parentMessage(
  context: WorkContext,
  operation: { alert?: SlackMessageRef; channelId: string; requester: string },
  text: string,
): Promise<SlackMessageRef> {
  return operation.alert ?? postParent(context, operation.channelId, operation.requester, text);
}
