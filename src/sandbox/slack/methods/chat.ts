import { blockProblems } from '../block-limits';
import { booleanField, isJsonObject, stringField, type JsonObject } from '../json';
import type { MessageChange } from '../message-store';
import { fail, messageJson, type MethodContext, type MethodHandler } from './context';

type Content = { ok: true; change: MessageChange } | { ok: false; answer: JsonObject };

/** text/blocks/attachments/metadata as given; absent fields stay absent (chat.update keeps them). */
function readContent(args: JsonObject): Content {
  const change: MessageChange = {};
  const text = stringField(args, 'text');
  if (text !== undefined) change.text = text;
  if (args.blocks !== undefined) {
    if (!Array.isArray(args.blocks)) return { ok: false, answer: fail('invalid_blocks_format') };
    const problems = blockProblems(args.blocks, 'message');
    if (problems.length > 0) return { ok: false, answer: fail('invalid_blocks', problems) };
    change.blocks = args.blocks.filter(isJsonObject);
  }
  if (args.attachments !== undefined) {
    if (!Array.isArray(args.attachments)) return { ok: false, answer: fail('invalid_attachments') };
    change.attachments = args.attachments.filter(isJsonObject);
  }
  if (args.metadata !== undefined) {
    if (!isJsonObject(args.metadata)) return { ok: false, answer: fail('invalid_metadata_format') };
    change.metadata = args.metadata;
  }
  return { ok: true, change };
}

function hasVisibleContent(change: MessageChange): boolean {
  return (
    (change.text !== undefined && change.text.length > 0) ||
    (change.blocks !== undefined && change.blocks.length > 0) ||
    (change.attachments !== undefined && change.attachments.length > 0)
  );
}

/** Slack posts only where the bot is a member, unless it may post in public channels (chat:write.public). */
function membershipError({ workspace, scopes }: MethodContext, channelId: string): JsonObject | undefined {
  const seeded = workspace.channel(channelId);
  if (seeded === undefined || workspace.isBotMember(channelId)) return undefined;
  if (seeded.isPrivate === true) return fail('channel_not_found');
  return scopes.has('chat:write.public') ? undefined : fail('not_in_channel');
}

const postMessage: MethodHandler = (context: MethodContext, args) => {
  const { workspace, messages } = context;
  const channel = workspace.resolveChannel(stringField(args, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  const notMember = membershipError(context, channel);
  if (notMember !== undefined) return notMember;
  const content = readContent(args);
  if (!content.ok) return content.answer;
  if (!hasVisibleContent(content.change)) return fail('no_text');
  const threadTs = stringField(args, 'thread_ts');
  // Real Slack would post a reply into nowhere; failing here catches a bot threading on a lost ts.
  if (threadTs !== undefined && threadTs !== '' && !messages.has(channel, threadTs)) return fail('thread_not_found');
  const { seed } = workspace;
  const stored = messages.add({
    type: 'message',
    channel,
    ts: workspace.nextTs(),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    text: content.change.text ?? '',
    blocks: content.change.blocks ?? [],
    ...(content.change.attachments !== undefined ? { attachments: content.change.attachments } : {}),
    ...(content.change.metadata !== undefined ? { metadata: content.change.metadata } : {}),
    user: seed.botUserId,
    bot_id: seed.botId,
    app_id: seed.appId,
    team: seed.teamId,
    ...(threadTs && booleanField(args, 'reply_broadcast') ? { reply_broadcast: true } : {}),
    updates: 0,
    source: 'chat.postMessage',
  });
  return { ok: true, channel, ts: stored.ts, message: messageJson(stored) };
};

const update: MethodHandler = ({ workspace, messages }, args) => {
  const channel = workspace.resolveChannel(stringField(args, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  const ts = stringField(args, 'ts');
  const existing = ts === undefined ? undefined : messages.get(channel, ts);
  if (ts === undefined || existing === undefined) return fail('message_not_found');
  const content = readContent(args);
  if (!content.ok) return content.answer;
  // Fields left out keep their current value, as in Slack; the result must still show something.
  const merged: MessageChange = {
    text: content.change.text ?? existing.text,
    blocks: content.change.blocks ?? existing.blocks,
    attachments: content.change.attachments ?? existing.attachments,
  };
  if (!hasVisibleContent(merged)) return fail('no_text');
  const updated = messages.update(channel, ts, content.change, workspace.nextTs());
  if (updated === undefined) return fail('message_not_found');
  return { ok: true, channel, ts, text: updated.text, message: messageJson(updated) };
};

const postEphemeral: MethodHandler = ({ workspace, messages }, args) => {
  const channel = workspace.resolveChannel(stringField(args, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  const user = stringField(args, 'user');
  if (user === undefined || workspace.user(user) === undefined) return fail('user_not_found');
  const content = readContent(args);
  if (!content.ok) return content.answer;
  if (!hasVisibleContent(content.change)) return fail('no_text');
  const ts = workspace.nextTs();
  const threadTs = stringField(args, 'thread_ts');
  messages.addEphemeral({
    channel,
    user,
    ts,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    text: content.change.text ?? '',
    blocks: content.change.blocks ?? [],
    source: 'chat.postEphemeral',
  });
  return { ok: true, message_ts: ts };
};

export const chatMethods: Readonly<Record<string, MethodHandler>> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
};
