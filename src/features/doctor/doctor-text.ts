import type { types } from '@slack/bolt';
import { requiredMissing } from '../../doctor/report';
import type { CheckResult, CheckStatus } from '../../doctor/types';
import { redactAccountDetails } from '../../redshift/redact';
import { escapeMrkdwn, truncate } from '../../slack-text';

/** Slack's limits: a section's text, and the blocks of one message. */
export const SECTION_MAX = 3000;
export const BLOCKS_MAX = 50;

/**
 * Tokens that must never reach a channel, whatever a check's text holds: Slack tokens and AWS access
 * key ids. The checks never put one in their text; this keeps it so if one ever does.
 */
const SECRETS = /\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;

/**
 * A check's own words as Slack shows them: escaped, secrets masked, and account ids and ARNs left out
 * as in every message the bot sends to people (`npm run doctor` prints them in full).
 */
export function shown(text: string): string {
  return escapeMrkdwn(redactAccountDetails(text.replace(SECRETS, '[hidden]')));
}

function count(results: readonly CheckResult[], status: CheckStatus): number {
  return results.filter((r) => r.status === status).length;
}

/** `12 ok, 1 missing (1 required), 2 not verified`, as `npm run doctor` ends. */
export function summaryLine(results: readonly CheckResult[]): string {
  return `${count(results, 'ok')} ok, ${count(results, 'missing')} missing (${requiredMissing(results)} required), ${count(results, 'not-verified')} not verified`;
}

function where(result: CheckResult): string {
  return result.target ? `[${shown(result.target)}] ` : '';
}

function missingLine(result: CheckResult): string {
  const optional = result.optional ? ' _(optional)_' : '';
  const lines = [`:x: *${where(result)}${shown(result.name)}*${optional}`];
  if (result.detail) lines.push(`      ${shown(result.detail)}`);
  if (result.fix) lines.push(`      *Fix:* ${shown(result.fix)}`);
  return lines.join('\n');
}

function notVerifiedLine(result: CheckResult): string {
  const optional = result.optional ? ' _(optional)_' : '';
  return `:grey_question: ${where(result)}${shown(result.name)}${optional}${result.detail ? `: ${shown(result.detail)}` : ''}`;
}

function okItem(result: CheckResult): string {
  return `${where(result)}${shown(result.name)}`;
}

interface Group {
  status: CheckStatus;
  heading: string;
  items: string[];
  joiner: string;
}

function groups(results: readonly CheckResult[]): Group[] {
  const of = (status: CheckStatus) => results.filter((r) => r.status === status);
  const missing = of('missing');
  const unverified = of('not-verified');
  const ok = of('ok');
  return [
    { status: 'missing' as const, heading: `*Missing (${missing.length})*`, items: missing.map(missingLine), joiner: '\n' },
    {
      status: 'not-verified' as const,
      heading: `*Not verified (${unverified.length})*`,
      items: unverified.map(notVerifiedLine),
      joiner: '\n',
    },
    { status: 'ok' as const, heading: `*:white_check_mark: OK (${ok.length})*`, items: ok.map(okItem), joiner: ' · ' },
  ].filter((group) => group.items.length > 0);
}

/** The statuses in the order the report lists them. */
const STATUSES: readonly CheckStatus[] = ['missing', 'not-verified', 'ok'];

const WORDS: Readonly<Record<CheckStatus, string>> = { missing: 'missing', 'not-verified': 'not verified', ok: 'ok' };

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/**
 * The doctor's answer in Slack: the tally and verdict, then what is missing with its fix, then what
 * could not be told, then the ok checks compactly. Sections are filled up to Slack's 3000 characters
 * and the message to its 50 blocks; what does not fit is counted at the end ("and 4 more ok"), never
 * dropped silently.
 */
export function doctorMessage(
  results: readonly CheckResult[],
  options: { target?: string } = {},
): { text: string; blocks: types.KnownBlock[] } {
  const required = requiredMissing(results);
  const scope = options.target ? ` for *${shown(options.target)}* (its checks and the shared ones)` : '';
  const verdict =
    required === 0
      ? ':white_check_mark: Nothing required is missing.'
      : `:x: ${required} required ${required === 1 ? 'piece is' : 'pieces are'} missing: the bot fails where ${required === 1 ? 'it is' : 'they are'} needed.`;
  const summary = summaryLine(results);
  const blocks: types.KnownBlock[] = [section(`*Setup check*${scope}: ${summary}\n${verdict}`)];
  // One block is kept for the note of what did not fit.
  const room = BLOCKS_MAX - 1;
  const left: Record<CheckStatus, number> = { missing: 0, 'not-verified': 0, ok: 0 };
  for (const group of groups(results)) {
    let text = group.heading;
    let placed = 0;
    const flush = () => {
      if (blocks.length < room) blocks.push(section(text));
      else left[group.status] += placed;
    };
    for (const raw of group.items) {
      const item = truncate(raw, SECTION_MAX - 50);
      const separator = placed === 0 ? '\n' : group.joiner;
      if (text.length + separator.length + item.length > SECTION_MAX) {
        flush();
        text = item;
        placed = 1;
        continue;
      }
      text += separator + item;
      placed += 1;
    }
    flush();
  }
  const notShown = STATUSES.filter((status) => left[status] > 0);
  if (notShown.length > 0) {
    const more = notShown.map((status) => `${left[status]} more ${WORDS[status]}`).join(', ');
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${more}, beyond what one Slack message holds: \`npm run doctor\` prints every line.` }],
    });
  }
  return { text: `Setup check${options.target ? ` for ${options.target}` : ''}: ${summary}`, blocks };
}
