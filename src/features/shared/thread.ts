import type { types } from '@slack/bolt';
import type { SlackMessageRef } from '../../approvals/types';
import type { WorkContext } from '../types';

/** The message progress is threaded under: in the channel the command came from, else a DM. */
export async function postParent(context: Pick<WorkContext, 'slack'>, channelId: string, userId: string, text: string): Promise<SlackMessageRef> {
  try {
    const posted = await context.slack.chat.postMessage({ channel: channelId, text });
    return { channel: posted.channel ?? channelId, ts: posted.ts ?? '' };
  } catch {
    // The bot is not in that channel (or it is a DM with someone else): follow up privately.
    const dm = await context.slack.conversations.open({ users: userId });
    const channel = dm.channel?.id ?? userId;
    const posted = await context.slack.chat.postMessage({ channel, text });
    return { channel, ts: posted.ts ?? '' };
  }
}

/** Posts in each thread; one unreachable thread does not stop the others. */
export async function postInThreads(
  context: Pick<WorkContext, 'slack' | 'log'>,
  threads: readonly SlackMessageRef[],
  text: string,
  blocks?: types.KnownBlock[],
): Promise<void> {
  for (const ref of threads) {
    try {
      await context.slack.chat.postMessage({ channel: ref.channel, thread_ts: ref.ts, text, ...(blocks ? { blocks } : {}) });
    } catch (error) {
      context.log(`could not post in the thread ${ref.channel}/${ref.ts}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
