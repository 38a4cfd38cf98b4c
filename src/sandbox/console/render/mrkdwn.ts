import type { Directory } from '../types';
import { replaceEmoji } from './emoji';
import { decodeSlackEntities, escapeHtml } from './html';

/**
 * Slack's mrkdwn as HTML: code blocks, inline code, links and mentions first (their insides are not
 * formatted), then bold, italic and strike at word boundaries, quotes and line breaks.
 */
export function mrkdwnToHtml(text: string, directory: Directory): string {
  return text
    .split('```')
    .map((part, index) => (index % 2 === 1 ? `<pre class="code-block"><code>${escapeHtml(decodeSlackEntities(trimFence(part)))}</code></pre>` : inlineParts(part, directory)))
    .join('');
}

/** Plain text (header blocks, button labels): escaped, with emoji codes as characters. */
export function plainToHtml(text: string): string {
  return escapeHtml(replaceEmoji(decodeSlackEntities(text)));
}

function trimFence(code: string): string {
  return code.replace(/^\n/, '').replace(/\n$/, '');
}

function inlineParts(text: string, directory: Directory): string {
  return text
    .split('`')
    .map((part, index, all) => {
      // An unmatched backtick (odd count, last part) is just a backtick.
      if (index % 2 === 1 && index < all.length - 1) return `<code>${escapeHtml(decodeSlackEntities(part))}</code>`;
      return (index % 2 === 1 ? '`' : '') + formatted(part, directory);
    })
    .join('');
}

/** Placeholders keep rendered tokens away from the bold/italic patterns. */
const HOLE = '\u0000';

function formatted(text: string, directory: Directory): string {
  const holes: string[] = [];
  const hold = (html: string) => `${HOLE}${holes.push(html) - 1}${HOLE}`;
  const withTokens = text.replace(/<([^<>\n]+)>/g, (_whole, inner: string) => hold(token(inner, directory)));
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

/** One `<…>` token: a mention, a channel, a user group, a special mention or a link. */
function token(inner: string, directory: Directory): string {
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
  if (target.startsWith('!')) {
    const special = target.slice(1).split('^')[0];
    return mention(`@${label ?? special}`, 'special');
  }
  if (/^(https?:|mailto:)/i.test(target)) {
    const href = escapeHtml(decodeSlackEntities(target));
    return `<a href="${href}" target="_blank" rel="noopener noreferrer">${escapeHtml(decodeSlackEntities(label ?? target))}</a>`;
  }
  return escapeHtml(`<${decodeSlackEntities(inner)}>`);
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar < 0 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}

function mention(text: string, kind: string): string {
  return `<span class="mention mention-${kind}">${escapeHtml(text)}</span>`;
}
