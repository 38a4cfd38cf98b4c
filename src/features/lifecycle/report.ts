import type { SlackMessageRef } from '../../approvals/types';
import type { LifecycleOperation, ProgressPlace } from './types';
import type { WorkContext } from '../types';

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

/** The message an approval-free operation threads its progress under: where it was asked, else a DM. */
export async function parentMessage(
  context: WorkContext,
  operation: Pick<LifecycleOperation, 'alert' | 'channelId' | 'requester'>,
  text: string,
): Promise<SlackMessageRef> {
  if (operation.alert) return operation.alert;
  try {
    const posted = await context.slack.chat.postMessage({ channel: operation.channelId, text });
    return { channel: posted.channel ?? operation.channelId, ts: posted.ts ?? '' };
  } catch {
    // The bot is not in that channel: follow up privately.
    const dm = await context.slack.conversations.open({ users: operation.requester });
    const channel = dm.channel?.id ?? operation.requester;
    const posted = await context.slack.chat.postMessage({ channel, text });
    return { channel, ts: posted.ts ?? '' };
  }
}
