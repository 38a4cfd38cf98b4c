import type { App } from '@slack/bolt';
import { codeBlock, codeSpan, escapeMrkdwn } from '../../approvals/text';
import type { WebClient } from '@slack/web-api';
import { checkPolicy } from '../../approvals/policy';
import { readPayload } from '../../jobs/payload';
import { bestEffort } from '../../slack/best-effort';
import { failureRecord, failureText } from '../shared/failure';
import { executorPayloadSchema } from '../shared/payload-schemas';
import type { AppPorts, JobHandler } from '../types';
import {
  RESTORE_KIND,
  SWAP_APPROVAL_ACTION,
  SWAP_BUTTON,
  SWAP_JOB,
  swapDetailsSchema,
  tableLabel,
  type RestoreRecord,
  type SwapDetails,
} from './restore-details';
import { asideName, canSwap, swapStatements, undoStatements } from './restore-sql';
import { readSwapFacts, swapFactLines } from './restore-facts';
import { grantsText, viewsAdvice } from './restore-grants';
import { postInThreads } from '../shared/thread';
import { requestWithDetails } from '../shared/request-details';

/** Why this click cannot ask for a swap, or undefined. */
function swapRefusal(record: RestoreRecord | undefined): string | undefined {
  if (!record) return 'That restore is no longer on record; nothing was changed.';
  if (record.status !== 'SUCCEEDED') return `That restore is ${record.status}; only a finished restore can be swapped into place.`;
  if (!canSwap(record.details)) return 'The restored table is in another schema, so it cannot be swapped into place.';
  if (record.swap)
    return `A swap of this restore was already ${record.swap.state === 'asked' ? 'asked for' : record.swap.state}; nothing new was asked.`;
  return undefined;
}

/**
 * "Swap into place": the clicker must be allowed to restore; the first click claims the swap with a
 * conditional write and opens its approval request (a second click is told it was already asked).
 */
export function registerSwapButton(app: App, ports: AppPorts): void {
  app.action(SWAP_BUTTON, async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
    const user = body.user.id;
    const channel = body.channel?.id ?? user;
    const tell = (text: string) => bestEffort('chat.postEphemeral of the swap answer', () => client.chat.postEphemeral({ channel, user, text }), (m) => ports.logger.warn(m));
    const key = action.value;
    const item = await ports.store.get<RestoreRecord>(RESTORE_KIND, key);
    const target = item?.data.details.target ?? 'restore';
    const decision = await checkPolicy('restore', ports.config.policies.restore, user, ports.people);
    const refusal = decision.allowed ? swapRefusal(item?.data) : decision.message;
    if (refusal || !item) {
      await ports.store.appendAudit({ actor: user, action: 'restore.swap.refused', target, input: { key }, result: { reason: refusal } });
      await tell(`:no_entry: ${refusal}`);
      return;
    }
    const record = item.data;
    const aside = asideName(record.details.sourceTable, new Date(ports.clock.now()));
    let facts;
    try {
      facts = await readSwapFacts(ports.sql, ports.config.targets[record.details.target], record.details);
    } catch (error) {
      await tell(
        `:x: Could not read the grants and views of ${codeSpan(tableLabel(record.details.sourceSchema, record.details.sourceTable))}: ${failureText(error)} Nothing was asked.`,
      );
      return;
    }
    const swap = {
      state: 'asked' as const,
      aside,
      grants: facts.grants,
      views: facts.views,
      grantsPartial: facts.grantsPartial,
      unknownGrants: facts.unknown,
    };
    if (!(await ports.store.update<RestoreRecord>(RESTORE_KIND, key, item.version, { ...record, swap }))) {
      await tell(':no_entry: Someone else asked for this swap at the same moment; nothing new was asked.');
      return;
    }
    try {
      const request = await openSwap(ports, client, key, { ...record, swap }, user);
      await tell(
        `:incoming_envelope: Asked approvers to swap ${codeSpan(tableLabel(record.details.sourceSchema, record.details.sourceTable))} (request \`${request}\`).`,
      );
    } catch (error) {
      // Nothing was asked: release the claim so a later click can ask again.
      const claimed = await ports.store.get<RestoreRecord>(RESTORE_KIND, key);
      if (claimed?.data.swap?.state === 'asked') {
        await ports.store.update<RestoreRecord>(RESTORE_KIND, key, claimed.version, { ...claimed.data, swap: undefined });
      }
      await tell(`:x: The swap could not be asked for: ${failureText(error)} Nothing was asked; try again.`);
    }
  });
}

