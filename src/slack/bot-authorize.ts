import type { Authorize } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

export interface BotIds {
  botId: string;
  botUserId: string;
}

/**
 * Who the bot is, for Bolt's context (its ignore-self check) and the listeners' clients. Bolt's own
 * authorization for one token calls auth.test once and keeps the promise, a rejected one too, so one
 * auth.test that timed out or met a 429 at a cold start left that instance acking every later request
 * without running anything. This keeps only an answer and asks again on the next request after a
 * failure. With the bot's ids in chatops.yml (`slack.botId`, `slack.botUserId`) nothing is asked.
 */
export function botAuthorize(botToken: string, ids: BotIds | undefined, client: () => WebClient): Authorize<boolean> {
  if (ids) return async ({ isEnterpriseInstall }) => ({ isEnterpriseInstall, botToken, ...ids });
  let learned: Promise<BotIds> | undefined;
  return async ({ isEnterpriseInstall }) => {
    learned ??= client()
      .auth.test({ token: botToken })
      .then((result) => {
        if (!result.bot_id || !result.user_id) throw new Error('auth.test named no bot_id and user_id: SLACK_BOT_TOKEN must be a bot token (xoxb-)');
        return { botId: result.bot_id, botUserId: result.user_id };
      });
    const asked = learned;
    try {
      return { isEnterpriseInstall, botToken, ...(await asked) };
    } catch (error) {
      // Forgotten, unless a later request already asked again.
      if (learned === asked) learned = undefined;
      throw error;
    }
  };
}
