import type { types } from '@slack/bolt';
import { codeBlock, escapeMrkdwn, plural, truncate } from '../../slack-text';
import type { DriftResult, Finding } from './types';

/** Slack takes 50 blocks a message and 3,000 characters a section: a long drift is cut, and says so. */
const MAX_FINDINGS_SHOWN = 20;
const MAX_STATEMENTS_SHOWN = 6;
const SECTION_CHARS = 2_900;

const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_CHARS) } });

/** One finding: what differs, the statements that fix it, who loses what, and any advice. */
export function findingText(finding: Finding, index: number): string {
  const lines = [`*${index + 1}.* ${escapeMrkdwn(finding.summary)}`];
  if (finding.loses) lines.push(`:bust_in_silhouette: ${escapeMrkdwn(finding.loses)}`);
  if (finding.advice) lines.push(`:bulb: ${escapeMrkdwn(finding.advice)}`);
  if (finding.fix.length > 0) {
    const shown = finding.fix.slice(0, MAX_STATEMENTS_SHOWN).map((s) => `${s.sql};`);
    const more = finding.fix.length - shown.length;
    lines.push(codeBlock(shown.join('\n')) + (more > 0 ? `\n…and ${plural(more, 'more statement')}.` : ''));
  }
  return lines.join('\n');
}

/** `grants check` for one target (or the drift task's new findings): a headline, what the bot could not see, each finding, and notes. */
export function driftBlocks(target: string, result: DriftResult, which: 'all' | 'new' = 'all'): types.KnownBlock[] {
  const count = result.findings.length;
  const headline =
    count === 0
      ? `:white_check_mark: *${escapeMrkdwn(target)}* matches its \`permissions\` baseline in chatops.yml${result.complete ? '.' : ', as far as the bot can see.'}`
      : `:warning: *${escapeMrkdwn(target)}*: ${plural(count, which === 'new' ? 'new difference' : 'difference')} from its \`permissions\` baseline in chatops.yml.` +
        (which === 'new'
          ? ` \`/redshift grants check ${escapeMrkdwn(target)}\` lists them all; \`grants apply\` asks approvers to fix them.`
          : '');
  const blocks: types.KnownBlock[] = [section(headline)];
  if (!result.complete) blocks.push(section(`:eyes: Not a complete answer: ${escapeMrkdwn(result.why)}`));
  result.findings.slice(0, MAX_FINDINGS_SHOWN).forEach((finding, index) => blocks.push(section(findingText(finding, index))));
  if (count > MAX_FINDINGS_SHOWN)
    blocks.push(section(`…and ${plural(count - MAX_FINDINGS_SHOWN, 'more difference')}; fix these first, then check again.`));
  if (result.notes.length > 0) blocks.push(section(`:memo: ${result.notes.map((note) => escapeMrkdwn(note)).join('\n:memo: ')}`));
  return blocks;
}

/** The text fallback (notifications, screen readers): the headline only. */
export function driftSummary(target: string, result: DriftResult): string {
  const count = result.findings.length;
  return count === 0
    ? `${target} matches its permissions baseline.`
    : `${target}: ${plural(count, 'difference')} from its permissions baseline.`;
}
