import type { AccessRole } from '../../config/chatops';
import { formatDuration } from '../../config/duration';

/** How long people usually ask for; the modal offers those within the role's maximum. */
const USUAL_MS = [15, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 10080, 20160, 43200].map((minutes) => minutes * 60_000);

/** Modal choices: the usual durations up to `max`, plus the role's default and maximum, ascending. */
export function durationChoices(maxMs: number, defaultMs?: number): number[] {
  const set = new Set(USUAL_MS.filter((ms) => ms <= maxMs));
  set.add(maxMs);
  if (defaultMs !== undefined && defaultMs <= maxMs) set.add(defaultMs);
  return [...set].sort((a, b) => a - b);
}

/** A duration typed in the command, if the form may offer it: whole minutes, within the role's maximum. */
export function typedChoice(maxMs: number, typedMs: number | undefined): number | undefined {
  return typedMs !== undefined && Number.isSafeInteger(typedMs) && typedMs >= 60_000 && typedMs % 60_000 === 0 && typedMs <= maxMs ? typedMs : undefined;
}

/** Every duration the form offers for a role: the usual ones, the role's default and maximum, and the typed one. */
export function offeredDurations(role: Pick<AccessRole, 'maxDuration' | 'defaultDuration'>, typedMs?: number): number[] {
  const choices = durationChoices(role.maxDuration, role.defaultDuration);
  const typed = typedChoice(role.maxDuration, typedMs);
  if (typed !== undefined && !choices.includes(typed)) choices.push(typed);
  return choices.sort((a, b) => a - b);
}

/**
 * Why a submitted option value is not one the form offered, or undefined. Slack sends back whatever
 * the client posts, so the value is checked against the offer and the policy on every submission:
 * exactly the decimal text of an offered duration, nothing else (`0`, `1000`, `60000.0`, ` 900000`).
 */
export function offeredDurationProblem(roleName: string, role: Pick<AccessRole, 'maxDuration' | 'defaultDuration'>, value: string | undefined, typedMs?: number): string | undefined {
  if (value === undefined || value === '') return 'Choose how long you need access.';
  const offered = offeredDurations(role, typedMs);
  if (offered.some((ms) => String(ms) === value)) return undefined;
  return `That duration is not one of the choices for ${roleName}; choose one of: ${offered.map(formatDuration).join(', ')}.`;
}

/** Why this duration cannot be asked for this role, or undefined when it can. */
export function durationProblem(roleName: string, role: Pick<AccessRole, 'maxDuration'>, ms: number): string | undefined {
  if (!(ms > 0)) return 'Choose how long you need access.';
  if (ms > role.maxDuration) {
    return `${formatDuration(ms)} is longer than ${roleName} allows: at most ${formatDuration(role.maxDuration)}. Ask for ${formatDuration(role.maxDuration)} or less.`;
  }
  return undefined;
}

/** Break-glass only where the role allows it and the duration fits its shorter maximum. */
export function breakGlassFits(role: Pick<AccessRole, 'breakGlass'>, ms: number): boolean {
  return role.breakGlass.enabled && ms <= role.breakGlass.maxDuration;
}
