import type { CheckResult } from '../doctor/types';
import type { RecordedCall } from './recorded-aws';
import type { TourWorld } from './tour-world';

/** What a step saw: whether it did what it should, and the words to show for it. */
export type StepOutcome = { ok: true; detail: string } | { ok: false; detail: string; fix?: string };

/** The first line of what the bot said, short enough for one report line. */
export function firstLine(text: string): string {
  const line = text.split('\n').find((part) => part.trim() !== '') ?? '';
  const flat = line.replace(/\s+/g, ' ').trim();
  return flat.length > 140 ? `${flat.slice(0, 139)}…` : flat;
}

/** The calls that failed, as a fix line: what the bot's identity could not do. */
export function failedCallsFix(failed: readonly RecordedCall[]): string {
  const shown = failed.slice(0, 3).map((call) => `${call.call}${call.what ? ` (${call.what})` : ''}: ${call.error ?? 'failed'}`);
  const more = failed.length > shown.length ? `; and ${failed.length - shown.length} more` : '';
  return `the bot's own calls failed: ${shown.join('; ')}${more}. npm run doctor names the IAM action or GRANT each needs`;
}

/**
 * Runs one step of the tour and turns it into a report line. A step passes only when it saw what it
 * should AND none of the bot's AWS or Data API calls failed meanwhile: features answer politely when
 * AWS refuses them, so their words alone could hide a missing privilege.
 */
export async function runStep(
  world: TourWorld,
  name: string,
  target: string | undefined,
  act: () => Promise<StepOutcome>,
): Promise<CheckResult> {
  const before = world.calls.length;
  const base = { area: 'tour' as const, name, ...(target !== undefined ? { target } : {}) };
  let outcome: StepOutcome;
  try {
    outcome = await act();
    await world.bot.dispatcher.idle();
  } catch (error) {
    outcome = { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
  const failed = world.calls.slice(before).filter((call) => call.error !== undefined);
  if (!outcome.ok)
    return {
      ...base,
      status: 'missing',
      detail: outcome.detail,
      ...(outcome.fix ? { fix: outcome.fix } : failed.length > 0 ? { fix: failedCallsFix(failed) } : {}),
    };
  if (failed.length > 0) return { ...base, status: 'missing', detail: outcome.detail, fix: failedCallsFix(failed) };
  return { ...base, status: 'ok', detail: outcome.detail };
}