async function openSwap(ports: AppPorts, client: WebClient, key: string, record: RestoreRecord, requester: string): Promise<string> {
  const { details } = record;
  const aside = record.swap?.aside ?? '';
  const current = tableLabel(details.sourceSchema, details.sourceTable);
  const policy = ports.config.policies.restore;
  const request = await ports.approvals.open<SwapDetails>(
    {
      action: SWAP_APPROVAL_ACTION,
      requester,
      target: details.target,
      title: `<@${requester}> asks to swap the restored ${escapeMrkdwn(tableLabel(details.targetSchema, details.newTable))} into place as ${escapeMrkdwn(current)} on ${details.target}`,
      summary: [
        ':twisted_rightwards_arrows: *Swap a restored table into place*',
        `*Who:* <@${requester}>`,
        `*What:* ${codeSpan(current)} is renamed to ${codeSpan(tableLabel(details.sourceSchema, aside))}, and the restored ${codeSpan(tableLabel(details.targetSchema, details.newTable))} takes its name, in one transaction.`,
        ...swapFactLines(
          {
            grants: record.swap?.grants ?? [],
            unknown: record.swap?.unknownGrants ?? [],
            views: record.swap?.views ?? [],
            grantsPartial: record.swap?.grantsPartial ?? false,
          },
          details.sourceSchema,
          details.sourceTable,
          aside,
        ),
        '*Undo:* the reverse renames, shown once it is done.',
      ],
      willRun: swapStatements(details, aside, record.swap?.grants ?? []).map((s) => `${s.sql};`),
      details: { key },
      approvers: policy.approvers,
      // A swap changes what every query reads: it always needs someone else's approval.
      approvalsRequired: Math.max(1, policy.approvalsRequired),
      breakGlassAllowed: false,
      executor: SWAP_JOB,
      idempotencyKey: `restore-swap:${key}`,
    },
    client,
  );
  await ports.store.appendAudit({
    actor: requester,
    action: 'restore.swap.request',
    target: details.target,
    input: { key, aside },
    result: { requestId: request.id },
  });
  return request.id;
}

/** The approved swap: both renames in one transaction, once (claimed by a conditional write). */
export const swapJob: JobHandler = async (payload, context) => {
  const { requestId } = readPayload(SWAP_JOB, executorPayloadSchema, payload);
  const request = await requestWithDetails(context.approvals, requestId, swapDetailsSchema);
  if (!request || request.status !== 'approved') throw new Error(`Swap request ${requestId} is not approved; nothing was run.`);
  const { key } = request.details;
  const item = await context.store.get<RestoreRecord>(RESTORE_KIND, key);
  if (!item?.data.swap || item.data.swap.state !== 'asked') return { key, skipped: item?.data.swap?.state ?? 'no swap asked' };
  const record = item.data;
  const swap = { ...item.data.swap, requestId };
  if (!(await context.store.update<RestoreRecord>(RESTORE_KIND, key, item.version, { ...record, swap: { ...swap, state: 'swapping' } }))) {
    return { key, skipped: 'another worker is swapping' };
  }
  const { details } = record;
  const statements = swapStatements(details, swap.aside, swap.grants ?? []);
  const say = async (text: string) => {
    await context.approvals.note(requestId, text, context.slack);
    await postInThreads(context, record.threads, text);
  };
  const current = tableLabel(details.sourceSchema, details.sourceTable);
  try {
    const result = await context.sql.executeBatch(
      { ...context.config.targets[details.target], database: details.targetDatabase },
      statements,
    );
    await context.store.update<RestoreRecord>(RESTORE_KIND, key, item.version + 1, { ...record, swap: { ...swap, state: 'swapped' } });
    await context.store.appendAudit({
      actor: request.requester,
      action: 'restore.swap',
      target: details.target,
      input: { key, requestId, sql: statements.map((s) => s.sql) },
      result: { statementId: result.id },
    });
    const undo = undoStatements(details, swap.aside)
      .map((s) => `${s.sql};`)
      .join('\n');
    const granted =
      swap.grants && swap.grants.length > 0
        ? `Granted again on it: ${grantsText(swap.grants).join('; ')}.`
        : 'It had no explicit grants to give again.';
    const partial = swap.grantsPartial ? ' :warning: Grants the bot could not see were not given again; check them as a superuser.' : '';
    await say(
      `:white_check_mark: Swapped: ${codeSpan(current)} now holds the restored rows; the previous table is ${codeSpan(tableLabel(details.sourceSchema, swap.aside))}.\n${granted}${partial}\n${viewsAdvice(swap.views ?? [], details.sourceSchema, details.sourceTable, swap.aside)}\nTo undo, run in one transaction:\n${codeBlock(undo)}`,
    );
    return { key, swapped: true };
  } catch (error) {
    await context.store.update<RestoreRecord>(RESTORE_KIND, key, item.version + 1, {
      ...record,
      swap: { ...swap, state: 'failed', error: failureText(error) },
    });
    await context.store.appendAudit({
      actor: request.requester,
      action: 'restore.swap',
      target: details.target,
      input: { key, requestId },
      result: failureRecord(error),
    });
    await say(`:x: The swap failed and was rolled back; \`${current}\` is unchanged. ${failureText(error)}`);
    return { key, swapped: false };
  }
};
