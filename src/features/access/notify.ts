import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackMessageRef } from '../../approvals/types';

/** A direct message to one person; undefined (and logged) when Slack would not deliver it: the caller records that no message holds the grant's button. */
export async function directMessage(
  slack: WebClient,
  user: string,
  message: { text: string; blocks?: types.KnownBlock[] },
  log: (message: string) => void,
): Promise<SlackMessageRef | undefined> {
  try {
    const opened = await slack.conversations.open({ users: user });
    const channel = opened.channel?.id ?? user;
    const posted = await slack.chat.postMessage({ channel, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
    return posted.ts ? { channel: posted.channel ?? channel, ts: posted.ts } : undefined;
  } catch (error) {
    log(`access: the direct message to ${user} was not delivered: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
