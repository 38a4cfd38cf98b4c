import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { respondTo, type ResponseMessage } from '../../jobs/respond';

/**
 * Where a job answers the person who asked: the command's response_url when there is one (slash
 * commands, buttons in messages), else an ephemeral message in the channel (modal submissions).
 */
export type ReplyTo = { responseUrl: string } | { channel: string; user: string };

/** A reply: its blocks are Block Kit, so the same message goes through either way. */
export type ReplyMessage = Omit<ResponseMessage, 'blocks'> & { blocks?: types.KnownBlock[] };

export async function reply(slack: WebClient, to: ReplyTo, message: ReplyMessage): Promise<void> {
  if ('responseUrl' in to) return respondTo(to.responseUrl, message);
  await slack.chat.postEphemeral({
    channel: to.channel,
    user: to.user,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
  });
}
