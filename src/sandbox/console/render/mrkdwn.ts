import { slackDate } from './dates';
import { replaceEmoji } from './emoji';
import { decodeSlackEntities, escapeHtml } from './html';
import type { Reader } from './reader';

/**
 * Slack's mrkdwn as HTML: code blocks, inline code, links, mentions and dates first (their insides are
 * not formatted), then bold, italic and strike at word boundaries (so bold may hold inline code, as
 * in Slack), quotes and line breaks.
 */
export function mrkdwnToHtml(text: string, reader: Reader): string {
  return text
    .split('```')
    .map((part, index) =>
      index % 2 === 1
        ? `<pre class="code-block"><code>${escapeHtml(decodeSlackEntities(trimFence(part)))}</code></pre>`
        : formatted(part, reader),
    )
    .join('');
}

/** Plain text (header blocks, button labels): escaped, with emoji codes as characters. */
export function plainToHtml(text: string): string {
  return escapeHtml(replaceEmoji(decodeSlackEntities(text)));
}

function trimFence(code: string): string {
  return code.replace(/^\n/, '').replace(/\n$/, '');
}

/** Placeholders keep inline code and rendered tokens away from the bold/italic patterns. */
const HOLE = '\u0000';

function formatted(text: string, reader: Reader): string {
  const holes: string[] = [];
  const hold = (html: string) => `${HOLE}${holes.push(html) - 1}${HOLE}`;
  // A backtick without a partner is just a backtick.
  const withCode = text.replace(/`([^`]+)`/g, (_whole, code: string) => hold(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`));
  const withTokens = withCode.replace(/<([^<>\n]+)>/g, (_whole, inner: string) => hold(token(inner, reader)));
  let html = escapeHtml(replaceEmoji(decodeSlackEntities(withTokens)));
  html = html
    .replace(/(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])/g, '<strong>$1</strong>')
    .replace(/(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])/g, '<em>$1</em>')
    .replace(/(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])/g, '<s>$1</s>');
  html = quotes(html);
  return html.replace(new RegExp(`${HOLE}(\\d+)${HOLE}`, 'g'), (_whole, index: string) => holes[Number(index)] ?? '');
}

/** `> ` lines become one blockquote per run of lines; other newlines become <br>. */
function quotes(html: string): string {
  const out: string[] = [];
  let quoted: string[] = [];
  const flush = () => {
    if (quoted.length > 0) out.push(`<blockquote>${quoted.join('<br>')}</blockquote>`);
    quoted = [];
  };
  const lines = html.split('\n');
  lines.forEach((line, index) => {
    const match = /^&gt;\s?(.*)$/.exec(line);
    if (match) {
      quoted.push(match[1]);
      return;
    }
    flush();
    out.push(line + (index < lines.length - 1 ? '<br>' : ''));
  });
  flush();
  return out.join('');
}

/** One `<…>` token: a mention, a channel, a user group, a date, a special mention or a link. */
function token(inner: string, reader: Reader): string {
  const { directory } = reader;
  const [target, label] = splitLabel(inner);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return mention(`@${label ?? directory.users[id] ?? id}`, 'user');
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return mention(`#${label ?? directory.channels[id] ?? id}`, 'channel');
  }
  if (target.startsWith('!subteam^')) {
    const id = target.slice('!subteam^'.length);
    const name = label ?? (directory.usergroups[id] !== undefined ? `@${directory.usergroups[id]}` : id);
    return mention(name.startsWith('@') ? name : `@${name}`, 'usergroup');
  }
  if (target.startsWith('!date^')) return dateHtml(target.slice('!date^'.length), label, reader);
  if (target.startsWith('!')) {
    const special = target.slice(1).split('^')[0];
    return mention(`@${label ?? special}`, 'special');
  }
  if (isLink(target)) return link(target, escapeHtml(decodeSlackEntities(label ?? target)));
  return escapeHtml(`<${decodeSlackEntities(inner)}>`);
}

function isLink(target: string): boolean {
  return /^(https?:|mailto:)/i.test(target);
}

function link(target: string, html: string): string {
  return `<a href="${escapeHtml(decodeSlackEntities(target))}" target="_blank" rel="noopener noreferrer">${html}</a>`;
}

/** A date is text, not a chip: the moment in the reader's zone, with UTC on hover. */
function dateHtml(body: string, fallback: string | undefined, reader: Reader): string {
  const date = slackDate(body, fallback === undefined ? undefined : decodeSlackEntities(fallback), reader);
  const text = escapeHtml(date.text);
  const html =
    date.iso === undefined
      ? text
      : `<time class="date" datetime="${date.iso}" title="${date.iso.slice(0, 16).replace('T', ' ')} UTC">${text}</time>`;
  return date.link !== undefined && isLink(date.link) ? link(date.link, html) : html;
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar < 0 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}

function mention(text: string, kind: string): string {
  return `<span class="mention mention-${kind}">${escapeHtml(text)}</span>`;
}
