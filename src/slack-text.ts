/** Small mrkdwn helpers for any message the bot writes to Slack: escaping, code spans, dates, lists. */

/** Slack's three control characters; anything a user typed goes through this before it is shown. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * User text shown as inline code: escaped like any user text, and a backtick (which would end the
 * code span and let the rest be read as mrkdwn) shown as a straight quote.
 */
export function codeSpan(text: string): string {
  return '`' + escapeMrkdwn(text).replace(/`/g, "'") + '`';
}

/** Text shown as a code block: escaped, and unable to close its own block (a ``` inside is broken up). */
export function codeBlock(text: string): string {
  return '```' + escapeMrkdwn(text).replace(/```/g, '`\u200b`\u200b`') + '```';
}

export function mention(user: string): string {
  return `<@${user}>`;
}

/** `2026-11-25 10:05 UTC`: the same for every reader, whatever their time zone. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Cuts text to `max` characters, saying so, so a block never breaks Slack's limits. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = '… (cut)';
  return text.slice(0, Math.max(0, max - marker.length)) + marker;
}
