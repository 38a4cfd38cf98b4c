import { GRANT_KIND, type GrantRecord } from '../../../src/features/access/grants';
import type { Item } from '../../../src/store/store';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { blockActions, slashCommand, type SlackHttpResponse, type StoredMessage } from '../../../src/sandbox/slack';
import type { CrashWorld, ServerProcess } from './world';

export const APPROVALS = 'C0APPROVALS';
export const ALICE = 'U0ANALYST';
export const BOB = 'U0APPROVER';

export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `/redshift <text>` as `user`; resolves with the HTTP answer's text. */
export async function command(world: CrashWorld, server: ServerProcess, text: string, user = ALICE): Promise<string> {
  const response = await server.requester.send(
    slashCommand({ text, userId: user, responseUrl: world.slack.newResponseUrl({ userId: user }) }),
  );
  return (response.json as { text?: string } | undefined)?.text ?? response.text;
}

/** alice asks for pii_users for an hour; resolves with the approval message once it is posted. */
export async function askForAccess(world: CrashWorld, server: ServerProcess): Promise<StoredMessage> {
  const before = new Set(world.slack.messages.inChannel(APPROVALS).map((message) => message.ts));
  await command(world, server, 'access request pii_users 1h');
  const message = await waitFor(
    () =>
      world.slack.messages
        .inChannel(APPROVALS)
        .find((message) => !before.has(message.ts) && !message.thread_ts && (message.text ?? '').includes(' asks ')),
    'the approval message',
  );
  // A person clicks seconds later, once the request has stored where its messages are (its notes go there).
  await waitFor(async () => {
    const store = await world.store();
    try {
      return (await store.get<ApprovalRequest>(REQUEST_KIND, requestIdOf(message)))?.data.requesterMessage !== undefined;
    } finally {
      await store.close();
    }
  }, 'the request to store its messages');
  return message;
}

/** bob clicks Approve; the HTTP answer, or the error when the server died before answering. */
export async function clickApprove(server: ServerProcess, message: StoredMessage): Promise<SlackHttpResponse | Error> {
  try {
    return await server.requester.send(
      blockActions({ userId: BOB, actionId: 'approval_approve', message: { ...message, channel: APPROVALS }, channelId: APPROVALS }),
    );
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The request id the Approve button carries. */
export function requestIdOf(message: StoredMessage): string {
  const buttons = (message.blocks ?? []).flatMap(
    (block) => ((block as { elements?: unknown[] }).elements ?? []) as { action_id?: string; value?: string }[],
  );
  const id = buttons.find((button) => button.action_id === 'approval_approve')?.value;
  if (!id) throw new Error('the approval message has no Approve button');
  return id;
}

/** Texts in the approval message's thread. */
export function thread(world: CrashWorld, message: StoredMessage): string[] {
  return world.slack.messages.thread(APPROVALS, message.ts).map((reply) => reply.text ?? '');
}

/** Every "Granted" note in the approval thread: there must be exactly one per GRANT that held. */
export function grantedNotes(world: CrashWorld, message: StoredMessage): string[] {
  return thread(world, message).filter((text) => text.startsWith(':white_check_mark: Granted'));
}

/**
 * Where an "access … ended" notice was posted, one entry per posted message (`channel` or
 * `channel/thread`): the same notice goes to several places, but each place gets it at most once.
 */
export function endedNotices(world: CrashWorld): string[] {
  return (
    Object.values(world.slack.messages.byChannel())
      .flat()
      // A message edited to say it (the grantee's "I'm done" message) is that message's update, not another notice.
      .filter((message) => (message.text ?? '').includes(':lock: Access to') && !message.edited)
      .map((message) => (message.thread_ts ? `${message.channel}/${message.thread_ts}` : message.channel))
  );
}

/** True when no place shows the same "ended" notice twice. */
export function endedOncePerPlace(world: CrashWorld): boolean {
  const places = endedNotices(world);
  return new Set(places).size === places.length;
}

/** GRANT statements the warehouse ran for alice's role. */
export function grantsRun(world: CrashWorld): number {
  return world.statements().filter((s) => /^GRANT ROLE/i.test(s.sql) && s.sql.includes('alice')).length;
}

/** The grant's stored item (record and due time) as the stopped bot left it. */
export async function grantRecord(world: CrashWorld, grantId: string): Promise<Item<GrantRecord> | undefined> {
  const store = await world.store();
  try {
    return await store.get<GrantRecord>(GRANT_KIND, grantId);
  } finally {
    await store.close();
  }
}
