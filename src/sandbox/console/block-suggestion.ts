import { defaultSlackSeed, SANDBOX_VERIFICATION_TOKEN, type JsonObject, type SlackPayload } from '../slack';

export interface BlockSuggestionInput {
  userId: string;
  actionId: string;
  blockId: string;
  /** What the person has typed so far. */
  value: string;
  view?: JsonObject;
  channelId?: string;
  /** The message holding the select, when it is in a message. */
  messageTs?: string;
  ephemeral?: boolean;
}

/** The payload Slack sends for an external select's options as the person types. */
export function blockSuggestion(input: BlockSuggestionInput): SlackPayload {
  const seed = defaultSlackSeed;
  const user = seed.users.find((candidate) => candidate.id === input.userId);
  const payload: JsonObject = {
    type: 'block_suggestion',
    user: { id: input.userId, username: user?.name ?? input.userId, name: user?.name ?? input.userId, team_id: seed.teamId },
    container:
      input.view !== undefined
        ? { type: 'view', view_id: typeof input.view.id === 'string' ? input.view.id : '' }
        : { type: 'message', ...(input.messageTs !== undefined ? { message_ts: input.messageTs } : {}), ...(input.channelId !== undefined ? { channel_id: input.channelId } : {}), is_ephemeral: input.ephemeral === true },
    api_app_id: seed.appId,
    token: SANDBOX_VERIFICATION_TOKEN,
    action_id: input.actionId,
    block_id: input.blockId,
    value: input.value,
    team: { id: seed.teamId, domain: seed.teamDomain },
    ...(input.view !== undefined ? { view: input.view } : {}),
    ...(input.channelId !== undefined ? { channel: { id: input.channelId, name: input.channelId } } : {}),
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded', data: payload };
}
