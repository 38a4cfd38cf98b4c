import type { CheckResult } from '../doctor/types';
import { firstLine, runStep } from './step';
import { TOUR_REQUESTER } from './tour-config';
import type { TourWorld } from './tour-world';

/** The read-only commands the tour runs on each target, as a person would type them. */
const READS: readonly { name: string; text: (target: string) => string }[] = [
  { name: 'status', text: (target) => `status ${target}` },
  { name: 'snapshot list', text: (target) => `snapshot list ${target}` },
  { name: 'cost report', text: (target) => `cost ${target}` },
  { name: 'vacuum check', text: (target) => `vacuum check ${target}` },
];

/** Each read-only report on each target: it must answer, and the bot's calls behind it must succeed. */
export async function readSteps(world: TourWorld, targets: readonly string[], waitMs: number): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const target of targets) {
    for (const read of READS) {
      const text = read.text(target);
      results.push(
        await runStep(world, `/redshift ${text}`, target, async () => {
          const { answer, since } = await world.command(text, TOUR_REQUESTER);
          const replied = await world.waitFor(() => world.replies(since)[0], waitMs);
          if (!replied)
            return { ok: false, detail: `no answer within ${Math.round(waitMs / 1000)} s; the command said: ${firstLine(answer)}` };
          await world.bot.dispatcher.idle();
          const texts = world.replies(since).map((reply) => (typeof reply.text === 'string' ? reply.text : ''));
          return { ok: true, detail: firstLine(texts.join('\n')) };
        }),
      );
    }
  }
  return results;
}
