import type { types } from '@slack/bolt';
import { PeopleResolver } from '../../approvals/people';
import { approvalsNeeded, approvers } from '../../approvals/state';
import { REQUEST_KIND, type ApprovalRequest } from '../../approvals/types';
import { formatDuration } from '../../config/duration';
import { readPayload } from '../../jobs/payload';
import type { Item, Store } from '../../store/store';
import * as z from 'zod/mini';
import { reply, type ReplyTo } from '../shared/reply';
import { replyToSchema } from '../shared/payload-schemas';
import { ACCESS_ACTION, LIST_JOB, type AccessDetails } from './details';
import { allGrants, isLive, type GrantRecord } from './grants';
import { isAnyApprover } from './permissions';
import { grantLabel, slackTime } from './texts';
import { plural } from '../../slack-text';
import type { JobHandler } from '../types';

export interface ListJob {
  user: string;
  replyTo: ReplyTo;
}

export const listJobSchema: z.ZodMiniType<ListJob> = z.object({ user: z.string(), replyTo: replyToSchema });

const SECTION_MAX = 2900;

async function pendingRequests(store: Store, now: number): Promise<ApprovalRequest<AccessDetails>[]> {
  const found: ApprovalRequest<AccessDetails>[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list<ApprovalRequest<AccessDetails>>(REQUEST_KIND, { limit: 100, cursor });
    for (const item of page.items) {
      const request = item.data;
      if (request.action === ACCESS_ACTION && request.status === 'pending' && request.expiresAt > now) found.push(request);
    }
    cursor = page.cursor;
  } while (cursor);
  return found;
}

function grantLine(item: Item<GrantRecord>, now: number): string {
  const g = item.data;
  const state =
    g.status === 'revoking'
      ? ` · :warning: revoking${g.lastError ? ` (retrying: ${g.lastError.slice(0, 120)})` : ''}`
      : g.status === 'granting'
        ? ' · being granted'
        : g.grantConfirmation === 'cannot-verify'
          ? " · :warning: active, unverified (the bot's database identity cannot see other users' roles)"
          : '';
  const left = g.endsAt > now ? ` (${formatDuration(g.endsAt - now)} left)` : '';
  return `• \`${item.id}\` ${grantLabel(g.role, g.target)} — <@${g.user}> as \`${g.dbUser}\`, until ${slackTime(g.endsAt)}${left}${state}`;
}

function requestLine(request: ApprovalRequest<AccessDetails>): string {
  const d = request.details;
  const extension = d.grantId ? ` (extends \`${d.grantId}\`)` : '';
  return (
    `• \`${request.id}\` ${grantLabel(d.role, d.target)} for ${formatDuration(d.durationMs)} — <@${request.requester}>${extension} · ` +
    `${Math.min(approvers(request).length, approvalsNeeded(request))} of ${plural(approvalsNeeded(request), 'approval')} · lapses unless decided by ${slackTime(request.expiresAt)}`
  );
}

function section(title: string, lines: string[], empty: string): string {
  let text = `*${title}*\n${lines.length === 0 ? empty : ''}`;
  for (const [index, line] of lines.entries()) {
    if (text.length + line.length + 1 > SECTION_MAX) {
      text += `…and ${lines.length - index} more`;
      break;
    }
    text += `${line}\n`;
  }
  return text.trimEnd();
}

/** `access list`: approvers of any role see everything live; others see their own. */
export const listJob: JobHandler = async (payload, context) => {
  const job = readPayload(LIST_JOB, listJobSchema, payload);
  const now = context.clock.now();
  const people = new PeopleResolver(() => context.slack, () => context.clock.now());
  const everyone = await isAnyApprover(people, context.config, job.user);
  const grants = (await allGrants(context.store)).filter((item) => isLive(item.data.status) && (everyone || item.data.user === job.user));
  const requests = (await pendingRequests(context.store, now)).filter((request) => everyone || request.requester === job.user);
  grants.sort((a, b) => a.data.endsAt - b.data.endsAt);
  requests.sort((a, b) => a.createdAt - b.createdAt);
  const whose = everyone ? '' : 'Your ';
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: section(`${whose}${whose ? 'active' : 'Active'} grants`, grants.map((g) => grantLine(g, now)), '_none_') } },
    { type: 'section', text: { type: 'mrkdwn', text: section(`${whose}${whose ? 'pending' : 'Pending'} requests`, requests.map(requestLine), '_none_') } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '`/redshift access revoke <grant-id>` ends a grant now (the grantee or an approver of its role).' }],
    },
  ];
  // The one answer takes the place of the command's "Looking up…" ack.
  await reply(context.slack, job.replyTo, { text: `${plural(grants.length, 'active grant')}, ${plural(requests.length, 'pending request')}`, blocks, replace_original: true });
  return { grants: grants.length, requests: requests.length, all: everyone };
};
