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
