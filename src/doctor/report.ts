import type { CheckResult, CheckStatus } from './types';

const MARK: Readonly<Record<CheckStatus, string>> = { ok: 'ok          ', missing: 'MISSING     ', 'not-verified': 'not verified' };

/** One line per check (and its fix below it), grouped by area, then the tally under `label`. Plain text for a terminal. */
export function reportLines(results: readonly CheckResult[], label = 'doctor'): string[] {
  const lines: string[] = [];
  let area: string | undefined;
  for (const result of results) {
    if (result.area !== area) {
      area = result.area;
      lines.push('', `== ${area}`);
    }
    const where = result.target ? `[${result.target}] ` : '';
    const optional = result.optional && result.status !== 'ok' ? ' (optional)' : '';
    lines.push(`${MARK[result.status]}  ${where}${result.name}${optional}${result.detail ? `: ${result.detail}` : ''}`);
    if (result.fix && result.status === 'missing') lines.push(`              fix: ${result.fix}`);
  }
  const count = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  lines.push(
    '',
    `${label}: ${count('ok')} ok, ${count('missing')} missing (${requiredMissing(results)} required), ${count('not-verified')} not verified`,
  );
  return lines;
}

/** Missing checks that are not optional: any makes the doctor fail. */
export function requiredMissing(results: readonly CheckResult[]): number {
  return results.filter((r) => r.status === 'missing' && !r.optional).length;
}
