import type { CheckResult } from '../doctor/types';
import { CONFIRM_DELETE } from '../features/backup/snapshot-delete';
import type { Warehouse } from '../redshift/warehouse';
import type { JsonObject } from '../sandbox/slack';
import { firstLine, runStep } from './step';
import { TOUR_REQUESTER } from './tour-config';
import { TOUR_CHANNEL, type TourWorld } from './tour-world';

const NAME_IN = /`(chatops-[a-z0-9-]+)`/;

/**
 * `snapshot create` (kept 1 day, so AWS removes it even if the tour dies before the delete), wait for
 * it to be available as the bot reports it, then `snapshot delete` with its confirm click, and check
 * with AWS that it is gone. `warehouse` is the tour's own view of AWS, not the bot's.
 */
export async function snapshotSteps(world: TourWorld, target: string, warehouse: Warehouse, waitMs: number): Promise<CheckResult[]> {
  let name: string | undefined;
  const created = await runStep(world, `/redshift snapshot create ${target} 1, until available`, target, async () => {
    const { answer, since } = await world.command(`snapshot create ${target} 1`, TOUR_REQUESTER);
    name = NAME_IN.exec(answer)?.[1];
    if (name === undefined) {
      const reply = await world.waitFor(() => world.replies(since)[0], 10_000);
      return { ok: false, detail: firstLine(typeof reply?.text === 'string' ? reply.text : answer) };
    }
    const snapshot = name;
    const ended = await world.waitFor(() => {
      const parent = world.slack.messages.inChannel(TOUR_CHANNEL).find((message) => message.text.includes(snapshot));
      return parent && /\*(available|failed)\*/.test(parent.text) ? parent.text : undefined;
    }, waitMs);
    if (ended === undefined)
      return { ok: false, detail: `${snapshot} was not available within ${Math.round(waitMs / 60_000)} min; it is kept 1 day` };
    return ended.includes('*available*') ? { ok: true, detail: `${snapshot} is available` } : { ok: false, detail: firstLine(ended) };
  });
  if (name === undefined || created.status !== 'ok') return [created];
  const snapshot = name;
  const deleted = await runStep(world, `/redshift snapshot delete ${snapshot}, confirmed`, target, async () => {
    const { since } = await world.command(`snapshot delete ${snapshot}`, TOUR_REQUESTER);
    const confirm = await world.waitFor(() => world.replies(since).find((reply) => Array.isArray(reply.blocks)), 60_000);
    if (!confirm)
      return {
        ok: false,
        detail: `no confirm button came for deleting ${snapshot}: ${firstLine(String(world.replies(since)[0]?.text ?? ''))}`,
      };
    await world.click(asMessage(confirm), CONFIRM_DELETE, TOUR_REQUESTER, TOUR_CHANNEL);
    const gone = await world.waitFor(async () => {
      const now = await warehouse.getSnapshot(snapshot);
      return now === undefined || now.status === 'deleted' ? true : undefined;
    }, waitMs);
    return gone
      ? { ok: true, detail: `${snapshot} is deleted` }
      : { ok: false, detail: `${snapshot} still exists after ${Math.round(waitMs / 60_000)} min; AWS removes it after 1 day` };
  });
  return [created, deleted];
}

/** The confirm reply as the message a click comes from. */
function asMessage(reply: JsonObject): { ts: string; text: string; blocks: JsonObject[] } {
  const blocks = Array.isArray(reply.blocks)
    ? reply.blocks.filter((block): block is JsonObject => typeof block === 'object' && block !== null && !Array.isArray(block))
    : [];
  return { ts: `${Math.floor(Date.now() / 1000)}.000100`, text: typeof reply.text === 'string' ? reply.text : '', blocks };
}
