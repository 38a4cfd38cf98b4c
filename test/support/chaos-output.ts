/** The figures `npm run chaos` prints, read back from its output. */
export interface ChaosSummary {
  tried: number;
  refused: number;
  executed: number;
  lost: number;
  leaked: number;
  revokeLagSeconds: number;
}

export interface ChaosAreaFigures {
  area: string;
  skipped?: string;
  figures?: { tried: number; refused: number; executed: number; lost: number; leaked: number };
}

const SUMMARY =
  /^chaos: (\d+) tried, (\d+) refused, (\d+) executed-unexpected, (\d+) lost, (\d+) leaked, revoke lag max (\d+(?:\.\d+)?) s$/;

/** The closing line; undefined when the output does not end with exactly one. */
export function readSummary(stdout: string): ChaosSummary | undefined {
  const lines = stdout.trimEnd().split('\n');
  const match = SUMMARY.exec(lines[lines.length - 1] ?? '');
  if (!match || lines.filter((line) => SUMMARY.test(line)).length !== 1) return undefined;
  const [tried, refused, executed, lost, leaked, lag] = match.slice(1).map(Number);
  return { tried, refused, executed, lost, leaked, revokeLagSeconds: lag };
}

/** Each `== area` table: its row of figures, or why it was skipped. */
export function readAreas(stdout: string): ChaosAreaFigures[] {
  const lines = stdout.split('\n');
  const areas: ChaosAreaFigures[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('== ')) return;
    const area = line.slice(3);
    const next = lines[i + 1] ?? '';
    if (next.startsWith('skipped: ')) return areas.push({ area, skipped: next.slice('skipped: '.length) });
    const [tried, refused, executed, lost, leaked] = (lines[i + 2] ?? '').trim().split(/\s+/).map(Number);
    areas.push({ area, figures: { tried, refused, executed, lost, leaked } });
  });
  return areas;
}
