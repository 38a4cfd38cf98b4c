import type { WebClient } from '@slack/web-api';
import { respondTo, type ResponseMessage } from '../../jobs/respond';

/**
 * Where a job answers the person who asked: the command's response_url when there is one (slash
 * commands, buttons in messages), else an ephemeral message in the channel (modal submissions).
 */
export type ReplyTo = { responseUrl: string } | { channel: string; user: string };

export async function reply(slack: WebClient, to: ReplyTo, message: ResponseMessage): Promise<void> {
  if ('responseUrl' in to) return respondTo(to.responseUrl, message);
  await slack.chat.postEphemeral({
    channel: to.channel,
    user: to.user,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks as never } : {}),
  });
}
