import type { WebClient } from '@slack/web-api';
import type { SlackMessageRef } from '../../approvals/types';

/** A direct message to one person; undefined when Slack would not deliver it. */
export async function directMessage(
  slack: WebClient,
  user: string,
  message: { text: string; blocks?: unknown[] },
): Promise<SlackMessageRef | undefined> {
  try {
    const opened = await slack.conversations.open({ users: user });
    const channel = opened.channel?.id ?? user;
    const posted = await slack.chat.postMessage({ channel, text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : {}) });
    return posted.ts ? { channel: posted.channel ?? channel, ts: posted.ts } : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a notice that fails to post must not undo or repeat the work it reports. */
export async function quietly(work: () => Promise<unknown>, log: (message: string) => void): Promise<void> {
  try {
    await work();
  } catch (error) {
    log(`access: a Slack notice failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
