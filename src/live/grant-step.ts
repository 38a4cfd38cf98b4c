import type { ChatopsConfig } from '../config/chatops';
import type { CheckResult } from '../doctor/types';
import { GRANT_KIND, grantIdFor, type GrantRecord, type GrantStatus } from '../features/access/grants';
import { revokeStatement, verifyStatement, type GrantMode } from '../features/access/sql';
import type { SqlRunner } from '../redshift/sql-runner';
import { SANDBOX_CHANNELS } from '../sandbox/slack/seed';
import { firstLine, runStep } from './step';
import { TOUR_APPROVER, TOUR_REQUESTER } from './tour-config';
import type { TourWorld } from './tour-world';

const APPROVALS = SANDBOX_CHANNELS.approvals;

export interface GrantTour {
  role: string;
  user: string;
  target: string;
  mode: GrantMode;
}

/**
 * A short just-in-time grant, the whole way: `access request` as the test user's Slack person, the
 * approver's click, the bot's GRANT, a check with Redshift that it holds, `access revoke`, and a
 * check that it is gone. A role the user already holds is refused before anything runs: the tour must
 * never take away access it did not give. Whatever happens, a role the tour granted is revoked.
 * `sql` is the tour's own view of the warehouse (the bot's identity), not the bot's recorded one.
 */
export async function grantSteps(
  world: TourWorld,
  config: ChatopsConfig,
  sql: SqlRunner,
  grant: GrantTour,
  waitMs: number,
): Promise<CheckResult[]> {
  const target = config.targets[grant.target];
  const holds = async () => (await sql.execute(target, verifyStatement(grant.mode, grant.role, grant.user))).rows.length > 0;
  const what = `${grant.role} to ${grant.user}`;
  if (await holds()) {
    return [
      {
        area: 'tour',
        target: grant.target,
        name: `grant ${what}`,
        status: 'missing',
        detail: `${grant.user} already holds ${grant.role}; the tour revokes what it grants, so it will not start`,
        fix: 'name a test user who does not hold the role (--user), or a test role (--grant)',
      },
    ];
  }
  let grantId: string | undefined;
  const statusOf = async (): Promise<GrantStatus | undefined> =>
    grantId === undefined ? undefined : (await world.bot.store.get<GrantRecord>(GRANT_KIND, grantId))?.data.status;
  const results: CheckResult[] = [];
  try {
    results.push(
      await runStep(world, `/redshift access request ${grant.role} ${grant.target} 10m, approved`, grant.target, async () => {
        const before = new Set(world.slack.messages.inChannel(APPROVALS).map((message) => message.ts));
        const { answer } = await world.command(`access request ${grant.role} ${grant.target} 10m`, TOUR_REQUESTER);
        const request = await world.waitFor(
          () =>
            world.slack.messages
              .inChannel(APPROVALS)
              .find((message) => !before.has(message.ts) && !message.thread_ts && approveValue(message.blocks) !== undefined),
          60_000,
        );
        if (!request) return { ok: false, detail: `no approval request was posted: ${firstLine(answer)}` };
        grantId = grantIdFor(approveValue(request.blocks) ?? '');
        await world.click(request, 'approval_approve', TOUR_APPROVER, APPROVALS);
        const status = await world.waitFor(async () => {
          const now = await statusOf();
          return now === 'active' || now === 'failed' ? now : undefined;
        }, waitMs);
        const thread = world.slack.messages.thread(APPROVALS, request.ts).map((message) => message.text);
        if (status !== 'active')
          return { ok: false, detail: firstLine(thread.at(-1) ?? `the grant did not finish within ${Math.round(waitMs / 1000)} s`) };
        return (await holds())
          ? { ok: true, detail: `granted, and Redshift shows ${grant.user} holding ${grant.role}` }
          : { ok: false, detail: 'the bot says granted, but Redshift does not show it' };
      }),
    );
    const id = grantId;
    if (results[0].status === 'ok' && id !== undefined) {
      results.push(
        await runStep(world, `/redshift access revoke ${id}`, grant.target, async () => {
          const { answer } = await world.command(`access revoke ${id}`, TOUR_REQUESTER);
          const status = await world.waitFor(async () => ((await statusOf()) === 'revoked' ? true : undefined), waitMs);
          if (!status) return { ok: false, detail: `not revoked within ${Math.round(waitMs / 1000)} s: ${firstLine(answer)}` };
          return (await holds())
            ? { ok: false, detail: 'the bot says revoked, but Redshift still shows the role held' }
            : { ok: true, detail: `revoked; Redshift shows ${grant.user} without ${grant.role}` };
        }),
      );
    }
  } finally {
    // The tour's promise: nothing it granted outlives it, even when a step above failed half-way.
    if (grantId !== undefined) results.push(await cleanUp(sql, target, grant, holds));
  }
  return results;
}

/** Revokes the tour's grant itself if it is still held; a line only when it had to, loud when it could not. */
async function cleanUp(
  sql: SqlRunner,
  target: ChatopsConfig['targets'][string],
  grant: GrantTour,
  holds: () => Promise<boolean>,
): Promise<CheckResult> {
  const base = { area: 'tour' as const, target: grant.target, name: `${grant.user} does not hold ${grant.role} after the tour` };
  const revoke = revokeStatement(grant.mode, grant.role, grant.user);
  try {
    if (!(await holds())) return { ...base, status: 'ok' };
    await sql.execute(target, revoke);
    if (!(await holds())) return { ...base, status: 'ok', detail: 'the tour revoked it itself, as the bot had not' };
  } catch (error) {
    return {
      ...base,
      status: 'missing',
      detail: `could not be checked or revoked: ${error instanceof Error ? error.message : String(error)}`,
      fix: `run ${revoke.sql} as a superuser`,
    };
  }
  return { ...base, status: 'missing', detail: 'still held after the tour revoked it', fix: `run ${revoke.sql} as a superuser` };
}

/** The request id an Approve button carries. */
function approveValue(blocks: readonly unknown[]): string | undefined {
  for (const block of blocks) {
    if (typeof block !== 'object' || block === null || !('elements' in block) || !Array.isArray(block.elements)) continue;
    const elements: unknown[] = block.elements;
    for (const element of elements) {
      if (
        typeof element === 'object' &&
        element !== null &&
        'action_id' in element &&
        element.action_id === 'approval_approve' &&
        'value' in element &&
        typeof element.value === 'string'
      ) {
        return element.value;
      }
    }
  }
  return undefined;
}
