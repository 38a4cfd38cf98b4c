/** The figures one chaos area reports, and how they are printed. */
export interface Tally {
  area: string;
  tried: number;
  /** Inputs answered with a refusal that changed nothing (bad input, bad request). */
  refused: number;
  /** A hostile or invalid input that caused a change: an AWS call, a mutating SQL statement, an approvals post. */
  executed: number;
  /** An acknowledged decision or grant not recorded or not announced (or announced and not done). */
  lost: number;
  /** A secret or unescaped mrkdwn reaching a requester-visible message. */
  leaked: number;
  /** Worst seconds a grant stayed held after AWS answered again (faults area only). */
  revokeLagSeconds?: number;
  /** Set when the area could not run; its figures are then all zero. */
  skipped?: string;
  /** One line per unexpected outcome, so a non-zero figure can be traced to its input. */
  findings: string[];
  /** Extra figures worth printing (burst ack times, lag past the grant's end). */
  notes: string[];
}

export function emptyTally(area: string): Tally {
  return { area, tried: 0, refused: 0, executed: 0, lost: 0, leaked: 0, findings: [], notes: [] };
}

const COLUMNS = ['tried', 'refused', 'executed', 'lost', 'leaked'] as const;

/** The table printed for one area: a header, one row of figures, then notes and findings. */
export function formatTable(tally: Tally, maxFindings = 20): string {
  const lines = [`== ${tally.area}`];
  if (tally.skipped) return [...lines, `skipped: ${tally.skipped}`].join('\n');
  lines.push(COLUMNS.map((c) => c.padStart(9)).join(' '));
  lines.push(COLUMNS.map((c) => String(tally[c]).padStart(9)).join(' '));
  if (tally.revokeLagSeconds !== undefined) lines.push(`revoke lag max ${tally.revokeLagSeconds} s`);
  for (const note of tally.notes) lines.push(`  ${note}`);
  for (const finding of tally.findings.slice(0, maxFindings)) lines.push(`  ! ${finding}`);
  if (tally.findings.length > maxFindings) lines.push(`  ! … and ${tally.findings.length - maxFindings} more`);
  return lines.join('\n');
}

/** The one closing line, summed over every area. */
export function summaryLine(tallies: readonly Tally[]): string {
  const sum = (key: (typeof COLUMNS)[number]) => tallies.reduce((total, t) => total + t[key], 0);
  const lag = Math.max(0, ...tallies.map((t) => t.revokeLagSeconds ?? 0));
  return `chaos: ${sum('tried')} tried, ${sum('refused')} refused, ${sum('executed')} executed-unexpected, ${sum('lost')} lost, ${sum('leaked')} leaked, revoke lag max ${lag} s`;
}
