import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { bestEffort } from '../../slack/best-effort';
import { busyAware, failFastClient, SLACK_BUSY_TEXT, SlackBusyError } from '../../slack/fail-fast';

/**
 * views.open for a click or command that has already been acked: the trigger_id is only good for
 * 3 s, so the call goes through the fail-fast client, and a busy Slack ends it at once with a
 * message the person can act on (through `tell`, the response URL or an ephemeral message).
 * Resolves to the opened view's id, or undefined when Slack was busy. Other failures are thrown.
 */
export async function openViewAfterAck(
  client: WebClient,
  triggerId: string,
  view: types.ModalView,
  tell: (text: string) => Promise<unknown>,
  log: (message: string) => void,
): Promise<string | undefined> {
  try {
    const opened = await busyAware('views.open', () => failFastClient(client).views.open({ trigger_id: triggerId, view }));
    return opened.view?.id ?? '';
  } catch (error) {
    if (!(error instanceof SlackBusyError)) throw error;
    await bestEffort('the answer that Slack is busy', () => tell(SLACK_BUSY_TEXT), log);
    return undefined;
  }
}
