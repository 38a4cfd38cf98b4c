import type { App, Logger, RespondFn, SlackAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { freeTextProblem } from '../commands/free-text';
import type { ChatopsConfig } from '../config/chatops';
import { bestEffort } from '../slack/best-effort';
import { APPROVE_ACTION, BREAK_GLASS_ACTION, DENY_ACTION } from './blocks';
import { isRequestId } from './ids';
import { BREAK_GLASS_MODAL, breakGlassModal, DENY_MODAL, denyModal, readModalMetadata, REASON_BLOCK, REASON_INPUT } from './modals';
import type { Decision } from './types';
import type { ApprovalWorkflow } from './workflow';

/** What the approval buttons and modals use of the app: the workflow, where approvals are posted, a logger. */
export interface ApprovalActionPorts {
  approvals: Pick<ApprovalWorkflow, 'decide' | 'precheck' | 'get'>;
  config: { channels: Pick<ChatopsConfig['channels'], 'approvals'> };
  logger: Pick<Logger, 'error' | 'warn'>;
}

/** One button click, read from Slack's payload. */
interface Click {
  requestId: string;
  user: string;
  channel?: string;
  triggerId: string;
  respond?: RespondFn;
  /** The message whose button was clicked. */
  message?: { channel: string; ts: string };
}

/**
 * The approval buttons and reason modals. A click that records a decision (Approve, the Deny and
 * Break-glass modals) is acked right after the store write and before any Slack call; the buttons
 * that only open a modal ack first. Who may decide is checked by the workflow on every click,
 * whoever the button was drawn for. Refusals are ephemeral.
 */
export function registerApprovalActions(app: App, ports: ApprovalActionPorts): void {
  const workflow = ports.approvals;
  const log = (message: string) => ports.logger.warn(message);
  const tell = (client: WebClient, click: Click, text: string) => tellClicker(client, click, text, log);
  const failed = (error: unknown) => {
    ports.logger.error('approval click failed', error);
    return `:warning: Your click could not be recorded: ${error instanceof Error ? error.message : String(error)}. Try again; a click that did count is never counted twice.`;
  };

  app.action(APPROVE_ACTION, async ({ ack, body, action, client, respond }) => {
    const click = readClick(body, action, respond);
    if (!click) return ack();
    // Acked once the decision is written (see decide's onRecorded), so an acknowledged approval is on record.
    const acknowledge = ackAfterWrite(ack, log);
    try {
      const result = await workflow.decide(
        click.requestId,
        click.user,
        'approve',
        { onRecorded: acknowledge.now, ...(click.message ? { clickedMessage: click.message } : {}) },
        client,
      );
      await acknowledge.now();
      if (!result.ok) await tell(client, click, `:no_entry: ${result.refusal}`);
    } catch (error) {
      await acknowledge.now();
      await tell(client, click, failed(error));
    } finally {
      acknowledge.cancel();
    }
  });

  const withReason = (actionId: string, decision: Decision, breakGlass: boolean) =>
    app.action(actionId, async ({ ack, body, action, client, respond }) => {
      await ack();
      const click = readClick(body, action, respond);
      if (!click) return;
      try {
        // Refuse before the modal, so nobody writes a reason for a click that cannot count.
        const check = await workflow.precheck(click.requestId, click.user, decision, { breakGlass }, client);
        if (!check.ok) {
          await tell(client, click, `:no_entry: ${check.refusal}`);
          return;
        }
        const metadata = { requestId: click.requestId, ...(click.channel ? { channel: click.channel } : {}) };
        const view = breakGlass ? breakGlassModal(check.request, metadata) : denyModal(check.request, metadata);
        await client.views.open({ trigger_id: click.triggerId, view });
      } catch (error) {
        await tell(client, click, failed(error));
      }
    });
  withReason(DENY_ACTION, 'deny', false);
  withReason(BREAK_GLASS_ACTION, 'approve', true);

  /**
   * A modal's submission carries its channel in private_metadata, which the submitter can forge. It is
   * used only if the bot itself posted this request there (the approvals channel or the requester's
   * copy); otherwise the clicker is told by DM. Looked up only when there is something to tell, so the
   * ack never waits on it.
   */
  const tellSubmitter = async (client: WebClient, click: Click, text: string) => {
    // A failed read only narrows where to answer: the approvals channel still, else a DM.
    const request = click.channel
      ? await bestEffort(`reading approval request ${click.requestId} to answer in its channel`, () => workflow.get(click.requestId), log)
      : undefined;
    const recorded = [ports.config.channels.approvals, request?.approvalMessage?.channel, request?.requesterMessage?.channel];
    const channel = click.channel && recorded.includes(click.channel) ? click.channel : undefined;
    await tell(client, { ...click, channel }, text);
  };

  app.view(DENY_MODAL, async ({ ack, body, view, client }) => {
    const metadata = readModalMetadata(view.private_metadata);
    const reason = view.state.values[REASON_BLOCK]?.[REASON_INPUT]?.value ?? undefined;
    const refused = reasonRefusal(reason);
    if (refused) return ack({ response_action: 'errors', errors: { [REASON_BLOCK]: refused } });
    if (!metadata || !isRequestId(metadata.requestId)) return ack();
    const click: Click = { requestId: metadata.requestId, user: body.user.id, channel: metadata.channel, triggerId: '' };
    const acknowledge = ackAfterWrite(() => ack(), log);
    try {
      const result = await workflow.decide(
        click.requestId,
        click.user,
        'deny',
        { ...(reason ? { reason } : {}), onRecorded: acknowledge.now },
        client,
      );
      await acknowledge.now();
      if (!result.ok) await tellSubmitter(client, click, `:no_entry: ${result.refusal}`);
    } catch (error) {
      await acknowledge.now();
      await tellSubmitter(client, click, failed(error));
    } finally {
      acknowledge.cancel();
    }
  });

  app.view(BREAK_GLASS_MODAL, async ({ ack, body, view, client }) => {
    const metadata = readModalMetadata(view.private_metadata);
    const typed = view.state.values[REASON_BLOCK]?.[REASON_INPUT]?.value ?? '';
    // Checked as typed: trimming would silently drop a hidden character at either end (U+FEFF is "whitespace" to trim()).
    const refused = reasonRefusal(typed);
    if (refused) return ack({ response_action: 'errors', errors: { [REASON_BLOCK]: refused } });
    const reason = typed.trim();
    if (!reason) {
      await ack({ response_action: 'errors', errors: { [REASON_BLOCK]: 'Say why this cannot wait for an approver.' } });
      return;
    }
    if (!metadata || !isRequestId(metadata.requestId)) return ack();
    const click: Click = { requestId: metadata.requestId, user: body.user.id, channel: metadata.channel, triggerId: '' };
    const acknowledge = ackAfterWrite(() => ack(), log);
    try {
      const result = await workflow.decide(
        click.requestId,
        click.user,
        'approve',
        { reason, breakGlass: true, onRecorded: acknowledge.now },
        client,
      );
      await acknowledge.now();
      if (!result.ok) await tellSubmitter(client, click, `:no_entry: ${result.refusal}`);
    } catch (error) {
      await acknowledge.now();
      await tellSubmitter(client, click, failed(error));
    } finally {
      acknowledge.cancel();
    }
  });
}

/** What the reason field of a modal says when the typed reason is refused (the shared free-text rule), or undefined. */
function reasonRefusal(reason: string | null | undefined): string | undefined {
  const problem = reason ? freeTextProblem(reason) : undefined;
  return problem ? `The reason ${problem}. Nothing was decided.` : undefined;
}

/** Slack waits 3 s for the ack; past this, it is sent without waiting for the store any longer. */
export const ACK_DEADLINE_MS = 2_000;

/**
 * The ack of a click that records a decision: sent by `now()` (once the decision is written, or a
 * refusal is known), and at the latest ACK_DEADLINE_MS after the click arrived, so a slow store never
 * makes Slack retry or show an error. Such a late ack says nothing to anyone; the decision still
 * shows only once it is stored.
 */
function ackAfterWrite(ack: () => Promise<void>, log: (message: string) => void): { now: () => Promise<void>; cancel: () => void } {
  let sent: Promise<void> | undefined;
  const now = (): Promise<void> => (sent ??= ack());
  const timer = setTimeout(() => void bestEffort('the deadline ack of an approval click', now, log), ACK_DEADLINE_MS);
  timer.unref?.();
  return { now, cancel: () => clearTimeout(timer) };
}

function readClick(body: SlackAction, action: unknown, respond: RespondFn): Click | undefined {
  if (body.type !== 'block_actions') return undefined;
  const value = typeof action === 'object' && action !== null && 'value' in action ? action.value : undefined;
  if (!isRequestId(value)) return undefined;
  return {
    requestId: value,
    user: body.user.id,
    channel: body.channel?.id,
    triggerId: body.trigger_id,
    ...(body.response_url ? { respond } : {}),
    ...(body.channel?.id && body.message?.ts ? { message: { channel: body.channel.id, ts: body.message.ts } } : {}),
  };
}

/** Only the clicker sees it: an ephemeral message where they clicked, else through the click's response_url, else a DM. */
async function tellClicker(client: WebClient, click: Click, text: string, log: (message: string) => void): Promise<void> {
  if (click.channel) {
    try {
      await client.chat.postEphemeral({ channel: click.channel, user: click.user, text });
      return;
    } catch (error) {
      // Not in that channel any more: fall through to the other ways.
      log(
        `chat.postEphemeral of the answer to an approval click in ${click.channel} failed (trying the other ways): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const respond = click.respond;
  if (respond) {
    await bestEffort(
      'response_url answer to an approval click',
      () => respond({ response_type: 'ephemeral', replace_original: false, text }),
      log,
    );
    return;
  }
  await bestEffort(
    'chat.postMessage of the answer to an approval click by DM',
    () => client.chat.postMessage({ channel: click.user, text }),
    log,
  );
}
